// Why a company has its segment and value (§3.6): the top drivers as data for the card,
// and one sentence for the CRM property.
import type { CompanyFigures } from './company-figures.ts';
import { COST_LINES } from './cost-to-serve.ts';
import { amount, flat, percent } from './format.ts';
import type { ValueModelConfig } from './model-config.ts';
import type { Override, Segment } from './records.ts';
import type { Classification } from './ranking.ts';
import type { CostBreakdown, Driver, PyramidLevel } from './results.ts';

export interface ExplanationFacts {
  segment: Segment | null;
  segmentComputed: Segment | null;
  override: Override | null;
  pyramidLevel: PyramidLevel;
  valueRank: number | null;
  valueScore: number | null;
  customers: number;
  netContribution: number;
  strategicValue: number;
  totalValue: number;
  clv: number;
  referralValue: number;
  influenceValue: number;
  referenceValue: number;
  knowledgeValue: number;
  growthPotential: number;
  costToServe: number;
  costBreakdown: CostBreakdown;
}

const VALUE_LABEL: Record<string, string> = {
  clv: 'CLV',
  referral_value: 'referrals',
  influence_value: 'influence',
  reference_value: 'reference',
  knowledge_value: 'co-development',
  growth_potential: 'growth potential',
};

const COST_LABEL: Record<string, string> = {
  orderHandling: 'order handling',
};

export function drivers(f: ExplanationFacts, config: ValueModelConfig): Driver[] {
  const value: Driver[] = [];
  offer(value, 3, 'clv', 'value', f.clv, f.totalValue);
  offer(value, 3, 'referral_value', 'value', f.referralValue, f.totalValue);
  offer(value, 3, 'influence_value', 'value', f.influenceValue, f.totalValue);
  offer(value, 3, 'reference_value', 'value', f.referenceValue, f.totalValue);
  offer(value, 3, 'knowledge_value', 'value', f.knowledgeValue, f.totalValue);
  offer(value, 3, 'growth_potential', 'value', config.weights.potential * f.growthPotential, f.totalValue);
  const cost: Driver[] = [];
  for (const line of COST_LINES) offer(cost, 2, line, 'cost', f.costBreakdown[line], f.costToServe);
  return f.segmentComputed === 'D' ? cost.concat(value) : value.concat(cost);
}

/**
 * Puts a positive amount among the `keep` biggest so far, biggest first, with its share of
 * `whole`. An amount equal to one already there goes after it, so the list is what a stable
 * sort of all of them, cut to `keep`, gives (this runs for every company: no arrays to sort).
 */
function offer(top: Driver[], keep: number, element: string, kind: Driver['kind'], amount: number, whole: number): void {
  if (!(amount > 0)) return;
  let at = top.length;
  while (at > 0 && top[at - 1]!.amount < amount) at--;
  if (at >= keep) return;
  // Inserted at `at` by moving the smaller ones down (splice would make an array of what it removed, for every offer).
  const driver: Driver = { element, kind, amount, share: whole > 0 ? amount / whole : 0 };
  if (top.length < keep) top.push(driver);
  for (let k = top.length - 1; k > at; k--) top[k] = top[k - 1]!;
  top[at] = driver;
}

/**
 * A driver as words: each amount is the figure its words name. Growth potential counts in the
 * total value at weights.potential, so the sentence names the share ("half the growth
 * potential 13,597") rather than calling the weighted 6,798 the growth potential.
 */
function describe(d: Driver, f: ExplanationFacts, config: ValueModelConfig): string {
  if (d.kind === 'value' && d.element === 'growth_potential') {
    return `${weightedLabel(config.weights.potential)} ${amount(f.growthPotential)} (${percent(d.share)})`;
  }
  const label = d.kind === 'value' ? VALUE_LABEL[d.element] ?? d.element : COST_LABEL[d.element] ?? d.element;
  return `${label} ${amount(d.amount)} (${percent(d.share)})`;
}

function weightedLabel(weight: number): string {
  if (weight === 1) return 'growth potential';
  if (weight === 0.5) return 'half the growth potential';
  return `${percent(weight)} of the growth potential`;
}

