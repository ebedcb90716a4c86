// What both stores share in replacing a portfolio: which keys identify a record of each kind
// (to count what the old portfolio had and the new one has not), and the counting itself.
import type { PortfolioCounts } from '../../app/ports/store.port.ts';
import type { Portfolio } from '../../domain/records.ts';

export type PortfolioKind = keyof PortfolioCounts;

/** The table of each kind and the columns of its key (after tenant). */
export const REPLACED: readonly { kind: PortfolioKind; table: string; key: readonly string[] }[] = [
  { kind: 'companies', table: 'companies', key: ['id'] },
  { kind: 'deals', table: 'deals', key: ['id'] },
  { kind: 'activities', table: 'activities', key: ['id'] },
  { kind: 'relations', table: 'relations', key: ['from_company_id', 'to_company_id', 'kind'] },
  { kind: 'overrides', table: 'overrides', key: ['company_id'] },
];

export function noCounts(): PortfolioCounts {
  return { companies: 0, deals: 0, activities: 0, relations: 0, overrides: 0 };
}

/** How many records a page holds. */
export function recordsIn(page: Partial<Portfolio>): number {
  return (page.companies?.length ?? 0) + (page.deals?.length ?? 0) + (page.activities?.length ?? 0) + (page.relations?.length ?? 0) + (page.overrides?.length ?? 0);
}
