// The customer pyramid (§3.4, seed 004's Customer Marketing Method) and the moves
// between two runs for the migration report.
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

const CUSTOMER_LEVELS: ReadonlySet<PyramidLevel> = new Set(['top', 'large', 'medium', 'small']);

export function isCustomerLevel(level: PyramidLevel): boolean {
  return CUSTOMER_LEVELS.has(level);
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
  /** Customers of the previous run that are still customers, and how many there were. */
  retainedCustomers: number;
  previousCustomers: number;
  retentionRate: number | null;
}

export function pyramidMigration(
  previous: ReadonlyMap<string, PyramidLevel>,
  current: ReadonlyMap<string, PyramidLevel>,
): PyramidMigration {
  const levels = Object.keys(LEVEL_HEIGHT) as PyramidLevel[];
  const matrix = Object.fromEntries(levels.map((from) => [from, Object.fromEntries(levels.map((to) => [to, 0]))])) as PyramidMigration['matrix'];
  const moves: PyramidMove[] = [];
  let retainedCustomers = 0;
  let previousCustomers = 0;
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
  for (const [companyId, from] of previous) {
    if (!isCustomerLevel(from)) continue;
    previousCustomers += 1;
    const to = current.get(companyId);
    if (to !== undefined && isCustomerLevel(to)) retainedCustomers += 1;
  }
  return {
    moves,
    matrix,
    retainedCustomers,
    previousCustomers,
    retentionRate: previousCustomers > 0 ? retainedCustomers / previousCustomers : null,
  };
}
