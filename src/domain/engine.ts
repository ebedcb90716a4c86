// The value model's entry point: a pure function of (records, config, asOf) giving every
// company's customer value, cost-to-serve, segment, schedule, flag and action (§3). Each step
// of §3 is a named function, called in the order the sections build on each other: value,
// cost and strategic value per company first (company-figures.ts), then against the
// population the segment, pyramid level, schedule, service flag, action and explanation.
import { accumulatePortfolio, companyIndex, PortfolioFigures, rankedFigures as ranked, type CompanyFigures } from './company-figures.ts';
import { summarizeSchedule, touchpointStatus } from './contact-schedule.ts';
import { FigureAccumulator } from './figure-accumulator.ts';
import { explain } from './explanation.ts';
import type { ValueModelConfig } from './model-config.ts';
import { activeOverrides, overrideAgreement } from './overrides.ts';
import { pyramidLevel } from './pyramid.ts';
import { classify, RankingBuilder, type Classification, type Ranking, type RankedFigures } from './ranking.ts';
import type { Company, Instant, Override, Portfolio, Segment, SlotIndex } from './records.ts';
import { recommendAction, type RecommendedAction } from './recommended-action.ts';
import type { CompanyResult, OverrideAgreement, TouchpointStatus } from './results.ts';
import { serviceLevel, type ServiceLevel } from './service-level.ts';
import type { StrategicShares } from './strategic-value.ts';

export interface ComputeOptions {
  /**
   * Compute results for these companies only (an incremental run). The portfolio must
   * still hold every company their relations point at.
   */
  only?: ReadonlySet<string>;
  /**
   * The rest of the population the segments and ranks are measured against: the stored
   * figures of companies not being recomputed. Without it the whole portfolio is the population.
   */
  population?: readonly RankedFigures[];
  /**
   * The ranking already made over the whole population (a sharded run ranks once, then each
   * shard classifies its companies against it): population is not read then.
   */
  ranking?: Ranking;
}

export interface PortfolioResult {
  asOf: Instant;
  results: CompanyResult[];
  agreement: OverrideAgreement;
}

/** What every company's steps read besides its own figures; built once per run. */
interface RunContext {
  config: ValueModelConfig;
  asOf: Instant;
  ranking: Ranking;
  overrides: ReadonlyMap<string, Override>;
  accumulator: FigureAccumulator;
}

/** The portfolio's companies, relations and overrides: what a run needs besides the deals and activities it has accumulated. */
export type PortfolioFrame = Pick<Portfolio, 'companies' | 'relations' | 'overrides'>;

export function computePortfolio(portfolio: Portfolio, config: ValueModelConfig, asOf: Instant, options: ComputeOptions = {}): PortfolioResult {
  const indexOf = companyIndex(portfolio.companies);
  return computeFromAccumulated(portfolio, accumulatePortfolio(portfolio, indexOf, config, asOf), indexOf, config, asOf, options);
}

/**
 * The results once every deal and activity has been added to `accumulator` (slot i is
 * frame.companies[i], `indexOf` maps ids to slots): a run that streams its records.
 */
export function computeFromAccumulated(
  frame: PortfolioFrame,
  accumulator: FigureAccumulator,
  indexOf: SlotIndex,
  config: ValueModelConfig,
  asOf: Instant,
  options: ComputeOptions = {},
): PortfolioResult {
  const results = [...rankedResults(frame, accumulator, indexOf, config, asOf, options)];
  return { asOf, results, agreement: overrideAgreement(results) };
}

/**
 * The same results one company at a time, made as they are asked for: the ranking is built
 * first (it needs every company's total value), then each result can be written and dropped,
 * so a run of 100,000 companies never holds all its results.
 */
