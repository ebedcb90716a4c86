// Use case: recompute a tenant — everything (full) or a set of changed companies with every
// company whose figures depend on them (incremental) — record the run, save the results as
// the live results, and work out what to write back. A run as of another moment than now is
// a what-if (§3.7): computed and returned, never stored or written.
import { companyIndex } from '../domain/company-figures.ts';
import { dependentCompanies } from '../domain/dependants.ts';
import { computePortfolio, rankedResults, type ComputeOptions } from '../domain/engine.ts';
import { FigureAccumulator } from '../domain/figure-accumulator.ts';
import type { ValueModelConfig } from '../domain/model-config.ts';
import { goalProgress, type GoalProgress } from '../domain/goals.ts';
import { pyramidMigration, type PyramidMigration } from '../domain/pyramid.ts';
import { SEGMENTS, type Instant, type Portfolio, type Segment } from '../domain/records.ts';
import { DAY_MS } from '../domain/time.ts';
import type { CompanyResult, OverrideAgreement, PyramidLevel } from '../domain/results.ts';
import { overrideAgreement } from '../domain/overrides.ts';
import type { CompanyUpdate } from './ports/crm.port.ts';
import type { Logger } from './ports/logger.port.ts';
import type { RunKind, RunRecord, Store, TenantId } from './ports/store.port.ts';
import type { RankingPopulation } from './ranking-population.ts';
import { moveFrame, moveSampleOn } from './sample/living-sample.ts';
import { changedValues } from './write-back.ts';

export interface RecomputeDeps {
  store: Store;
  config: ValueModelConfig;
  configHash: string;
  now: () => Instant;
  log: Logger;
  population: RankingPopulation;
}

export interface RecomputeOptions {
  /** Another moment than now makes the run a what-if: nothing is stored, nothing is to be written. */
  asOf?: Instant;
  /** Compute and diff, but store nothing. */
  dryRun?: boolean;
}

export interface RecomputeOutcome {
  run: RunRecord | null;
  asOf: Instant;
  /** The run's wall-clock time: what kw_calculated_at says. */
  calculatedAt: Instant;
  /** asOf is not the time of the run: the results replace nothing and go nowhere. */
  whatIf: boolean;
  results: CompanyResult[];
  agreement: OverrideAgreement;
  /** Moves since the previous full run (full live runs only). */
  migration: PyramidMigration | null;
  /** Values that differ from what the CRM last got (none for a what-if; none kept when a full run streamed its results). */
  updates: CompanyUpdate[];
  /** Companies, customers, per segment, per service flag, overrides and updates (what the run record keeps). */
  counts: Record<string, number>;
  /** The customer goals as this run measured them (full live runs only; kept with the run). */
  goals: GoalProgress[] | null;
}

interface Loaded extends ComputeOptions {
  portfolio: Portfolio;
}

export interface FullRunOptions extends RecomputeOptions {
  /**
   * Takes the results chunk by chunk as they are made and saved. With it the outcome holds
   * no results and no updates — a portfolio's worth of either is what this avoids — and the
   * changes go to the CRM through pendingUpdates. Without it both are kept in the outcome.
   */
  onResults?: (chunk: readonly CompanyResult[], run: { asOf: Instant; calculatedAt: Instant; whatIf: boolean }) => void | Promise<void>;
  /** Companies per chunk of results (default RESULT_CHUNK). */
  chunkSize?: number;
  /** Rows per chunk the store reads (default: the store's own). */
  scanChunkSize?: number;
}

/** Results are saved, diffed and handed on this many companies at a time. */
export const RESULT_CHUNK = 2000;

/**
 * A full run: every deal and activity streamed from the store into the engine's running
 * figures (never the whole portfolio at once), then the results made, saved and handed on
 * in chunks. What stays in memory is a few numbers per company.
 */
export async function recomputeAll(deps: RecomputeDeps, tenant: TenantId, options: FullRunOptions = {}): Promise<RecomputeOutcome> {
  return streamedRun(deps, tenant, 'full', null, options, deps.now());
}

/**
 * An incremental run: the given companies and every company whose figures depend on them
 * (§3.7), measured against the stored figures of the rest. Every incremental path — webhooks,
 * incremental sync, the card, the workflow action, `recalc --company` — comes through here.
 */
