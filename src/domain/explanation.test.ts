// §3.6's drivers: the three biggest value elements and the two biggest cost lines, each with
// its share, cost first for a D. Checked against the rule as plainly stated (filter, stable
// sort, cut), on random figures with ties, zeros and negatives.
import { describe, expect, it } from 'vitest';
import { COST_LINES } from './cost-to-serve.ts';
import { DEFAULT_MODEL_CONFIG } from './default-model-config.ts';
import { drivers, explanationSentence, type ExplanationFacts } from './explanation.ts';
import { amount, percent } from './format.ts';
import type { ValueModelConfig } from './model-config.ts';
import type { Driver } from './results.ts';

function plainDrivers(f: ExplanationFacts, config: ValueModelConfig): Driver[] {
  const value: [string, number][] = [
    ['clv', f.clv],
    ['referral_value', f.referralValue],
    ['influence_value', f.influenceValue],
    ['reference_value', f.referenceValue],
    ['knowledge_value', f.knowledgeValue],
    ['growth_potential', config.weights.potential * f.growthPotential],
  ];
  const valueDrivers = value
    .filter(([, v]) => v > 0)
    .map(([element, v]): Driver => ({ element, kind: 'value', amount: v, share: f.totalValue > 0 ? v / f.totalValue : 0 }))
    .sort((a, b) => b.amount - a.amount)
    .slice(0, 3);
  const costDrivers = COST_LINES.map((line): [string, number] => [line, f.costBreakdown[line]])
    .filter(([, v]) => v > 0)
    .map(([element, v]): Driver => ({ element, kind: 'cost', amount: v, share: f.costToServe > 0 ? v / f.costToServe : 0 }))
    .sort((a, b) => b.amount - a.amount)
    .slice(0, 2);
  return f.segmentComputed === 'D' ? [...costDrivers, ...valueDrivers] : [...valueDrivers, ...costDrivers];
}

describe('explanation drivers (§3.6)', () => {
  it('are the biggest value elements and cost lines, ties in the order named, on 5,000 random companies', () => {
    // A seeded Lehmer sequence (minstd, exact in doubles): the same cases on every run.
    let state = 15;
    const next = () => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647;
    // Few distinct amounts, so ties are common; zeros and negatives are left out.
    const figure = () => [-50, 0, 0, 10, 10, 20, 35.5, 100, 1e6][Math.floor(next() * 9)]!;
    for (let i = 0; i < 5_000; i++) {
      const costBreakdown = Object.fromEntries(COST_LINES.map((line) => [line, figure()])) as unknown as ExplanationFacts['costBreakdown'];
      const f: ExplanationFacts = {
        segment: null,
        segmentComputed: (['A', 'B', 'C', 'D', null] as const)[Math.floor(next() * 5)]!,
        override: null,
        pyramidLevel: 'suspect',
        valueRank: null,
        valueScore: null,
        customers: 0,
        netContribution: 0,
        strategicValue: 0,
        totalValue: [0, -5, 250, 1234.5][Math.floor(next() * 4)]!,
        clv: figure(),
        referralValue: figure(),
        influenceValue: figure(),
        referenceValue: figure(),
        knowledgeValue: figure(),
        growthPotential: figure(),
        costToServe: [0, 80, 999][Math.floor(next() * 3)]!,
        costBreakdown,
      };
      const config = next() < 0.5 ? DEFAULT_MODEL_CONFIG : { ...DEFAULT_MODEL_CONFIG, weights: { ...DEFAULT_MODEL_CONFIG.weights, potential: 1 } };
      expect(drivers(f, config)).toEqual(plainDrivers(f, config));
    }
  });
});