export function rankedResults(
  frame: PortfolioFrame,
  accumulator: FigureAccumulator,
  indexOf: SlotIndex,
  config: ValueModelConfig,
  asOf: Instant,
  options: ComputeOptions = {},
): RankedResults {
  const figures = PortfolioFigures.fromRelations(frame.companies, frame.relations, accumulator, indexOf, config);
  const slots = targetSlots(frame, options);
  const overrides = activeOverrides(frame.overrides, asOf, config.schedule.timezone);
  // Ranking needs every company's line first; each company's figures are made again for its result, none kept.
  // It is made when first needed, so a part of the run can be handed to another thread before.
  let context: RunContext | null = null;
  const run = (): RunContext => (context ??= { config, asOf, ranking: options.ranking ?? rankPopulation(figures, slots, options, config), overrides, accumulator });
  const between = (from: number, to: number) => resultsOf(slots.slice(from, to), figures, run());
  return {
    count: slots.length,
    [Symbol.iterator]: () => between(0, slots.length),
    between,
    get ranking() {
      return run().ranking;
    },
    part(from, to) {
      // Plain loops: Float64Array.from with a function and flatMap took ~60 ms for 50,000 companies, while the other core waited.
      const chosen = slots.slice(from, to);
      const shares = figures.shares;
      const companies = new Array<Company>(chosen.length);
      const picked = { referral: new Float64Array(chosen.length), influence: new Float64Array(chosen.length), toOthers: new Float64Array(chosen.length) };
      const active: Override[] = [];
      for (let k = 0; k < chosen.length; k++) {
        const slot = chosen[k]!;
        const company = (companies[k] = frame.companies[slot]!);
        picked.referral[k] = shares.referral[slot]!;
        picked.influence[k] = shares.influence[slot]!;
        picked.toOthers[k] = shares.toOthers[slot]!;
        const override = overrides.get(company.id);
        if (override) active.push(override);
      }
      return { companies, running: accumulator.exportSlots(chosen), shares: picked, overrides: active };
    },
  };
}

/** The results of a run, made one by one. */
export interface RankedResults extends Iterable<CompanyResult> {
  readonly count: number;
  /** The results at positions from…to of the run's order (the iterator gives 0…count). */
  between(from: number, to: number): Iterable<CompanyResult>;
  /** The ranking the results are classified against (made on first use, here or by the results). */
  readonly ranking: Ranking;
  /** What partResults needs besides the ranking to make the results at positions from…to elsewhere (another thread). */
  part(from: number, to: number): ResultPart;
}

/**
 * Some of a ranked run's results as plain data — their companies, running figures, strategic
 * shares and active overrides — from which partResults, given the run's ranking, makes exactly
 * the results the run makes for them, in another thread (structured-clonable; the typed
 * arrays can be transferred). It does not need the ranking: it can be handed over first.
 */
export interface ResultPart {
  companies: Company[];
  /** FigureAccumulator.exportSlots of the companies, in their order. */
  running: Float64Array;
  /** The strategic shares of the companies, in their order. */
  shares: StrategicShares;
  /** The active override of each company that has one. */
  overrides: Override[];
}

/** The results of a part, in its order: the same, to the last bit, as the run it came from makes for those companies. */
export function* partResults(part: ResultPart, ranking: Ranking, config: ValueModelConfig, asOf: Instant): Generator<CompanyResult> {
  const accumulator = FigureAccumulator.fromSlots(part.running, config, asOf);
  const figures = new PortfolioFigures(part.companies, accumulator, part.shares, config);
  const context: RunContext = { config, asOf, ranking, overrides: new Map(part.overrides.map((o) => [o.companyId, o])), accumulator };
  yield* resultsOf(part.companies.keys(), figures, context);
}

/** The results of these slots, one by one: each company's figures made, ranked and taken through §3.3–3.6. */
function* resultsOf(slots: Iterable<number>, figures: PortfolioFigures, run: RunContext): Generator<CompanyResult> {
  for (const slot of slots) {
    const f = figures.of(slot);
    yield companyResult(slot, f, ranked(f), run);
  }
}

/** The slots of the companies to compute: all of them, or `only`'s. */
function targetSlots(frame: PortfolioFrame, options: ComputeOptions): number[] {
  const slots: number[] = [];
  for (let slot = 0; slot < frame.companies.length; slot++) if (!options.only || options.only.has(frame.companies[slot]!.id)) slots.push(slot);
  return slots;
}

/**
 * The companies segments and ranks are measured against (§3.3), condensed into a Ranking: the
 * whole portfolio, or the targets and the stored figures of the rest. Each company's line goes
 * straight into the builder and is dropped: 100,000 of them kept in a list until the ranking
 * was built were copied by every young-generation collection on the way to the old one.
 */
function rankPopulation(figures: PortfolioFigures, slots: readonly number[], options: ComputeOptions, config: ValueModelConfig): Ranking {
  const builder = new RankingBuilder(config);
  if (!options.population) {
    for (let slot = 0; slot < figures.count; slot++) builder.add(ranked(figures.of(slot)));
    return builder.build();
  }
  const computed = new Set<string>();
  for (const slot of slots) {
    const line = ranked(figures.of(slot));
    computed.add(line.companyId);
    builder.add(line);
  }
  for (const p of options.population) if (!computed.has(p.companyId)) builder.add(p);
  return builder.build();
}