/**
 * §3.6's sentence, one of
 * - no segment: "<why>." or "<override>; the model gives a company without revenue in the window no segment — <why>."
 * - D: "[<override>; the model says ]D: costs more than it brings — net contribution N plus strategic value S is below zero; <costs>."
 * - A, B, C: "[<override>; the model says ]<segment>: rank R of C customers, <basis>; total value T[ from <value drivers>]; <costs>."
 * where <costs> is "biggest costs: <cost drivers>" or "no cost-to-serve recorded", and the
 * override's words come when it gives another segment than the model's. explanation.test.ts
 * holds it to these templates written out plainly.
 */
export function explanationSentence(f: ExplanationFacts, list: readonly Driver[], config: ValueModelConfig): string {
  if (f.segmentComputed === null) {
    const why =
      {
        inactive: 'Inactive: bought before, but nothing in the window',
        prospect: 'Prospect: open deals, nothing bought yet',
        suspect: 'Suspect: no deals yet',
      }[f.pyramidLevel as 'inactive' | 'prospect' | 'suspect'] ?? 'Not a customer in the window';
    // §3.3: an override on a company without revenue is honoured; the sentence says whose choice it is.
    if (f.override) return flat`${overridePart(f.override)}; the model gives a company without revenue in the window no segment — ${why}.`;
    return flat`${why}.`;
  }
  // The sentence's pieces in one list, joined once: every company has a sentence, and templates
  // nested in templates (then flattened) cost twice as much.
  const out: string[] = [];
  if (f.override && f.segment !== f.segmentComputed) out.push(overridePart(f.override), '; the model says ');
  if (f.segmentComputed === 'D') {
    out.push('D: costs more than it brings — net contribution ', amount(f.netContribution), ' plus strategic value ', amount(f.strategicValue), ' is below zero; ');
  } else {
    const basis =
      config.segmentation.method === 'score'
        ? `value score ${Math.round(f.valueScore ?? 0)} (A from ${config.segmentation.score.thresholds.A}, B from ${config.segmentation.score.thresholds.B})`
        : paretoBasis(f.segmentComputed, config);
    out.push(f.segmentComputed, ': rank ', String(f.valueRank), ' of ', String(f.customers), ' customers, ', basis, '; total value ', amount(f.totalValue));
    let values = 0;
    for (const d of list) if (d.kind === 'value') out.push(values++ === 0 ? ' from ' : ', ', describe(d, f, config));
    out.push('; ');
  }
  let costs = 0;
  for (const d of list) if (d.kind === 'cost') out.push(costs++ === 0 ? 'biggest costs: ' : ', ', describe(d, f, config));
  if (costs === 0) out.push('no cost-to-serve recorded');
  out.push('.');
  return out.join('');
}

/** Where a Pareto segment's customers stand (§3.3): only the segment's own words are made. */
function paretoBasis(segment: 'A' | 'B' | 'C', config: ValueModelConfig): string {
  const { a, b } = config.segmentation.pareto;
  if (segment === 'A') return `in the top group bringing ${percent(a)} of total value`;
  if (segment === 'B') return `in the group up to ${percent(b)} of total value`;
  return `in the tail past ${percent(b)} of total value`;
}

function overridePart(o: Override): string {
  return `Override to ${o.segment} by ${o.by} (${o.reason}): a rep's choice`;
}

/** What the explanation reads besides the company's own figures. */
export interface ExplanationContext {
  segment: Segment | null;
  override: Override | null;
  pyramidLevel: PyramidLevel;
  classification: Classification;
  /** How many customers the value rank counts among. */
  customers: number;
}

/** §3.6 for one company: the top drivers as data, and the sentence for the CRM. */
export function explain(f: CompanyFigures, context: ExplanationContext, config: ValueModelConfig): { drivers: Driver[]; sentence: string } {
  const c = context.classification;
  const facts: ExplanationFacts = {
    segment: context.segment,
    segmentComputed: c.segmentComputed,
    override: context.override,
    pyramidLevel: context.pyramidLevel,
    valueRank: c.valueRank,
    valueScore: c.valueScore,
    customers: context.customers,
    netContribution: f.netContribution,
    strategicValue: f.strategicValue,
    totalValue: f.totalValue,
    clv: f.clv,
    referralValue: f.referralValue,
    influenceValue: f.influenceValue,
    referenceValue: f.referenceValue,
    knowledgeValue: f.knowledgeValue,
    growthPotential: f.growthPotential,
    costToServe: f.costToServe,
    costBreakdown: f.costBreakdown,
  };
  const list = drivers(facts, config);
  return { drivers: list, sentence: explanationSentence(facts, list, config) };
}
