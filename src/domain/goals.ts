// Customer goals (seed 004: "retain 90% of last year's customers", "develop 5 medium customers
// into large ones"): each goal held against one run's figures, met or not. Pure: figures in.
import { LEVEL_HEIGHT, type CustomerRetention } from './pyramid.ts';
import { SEGMENTS, type Segment } from './records.ts';
import type { PyramidLevel } from './results.ts';

/** Customers at `from` in the previous full run that now stand at `to` or higher (any level above `from` when `to` is absent). */
export interface DevelopmentGoal {
  from: PyramidLevel;
  to?: PyramidLevel;
  /** At least this many of them… */
  count?: number;
  /** …or at least this share of the companies that stood at `from`. */
  share?: number;
}

export interface GoalsConfig {
  /** Share of last year's customers that are customers now (PRODUCT.md §3.4). */
  retention: number;
  developed: DevelopmentGoal[];
  /** At most this many D customers (effective segment); no goal when absent. */
  maxDCustomers?: number;
  /** Per segment, at most this cost-to-serve / gross margin over the segment. */
  maxCostRatio: Partial<Record<Segment, number>>;
}

export const GOAL_KINDS = ['retention', 'developed', 'max_d_customers', 'max_cost_ratio'] as const;
export type GoalKind = (typeof GOAL_KINDS)[number];

export interface GoalProgress {
  /** Stable per goal across runs: `retention`, `developed:medium:large`, `max_d_customers`, `max_cost_ratio:A`. */
  key: string;
  kind: GoalKind;
  /** The goal's number: a share, a count or a ratio. */
  target: number;
  /** `count` or `share` (developed), `share` (retention), `count` (D customers), `ratio` (cost). */
  unit: 'count' | 'share' | 'ratio';
  /** What the run measured; null when it cannot be measured (no previous full run, no margin, nobody last year). */
  value: number | null;
  met: boolean | null;
  /** The level or segment the goal is about, for labels. */
  from?: PyramidLevel;
  to?: PyramidLevel;
  segment?: Segment;
}

/** What one run says, enough for every goal. */
export interface GoalFacts {
  retention: CustomerRetention;
  /** Pyramid moves against the previous full run (null when there was none). */
  moves: readonly { from: PyramidLevel | null; to: PyramidLevel }[] | null;
  dCustomers: number;
  segments: readonly { segment: Segment; grossMargin: number; costToServe: number }[];
}

const atMost = (value: number | null, target: number) => (value === null ? null : value <= target);
const atLeast = (value: number | null, target: number) => (value === null ? null : value >= target);

function developed(goal: DevelopmentGoal, moves: GoalFacts['moves']): GoalProgress {
  const key = `developed:${goal.from}:${goal.to ?? 'up'}`;
  const unit: GoalProgress['unit'] = goal.share !== undefined ? 'share' : 'count';
  const target = goal.share ?? goal.count ?? 1;
  const base = { key, kind: 'developed' as const, target, unit, from: goal.from, ...(goal.to ? { to: goal.to } : {}) };
  if (moves === null) return { ...base, value: null, met: null };
  const floor = goal.to ? LEVEL_HEIGHT[goal.to] : LEVEL_HEIGHT[goal.from] + 1;
  let stood = 0;
  let moved = 0;
  for (const m of moves) {
    if (m.from !== goal.from) continue;
    stood += 1;
    if (LEVEL_HEIGHT[m.to] >= floor) moved += 1;
  }
  const value = unit === 'share' ? (stood > 0 ? moved / stood : null) : moved;
  return { ...base, value, met: atLeast(value, target) };
}

export function goalProgress(facts: GoalFacts, goals: GoalsConfig): GoalProgress[] {
  const out: GoalProgress[] = [];
  const rate = facts.retention.rate;
  out.push({ key: 'retention', kind: 'retention', target: goals.retention, unit: 'share', value: rate, met: atLeast(rate, goals.retention) });
  for (const goal of goals.developed) out.push(developed(goal, facts.moves));
  if (goals.maxDCustomers !== undefined) {
    out.push({ key: 'max_d_customers', kind: 'max_d_customers', target: goals.maxDCustomers, unit: 'count', value: facts.dCustomers, met: facts.dCustomers <= goals.maxDCustomers });
  }
  for (const segment of SEGMENTS) {
    const target = goals.maxCostRatio[segment];
    if (target === undefined) continue;
    const row = facts.segments.find((s) => s.segment === segment);
    // A segment without customers costs nothing: its goal holds.
    const value = !row || (row.grossMargin === 0 && row.costToServe === 0) ? 0 : row.grossMargin > 0 ? row.costToServe / row.grossMargin : null;
    out.push({ key: `max_cost_ratio:${segment}`, kind: 'max_cost_ratio', target, unit: 'ratio', value, met: atMost(value, target), segment });
  }
  return out;
}

/** One full run's goal progress, as the store keeps it. */
export interface GoalRecord {
  runId: string;
  asOf: number;
  goals: GoalProgress[];
}

export interface GoalTrend {
  progress: GoalProgress;
  /** The goal's values over past full runs, oldest first (null where a run could not measure it). */
  past: (number | null)[];
}

/** The current progress of each goal with its values over the given runs (newest first, as the store lists them). */
export function goalTrends(current: readonly GoalProgress[], history: readonly GoalRecord[]): GoalTrend[] {
  const oldestFirst = [...history].reverse();
  return current.map((progress) => ({
    progress,
    past: oldestFirst.map((run) => run.goals.find((g) => g.key === progress.key)?.value ?? null),
  }));
}