export async function recomputeCompanies(
  deps: RecomputeDeps,
  tenant: TenantId,
  companyIds: readonly string[],
  options: RecomputeOptions = {},
): Promise<RecomputeOutcome> {
  const calculatedAt = deps.now();
  // A what-if measures the companies against the whole portfolio as of its own moment.
  if (options.asOf !== undefined && options.asOf !== calculatedAt) return streamedRun(deps, tenant, 'incremental', new Set(companyIds), options, calculatedAt);
  return incrementalRun(deps, tenant, options, calculatedAt, async () => {
    const only = await withDependants(deps, tenant, companyIds);
    return {
      portfolio: await deps.store.loadCompanies(tenant, [...only]),
      only,
      population: await deps.population.others(tenant, only),
    };
  });
}

/** The companies plus every company that reads their figures (referrers, influencers, parents). */
export async function withDependants(deps: Pick<RecomputeDeps, 'store' | 'config'>, tenant: TenantId, companyIds: readonly string[]): Promise<Set<string>> {
  const changed = new Set(companyIds);
  if (changed.size === 0) return changed;
  const links = await deps.store.loadDependencyLinks(tenant, [...changed]);
  for (const id of dependentCompanies(changed, links, deps.config.strategic)) changed.add(id);
  return changed;
}

/** A run over the whole portfolio, streamed (see recomputeAll); `only` limits the results (an incremental what-if). */
async function streamedRun(
  deps: RecomputeDeps,
  tenant: TenantId,
  kind: RunKind,
  only: ReadonlySet<string> | null,
  options: FullRunOptions,
  calculatedAt: Instant,
): Promise<RecomputeOutcome> {
  const { store, config, log } = deps;
  const asOf = options.asOf ?? calculatedAt;
  const whatIf = asOf !== calculatedAt;
  const live = !whatIf && options.dryRun !== true;
  const run = live ? await store.startRun({ tenant, kind, startedAt: calculatedAt, asOf, configHash: deps.configHash }) : null;
  try {
    // A sample tenant's records move on to today first (living-sample.ts): stored by a live
    // run, by `days` as they are read in a dry run. A what-if reads them where they are.
    const days = whatIf ? 0 : await moveSampleOn(store, tenant, asOf, { keep: live });
    const by = days * DAY_MS;
    const frame = days === 0 ? await store.loadFrame(tenant) : moveFrame(await store.loadFrame(tenant), days);
    const indexOf = companyIndex(frame.companies);
    const accumulator = new FigureAccumulator(frame.companies.length, config, asOf);
    await store.scanRecords(tenant, {
      deal: (deal) => {
        const slot = indexOf.get(deal.companyId);
        deal.closeDate += by;
        if (slot !== undefined) accumulator.addDeal(slot, deal);
      },
      activity: (activity) => {
        const slot = indexOf.get(activity.companyId);
        activity.occurredAt += by;
        if (slot !== undefined) accumulator.addActivity(slot, activity);
      },
    }, options.scanChunkSize === undefined ? {} : { chunkSize: options.scanChunkSize });

    const keep = options.onResults === undefined;
    const tally = new RunTally(kind === 'full' && !whatIf ? await previousFullLevels(store, tenant) : null);
    const results: CompanyResult[] = [];
    const updates: CompanyUpdate[] = [];
    let chunk: CompanyResult[] = [];
    const flush = async () => {
      const changed = whatIf ? [] : await diffAgainstWritten(store, tenant, chunk, calculatedAt);
      if (run) await store.saveResults(tenant, run.id, asOf, chunk);
      tally.add(chunk, changed.length);
      if (keep) {
        for (const r of chunk) results.push(r);
        for (const u of changed) updates.push(u);
      } else await options.onResults!(chunk, { asOf, calculatedAt, whatIf });
      chunk = [];
    };
    const made = rankedResults(frame, accumulator, indexOf, config, asOf, only ? { only } : {});
    for (const result of made) {
      chunk.push(result);
      if (chunk.length >= (options.chunkSize ?? RESULT_CHUNK)) await flush();
    }
    if (chunk.length > 0) await flush();

    const agreement = tally.agreement();
    // A full run measures the goals over every company; an incremental one sees too few.
    const goals = kind === 'full' && !whatIf ? tally.goals(config) : null;
    let finished: RunRecord | null = null;
    if (run) {
      if (goals) await store.saveGoalProgress(tenant, run.id, goals);
      const outcome = { status: 'succeeded' as const, counts: tally.counts, agreementRate: agreement.rate, error: null, finishedAt: deps.now() };
      await store.finishRun(run.id, outcome);
      finished = { ...run, ...outcome };
      if (kind === 'full') deps.population.replaced(tenant);
    }
    log.info({ tenant, kind, runId: run?.id, whatIf, companies: tally.counts.companies, updates: tally.counts.updates }, 'recompute finished');
    return { run: finished, asOf, calculatedAt, whatIf, results, agreement, migration: tally.migration(), updates, counts: tally.counts, goals };
  } catch (error) {
    if (run) {
      await store.finishRun(run.id, { status: 'failed', counts: {}, agreementRate: null, error: String(error), finishedAt: deps.now() });
    }
    log.error({ tenant, kind, runId: run?.id, err: error }, 'recompute failed');
    throw error;
  }
}

