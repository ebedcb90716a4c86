import { describe, expect, it } from 'vitest';
import { goalProgress, goalTrends, type GoalFacts, type GoalsConfig, type GoalRecord } from './goals.ts';

const goals: GoalsConfig = {
  retention: 0.9,
  developed: [{ from: 'medium', to: 'large', count: 5 }, { from: 'small', share: 0.1 }],
  maxDCustomers: 3,
  maxCostRatio: { A: 0.25, D: 0.1 },
};

const moves = (list: [string | null, string, number][]) =>
  list.flatMap(([from, to, n]) => Array.from({ length: n }, () => ({ from, to }))) as GoalFacts['moves'];

// Three full runs of one portfolio: the first has no run before it to measure moves against.
const runs: GoalFacts[] = [
  {
    retention: { customersYearBefore: 20, retained: 17, rate: 0.85 },
    moves: null,
    dCustomers: 5,
    segments: [{ segment: 'A', grossMargin: 100_000, costToServe: 30_000 }, { segment: 'D', grossMargin: 10_000, costToServe: 1_500 }],
  },
  {
    retention: { customersYearBefore: 20, retained: 18, rate: 0.9 },
    // 3 medium → large, 1 medium → top (counts as large or higher), 2 medium stay; 10 small: 1 up to medium.
    moves: moves([['medium', 'large', 3], ['medium', 'top', 1], ['medium', 'medium', 2], ['small', 'medium', 1], ['small', 'small', 9]]),
    dCustomers: 3,
    segments: [{ segment: 'A', grossMargin: 100_000, costToServe: 25_000 }, { segment: 'D', grossMargin: 10_000, costToServe: 900 }],
  },
  {
    retention: { customersYearBefore: 25, retained: 24, rate: 0.96 },
    moves: moves([['medium', 'large', 5], ['medium', 'small', 1], ['small', 'small', 10], ['small', 'inactive', 2], [null, 'medium', 4]]),
    dCustomers: 4,
    segments: [{ segment: 'A', grossMargin: 120_000, costToServe: 24_000 }, { segment: 'D', grossMargin: -500, costToServe: 900 }],
  },
];

const byKey = (facts: GoalFacts) => Object.fromEntries(goalProgress(facts, goals).map((g) => [g.key, [g.value, g.met]]));

describe('customer goals', () => {
  it('holds every goal against each of three full runs, met or not, with the measured value', () => {
    expect(byKey(runs[0]!)).toEqual({
      retention: [0.85, false],
      'developed:medium:large': [null, null],
      'developed:small:up': [null, null],
      max_d_customers: [5, false],
      'max_cost_ratio:A': [0.3, false],
      'max_cost_ratio:D': [0.15, false],
    });
    expect(byKey(runs[1]!)).toEqual({
      retention: [0.9, true],
      'developed:medium:large': [4, false],
      'developed:small:up': [0.1, true],
      max_d_customers: [3, true],
      'max_cost_ratio:A': [0.25, true],
      'max_cost_ratio:D': [0.09, true],
    });
    expect(byKey(runs[2]!)).toEqual({
      retention: [0.96, true],
      'developed:medium:large': [5, true],
      'developed:small:up': [0, false],
      max_d_customers: [4, false],
      'max_cost_ratio:A': [0.2, true],
      // No margin: the ratio is unknown, so the goal cannot be called met.
      'max_cost_ratio:D': [null, null],
    });
  });

  it('counts a segment without customers as within its cost budget', () => {
    const progress = goalProgress({ ...runs[0]!, segments: [] }, goals);
    expect(progress.find((g) => g.key === 'max_cost_ratio:D')).toMatchObject({ value: 0, met: true, segment: 'D' });
  });

  it('leaves out the goals the config does not set', () => {
    const only = goalProgress(runs[1]!, { retention: 0.8, developed: [], maxCostRatio: {} });
    expect(only).toEqual([{ key: 'retention', kind: 'retention', target: 0.8, unit: 'share', value: 0.9, met: true }]);
  });

  it('lists each goal with its values over past full runs, oldest first', () => {
    const history: GoalRecord[] = runs
      .map((facts, i) => ({ runId: `run-${i}`, asOf: i, goals: goalProgress(facts, goals) }))
      .reverse();
    const trends = goalTrends(goalProgress(runs[2]!, goals), history);
    expect(trends.map((t) => [t.progress.key, t.past])).toEqual([
      ['retention', [0.85, 0.9, 0.96]],
      ['developed:medium:large', [null, 4, 5]],
      ['developed:small:up', [null, 0.1, 0]],
      ['max_d_customers', [5, 3, 4]],
      ['max_cost_ratio:A', [0.3, 0.25, 0.2]],
      ['max_cost_ratio:D', [0.15, 0.09, null]],
    ]);
  });
});
