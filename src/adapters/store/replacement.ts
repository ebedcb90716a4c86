// What both stores share in replacing a portfolio: which keys identify a record of each kind
// (to count what the old portfolio had and the new one has not), the counting itself, and a
// page's records whether they come as objects or as batch rows.
import type { BatchRows, PortfolioCounts, PortfolioPage } from '../../app/ports/store.port.ts';

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
export function recordsIn(page: PortfolioPage): number {
  return (
    (page.companies?.length ?? 0) + (page.deals?.length ?? 0) + (page.activities?.length ?? 0) + (page.relations?.length ?? 0) + (page.overrides?.length ?? 0) +
    (page.dealRows?.count ?? 0) + (page.activityRows?.count ?? 0)
  );
}

/**
 * A page's records of one kind by position: the array's first, then the batch rows', each
 * row filled into the one `scratch` record (so a record got is read before the next is got).
 */
export function pageRecords<R>(records: readonly R[] | undefined, rows: BatchRows<R> | undefined, scratch: R): { count: number; at(k: number): R } {
  const listed = records?.length ?? 0;
  return {
    count: listed + (rows?.count ?? 0),
    at: (k) => {
      if (k < listed) return records![k]!;
      rows!.fill(k - listed, scratch);
      return scratch;
    },
  };
}
