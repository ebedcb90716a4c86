// The customer pyramid (§3.4, seed 004's Customer Marketing Method), the moves between two
// full runs for the migration report, and the retention of last year's customers.
import type { Segment } from './records.ts';
import type { PyramidLevel } from './results.ts';

export interface PyramidFacts {
  segmentComputed: Segment | null;
  inTop: boolean;
  wonEver: boolean;
  hasOpenDeal: boolean;
}

/** Level by the computed segment: the level describes value, not the treatment an override chooses. */
export function pyramidLevel(f: PyramidFacts): PyramidLevel {
  switch (f.segmentComputed) {
    case 'A': return f.inTop ? 'top' : 'large';
    case 'B': return 'medium';
    case 'C':
    case 'D': return 'small';
    case null:
      if (f.wonEver) return 'inactive';
      return f.hasOpenDeal ? 'prospect' : 'suspect';
  }
}

/** Height on the pyramid: a move to a higher number is a move up. */
export const LEVEL_HEIGHT: Record<PyramidLevel, number> = {
  suspect: 0,
  prospect: 1,
  inactive: 2,
  small: 3,
  medium: 4,
  large: 5,
  top: 6,
};

/** Retention of last year's customers (§3.4), from the data rather than from run history. */
export interface CustomerRetention {
  /** Companies that were customers in the window ending one year before asOf. */
  customersYearBefore: number;
  /** Of those, the ones that are customers in the current window. */
  retained: number;
  rate: number | null;
}

export function customerRetention(results: readonly { isCustomer: boolean; customerYearBefore: boolean }[]): CustomerRetention {
  let customersYearBefore = 0;
  let retained = 0;
  for (const r of results) {
    // Results stored before this figure existed lack it: they count once recomputed.
    if (r.customerYearBefore !== true) continue;
    customersYearBefore += 1;
    if (r.isCustomer) retained += 1;
  }
  return { customersYearBefore, retained, rate: customersYearBefore > 0 ? retained / customersYearBefore : null };
}

export interface PyramidMove {
  companyId: string;
  from: PyramidLevel | null;
  to: PyramidLevel;
  direction: 'up' | 'down' | 'same' | 'new';
}

export interface PyramidMigration {
  moves: PyramidMove[];
  /** matrix[from][to] = how many companies went from → to (companies new to the portal are left out). */
  matrix: Record<PyramidLevel, Record<PyramidLevel, number>>;
}

export function pyramidMigration(
  previous: ReadonlyMap<string, PyramidLevel>,
  current: ReadonlyMap<string, PyramidLevel>,
): PyramidMigration {
  const levels = Object.keys(LEVEL_HEIGHT) as PyramidLevel[];
  const matrix = Object.fromEntries(levels.map((from) => [from, Object.fromEntries(levels.map((to) => [to, 0]))])) as PyramidMigration['matrix'];
  const moves: PyramidMove[] = [];
  for (const [companyId, to] of current) {
    const from = previous.get(companyId) ?? null;
    if (from === null) {
      moves.push({ companyId, from, to, direction: 'new' });
      continue;
    }
    matrix[from][to] += 1;
    const delta = LEVEL_HEIGHT[to] - LEVEL_HEIGHT[from];
    moves.push({ companyId, from, to, direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'same' });
  }
  return { moves, matrix };
}