/** What a run keeps of its results as they go by: counts, agreement and (for migration) pyramid levels. */
export class RunTally {
  readonly counts: Record<string, number> = { companies: 0, customers: 0, A: 0, B: 0, C: 0, D: 0, over_served: 0, under_served: 0, overrides: 0, updates: 0 };
  #overrides = 0;
  #agreeing = 0;
  readonly #previousLevels: Map<string, PyramidLevel> | null;
  readonly #levels = new Map<string, PyramidLevel>();
  /** What the goals read: last year's customers, and each segment's margin and cost. */
  #customersYearBefore = 0;
  #retained = 0;
  #dCustomers = 0;
  readonly #segments = new Map<Segment, { grossMargin: number; costToServe: number }>(SEGMENTS.map((s) => [s, { grossMargin: 0, costToServe: 0 }]));

  /** The pyramid moves of a tally summed from shards (their companies are not kept). */
  #mergedMoves: { from: PyramidLevel | null; to: PyramidLevel }[] | null = null;

  constructor(previousLevels: ReadonlyMap<string, PyramidLevel> | null) {
    this.#previousLevels = previousLevels === null ? null : new Map(previousLevels);
  }

  /** What this tally counted, as flat numbers: a shard of a sharded run reports it, and fromShards sums them. */
  toShard(): Record<string, number> {
    const t: Record<string, number> = {};
    for (const [name, n] of Object.entries(this.counts)) t[`count.${name}`] = n;
    t.overrides = this.#overrides;
    t.agreeing = this.#agreeing;
    t.customersYearBefore = this.#customersYearBefore;
    t.retained = this.#retained;
    t.dCustomers = this.#dCustomers;
    for (const [segment, sums] of this.#segments) {
      t[`margin.${segment}`] = sums.grossMargin;
      t[`cost.${segment}`] = sums.costToServe;
    }
    for (const m of this.migration()?.moves ?? []) t[`move.${m.from ?? 'new'}>${m.to}`] = (t[`move.${m.from ?? 'new'}>${m.to}`] ?? 0) + 1;
    return t;
  }

  /** The run's tally from its shards' (toShard); `migrated`: there was a previous full run to move from. */
  static fromShards(shards: readonly Record<string, number>[], migrated: boolean): RunTally {
    const tally = new RunTally(null);
    const sum = (name: string) => shards.reduce((total, t) => total + (t[name] ?? 0), 0);
    for (const name of Object.keys(tally.counts)) tally.counts[name] = sum(`count.${name}`);
    tally.#overrides = sum('overrides');
    tally.#agreeing = sum('agreeing');
    tally.#customersYearBefore = sum('customersYearBefore');
    tally.#retained = sum('retained');
    tally.#dCustomers = sum('dCustomers');
    for (const [segment, sums] of tally.#segments) {
      sums.grossMargin = sum(`margin.${segment}`);
      sums.costToServe = sum(`cost.${segment}`);
    }
    if (migrated) {
      const moves: { from: PyramidLevel | null; to: PyramidLevel }[] = [];
      const names = new Set(shards.flatMap((t) => Object.keys(t).filter((k) => k.startsWith('move.'))));
      for (const name of names) {
        const [from, to] = name.slice('move.'.length).split('>') as [string, PyramidLevel];
        for (let n = sum(name); n > 0; n--) moves.push({ from: from === 'new' ? null : (from as PyramidLevel), to });
      }
      tally.#mergedMoves = moves;
    }
    return tally;
  }