/** §3.6's sentence as plainly stated: a template per case, the drivers' words joined. */
function plainSentence(f: ExplanationFacts, list: readonly Driver[], config: ValueModelConfig): string {
  const words = (d: Driver) => {
    if (d.kind === 'value' && d.element === 'growth_potential') {
      const w = config.weights.potential;
      const label = w === 1 ? 'growth potential' : w === 0.5 ? 'half the growth potential' : `${percent(w)} of the growth potential`;
      return `${label} ${amount(f.growthPotential)} (${percent(d.share)})`;
    }
    const labels: Record<string, string> = { clv: 'CLV', referral_value: 'referrals', influence_value: 'influence', reference_value: 'reference', knowledge_value: 'co-development', growth_potential: 'growth potential', orderHandling: 'order handling' };
    return `${labels[d.element] ?? d.element} ${amount(d.amount)} (${percent(d.share)})`;
  };
  const value = list.filter((d) => d.kind === 'value').map(words);
  const cost = list.filter((d) => d.kind === 'cost').map(words);
  const costPart = cost.length ? `biggest costs: ${cost.join(', ')}` : 'no cost-to-serve recorded';
  const by = f.override ? `Override to ${f.override.segment} by ${f.override.by} (${f.override.reason}): a rep's choice` : '';
  if (f.segmentComputed === null) {
    const why = { inactive: 'Inactive: bought before, but nothing in the window', prospect: 'Prospect: open deals, nothing bought yet', suspect: 'Suspect: no deals yet' }[f.pyramidLevel as string] ?? 'Not a customer in the window';
    return f.override ? `${by}; the model gives a company without revenue in the window no segment — ${why}.` : `${why}.`;
  }
  const { a, b } = config.segmentation.pareto;
  const pareto = { A: `in the top group bringing ${percent(a)} of total value`, B: `in the group up to ${percent(b)} of total value`, C: `in the tail past ${percent(b)} of total value` };
  const { thresholds } = config.segmentation.score;
  const basis = f.segmentComputed === 'D' ? '' : config.segmentation.method === 'score' ? `value score ${Math.round(f.valueScore ?? 0)} (A from ${thresholds.A}, B from ${thresholds.B})` : pareto[f.segmentComputed];
  const why =
    f.segmentComputed === 'D'
      ? `D: costs more than it brings — net contribution ${amount(f.netContribution)} plus strategic value ${amount(f.strategicValue)} is below zero; ${costPart}`
      : `${f.segmentComputed}: rank ${f.valueRank} of ${f.customers} customers, ${basis}; total value ${amount(f.totalValue)}${value.length ? ` from ${value.join(', ')}` : ''}; ${costPart}`;
  return f.override && f.segment !== f.segmentComputed ? `${by}; the model says ${why}.` : `${why}.`;
}

describe('the explanation sentence (§3.6)', () => {
  it('is the template of its case with the drivers’ words, on 5,000 random companies', () => {
    let state = 29;
    const next = () => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647;
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const figure = () => pick([-1234.5, 0, 0, 10, 35.5, 999.5, 12_345.67, 1e6]);
    const score: ValueModelConfig = { ...DEFAULT_MODEL_CONFIG, segmentation: { ...DEFAULT_MODEL_CONFIG.segmentation, method: 'score' } };
    const quarter: ValueModelConfig = { ...DEFAULT_MODEL_CONFIG, weights: { ...DEFAULT_MODEL_CONFIG.weights, potential: 0.25 } };
    const whole: ValueModelConfig = { ...DEFAULT_MODEL_CONFIG, weights: { ...DEFAULT_MODEL_CONFIG.weights, potential: 1 } };
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const segmentComputed = pick(['A', 'B', 'C', 'D', null] as const);
      // Now and then no value element above zero, or no cost: sentences without value or cost drivers.
      const value = next() < 0.2 ? () => 0 : figure;
      const cost = next() < 0.2 ? () => 0 : figure;
      const override = next() < 0.3 ? { companyId: 'c-1', segment: pick(['A', 'B', 'C', 'D'] as const), reason: pick(['Strategic account', 'Reference site, region north']), by: 'owner-6', at: 0 } : null;
      const f: ExplanationFacts = {
        segment: override?.segment ?? segmentComputed,
        segmentComputed,
        override,
        pyramidLevel: pick(['large', 'medium', 'small', 'inactive', 'prospect', 'suspect'] as const),
        valueRank: segmentComputed === null ? null : 1 + Math.floor(next() * 500),
        valueScore: pick([null, 0, 41.5, 87.49]),
        customers: 500,
        netContribution: figure(),
        strategicValue: figure(),
        totalValue: pick([0, -5, 250, 1234.5, 98_765.4]),
        clv: value(),
        referralValue: value(),
        influenceValue: value(),
        referenceValue: value(),
        knowledgeValue: value(),
        growthPotential: value(),
        costToServe: pick([0, 80, 9_999]),
        costBreakdown: Object.fromEntries(COST_LINES.map((line) => [line, next() < 0.4 ? 0 : cost()])) as unknown as ExplanationFacts['costBreakdown'],
      };
      const config = pick([DEFAULT_MODEL_CONFIG, score, quarter, whole]);
      const list = drivers(f, config);
      const sentence = explanationSentence(f, list, config);
      expect(sentence, JSON.stringify(f)).toBe(plainSentence(f, list, config));
      seen.add(`${segmentComputed}|${override !== null && f.segment !== segmentComputed}|${list.some((d) => d.kind === 'cost')}|${list.some((d) => d.kind === 'value')}`);
    }
    // Every case: each segment, with and without an override that differs, with and without cost and value drivers.
    expect(seen.size).toBe(5 * 2 * 2 * 2);
  });
});
