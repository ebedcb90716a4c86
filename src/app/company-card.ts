// Use case: everything the company card (HubSpot) and the dashboard's company page show.
import type { CompanyResult } from '../domain/results.ts';
import { AppError } from './errors.ts';
import type { ResultHistoryRow, Store, TenantId } from './ports/store.port.ts';

export interface CompanyCard {
  result: CompanyResult;
  /** The result before the latest run, for trends; null after the first run. */
  previous: Pick<ResultHistoryRow, 'segment' | 'totalValue' | 'netContribution' | 'asOf'> | null;
  /** Newest first. */
  history: ResultHistoryRow[];
  calculatedAt: number;
}

export async function companyCard(store: Store, tenant: TenantId, companyId: string, historyLength = 24): Promise<CompanyCard> {
  const result = await store.latestResult(tenant, companyId);
  if (!result) throw new AppError('company.not_found', `No results for company ${companyId}: it is unknown or has not been computed yet.`);
  const history = await store.history(tenant, companyId, historyLength);
  const previousRow = history[1];
  return {
    result,
    previous: previousRow
      ? { segment: previousRow.segment, totalValue: previousRow.totalValue, netContribution: previousRow.netContribution, asOf: previousRow.asOf }
      : null,
    history,
    calculatedAt: history[0]?.asOf ?? 0,
  };
}