  add(results: readonly CompanyResult[], updates: number): void {
    const c = this.counts;
    c.updates! += updates;
    for (const r of results) {
      c.companies! += 1;
      if (r.isCustomer) c.customers! += 1;
      if (r.segment) c[r.segment]! += 1;
      if (r.serviceFlag !== 'ok') c[r.serviceFlag]! += 1;
      if (r.override) c.overrides! += 1;
      const agreement = overrideAgreement([r]);
      this.#overrides += agreement.overrides;
      this.#agreeing += agreement.agreeing;
      if (this.#previousLevels) this.#levels.set(r.companyId, r.pyramidLevel);
      if (r.customerYearBefore === true) {
        this.#customersYearBefore += 1;
        if (r.isCustomer) this.#retained += 1;
      }
      if (r.isCustomer && r.segment) {
        const sums = this.#segments.get(r.segment)!;
        sums.grossMargin += r.grossMargin;
        sums.costToServe += r.costToServe;
        if (r.segment === 'D') this.#dCustomers += 1;
      }
    }
  }

  /** The customer goals over what went by (the same figures as the portfolio report's). */
  goals(config: ValueModelConfig): GoalProgress[] {
    const c = this.#customersYearBefore;
    return goalProgress(
      {
        retention: { customersYearBefore: c, retained: this.#retained, rate: c > 0 ? this.#retained / c : null },
        moves: this.#mergedMoves ?? this.migration()?.moves ?? null,
        dCustomers: this.#dCustomers,
        segments: SEGMENTS.map((segment) => ({ segment, ...this.#segments.get(segment)! })),
      },
      config.goals,
    );
  }

  agreement(): OverrideAgreement {
    return { overrides: this.#overrides, agreeing: this.#agreeing, rate: this.#overrides > 0 ? this.#agreeing / this.#overrides : null };
  }

  /** Moves since the previous full run, when there was one. */
  migration(): PyramidMigration | null {
    return this.#previousLevels && pyramidMigration(this.#previousLevels, this.#levels);
  }
}

/** A live (or dry) incremental run over the few companies `load` brings, measured against the stored population. */
async function incrementalRun(deps: RecomputeDeps, tenant: TenantId, options: RecomputeOptions, calculatedAt: Instant, load: () => Promise<Loaded>): Promise<RecomputeOutcome> {
  const { store, config, log } = deps;
  const run = options.dryRun ? null : await store.startRun({ tenant, kind: 'incremental', startedAt: calculatedAt, asOf: calculatedAt, configHash: deps.configHash });
  try {
    const { portfolio, only, population } = await load();
    const computed = computePortfolio(portfolio, config, calculatedAt, { only, population });
    const results = computed.results;
    const updates = await diffAgainstWritten(store, tenant, results, calculatedAt);

    const tally = new RunTally(null);
    tally.add(results, updates.length);
    let finished: RunRecord | null = null;
    if (run) {
      await store.saveResults(tenant, run.id, calculatedAt, results);
      const outcome = { status: 'succeeded' as const, counts: tally.counts, agreementRate: computed.agreement.rate, error: null, finishedAt: deps.now() };
      await store.finishRun(run.id, outcome);
      finished = { ...run, ...outcome };
      await deps.population.update(tenant, results, null);
    }
    log.info({ tenant, kind: 'incremental', runId: run?.id, companies: results.length, updates: updates.length }, 'recompute finished');
    return { run: finished, asOf: calculatedAt, calculatedAt, whatIf: false, results, agreement: computed.agreement, migration: null, updates, counts: tally.counts, goals: null };
  } catch (error) {
    if (run) {
      await store.finishRun(run.id, { status: 'failed', counts: {}, agreementRate: null, error: String(error), finishedAt: deps.now() });
    }
    log.error({ tenant, kind: 'incremental', runId: run?.id, err: error }, 'recompute failed');
    throw error;
  }
}

export function diffAgainstWritten(store: Store, tenant: TenantId, results: readonly CompanyResult[], calculatedAt: Instant): Promise<CompanyUpdate[]> {
  return changedValues(store, tenant, results.map((result) => ({ result, computedAt: calculatedAt })));
}

/**
 * Pyramid levels of the last successful full run (before `before`, when given), however many
 * incremental runs came after it; null when there was none.
 */
export async function previousFullLevels(store: Store, tenant: TenantId, before?: RunRecord): Promise<Map<string, PyramidLevel> | null> {
  const previous = await store.lastRun(tenant, 'full', 'succeeded', before);
  if (!previous) return null;
  const rows = await store.runHistory(previous.id);
  return new Map(rows.map((r) => [r.companyId, r.pyramidLevel]));
}