/** One company (slot `slot` of the accumulator) through §3.3–3.6, given its own figures (§3.1–3.2). */
function companyResult(slot: number, f: CompanyFigures, rankedFigures: RankedFigures, run: RunContext): CompanyResult {
  const { config, asOf } = run;
  const c = classify(rankedFigures, run.ranking, config);
  const override = run.overrides.get(f.company.id) ?? null;
  const segment = segmentOf(c, override);
  const level = pyramidLevel({ segmentComputed: c.segmentComputed, inTop: c.inTop, wonEver: f.wonEver, hasOpenDeal: f.hasOpenDeal });
  const contacts = contactSchedule(slot, segment, run);
  const schedule = summarizeSchedule(segment, contacts);
  const service = serviceLevel(segment, f.costToServeRatio, f.grossMargin, contacts, config, asOf);
  const averageOrderValue = f.orders > 0 ? f.revenue / f.orders : null;
  const action = actionOf(f, segment, averageOrderValue, service, c, config);
  const explanation = explain(f, { segment, override, pyramidLevel: level, classification: c, customers: run.ranking.customers }, config);

  return {
    companyId: f.company.id,
    name: f.company.name,
    ownerId: f.company.ownerId ?? null,
    isCustomer: f.isCustomer,
    customerYearBefore: f.revenueYearBefore > 0,
    revenue: f.revenue,
    grossMargin: f.grossMargin,
    wonDeals: f.wonDeals,
    orders: f.orders,
    averageOrderValue,
    retention: f.retention,
    clv: f.clv,
    estimatedWallet: f.estimatedWallet,
    shareOfWallet: f.shareOfWallet,
    growthPotential: f.growthPotential,
    referralValue: f.referralValue,
    influenceValue: f.influenceValue,
    referenceValue: f.referenceValue,
    knowledgeValue: f.knowledgeValue,
    strategicValue: f.strategicValue,
    totalValue: f.totalValue,
    satisfaction: f.company.satisfaction ?? null,
    satisfactionResponses: f.company.satisfactionResponses ?? null,
    costBreakdown: f.costBreakdown,
    costToServe: f.costToServe,
    netContribution: f.netContribution,
    costToServeRatio: f.costToServeRatio,
    activityCounts: f.activityCounts,
    valueToOthers: f.valueToOthers,
    segment,
    segmentComputed: c.segmentComputed,
    override,
    valueScore: c.valueScore,
    valueRank: c.valueRank,
    pyramidLevel: level,
    contacts,
    nextContactDate: schedule.nextContactDate,
    contactOverdue: schedule.contactOverdue,
    contactPlan: schedule.contactPlan,
    serviceFlag: service.flag,
    serviceDetail: service.detail,
    recommendedAction: action.code,
    recommendedActionText: action.text,
    drivers: explanation.drivers,
    explanation: explanation.sentence,
  };
}

/** §3.3: an active override wins — also on a company without revenue, which has no computed segment. */
function segmentOf(c: Classification, override: Override | null): Segment | null {
  return override?.segment ?? c.segmentComputed;
}

/** §3.5: the touchpoints of the segment with their last contact and next due date (none without a segment). */
function contactSchedule(slot: number, segment: Segment | null, run: RunContext): TouchpointStatus[] {
  // Every company's list from this one literal, filled by push: V8 then gives the empty lists and
  // the full ones the same hidden class. Returning [] for some and touchpoints.map(…) for others
  // gave the lists two or three classes (map's result differs between its interpreted and
  // optimized forms), and each new one threw the optimized code of the functions reading the
  // lists (summarizeSchedule, serviceLevel) away to be compiled again, on each thread.
  const statuses: TouchpointStatus[] = [];
  if (segment === null) return statuses;
  const touchpoints = run.config.contacts.schedule[segment];
  for (let k = 0; k < touchpoints.length; k++) statuses.push(touchpointStatus(touchpoints[k]!, run.accumulator.lastContact(slot, segment, k), run.asOf));
  return statuses;
}

const NO_TREATMENT: RecommendedAction = { code: 'maintain', text: 'Not a customer in the window: no customer treatment yet.' };

/** §3.6: the first rule that fits the segment; a company without a segment gets no treatment yet. */
function actionOf(f: CompanyFigures, segment: Segment | null, averageOrderValue: number | null, service: ServiceLevel, c: Classification, config: ValueModelConfig): RecommendedAction {
  if (segment === null) return NO_TREATMENT;
  return recommendAction(
    {
      segment,
      revenue: f.revenue,
      averageOrderValue,
      costBreakdown: f.costBreakdown,
      costToServe: f.costToServe,
      serviceFlag: service.flag,
      serviceDetail: service.detail,
      shareOfWallet: f.shareOfWallet,
      growthPotential: f.growthPotential,
      growthTopQuartile: c.growthTopQuartile,
      satisfaction: f.company.satisfaction ?? null,
      satisfactionResponses: f.company.satisfactionResponses ?? null,
    },
    config,
  );
}
