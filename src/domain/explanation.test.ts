// §3.6's drivers: the three biggest value elements and the two biggest cost lines, each with
// its share, cost first for a D. Checked against the rule as plainly stated (filter, stable
// sort, cut), on random figures with ties, zeros and negatives.
import { describe, expect, it } from 'vitest';
import { COST_LINES } from './cost-to-serve.ts';
import { DEFAULT_MODEL_CONFIG } from './default-model-config.ts';
import { drivers, type ExplanationFacts } from './explanation.ts';
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
