// Use case: everything the company card (HubSpot) and the dashboard's company page show.
import type { ValueModelConfig } from '../domain/model-config.ts';
import type { CompanyResult } from '../domain/results.ts';
import { serviceStanding, type ServiceStanding } from '../domain/service-level.ts';
import { companyWhatIf, type CompanyWhatIf } from '../domain/what-if.ts';
import { AppError } from './errors.ts';
import { ownerNames } from './owner-names.ts';
import type { ResultHistoryRow, Store, TenantId } from './ports/store.port.ts';

export type HistoryPoint = Omit<ResultHistoryRow, 'companyId'>;

export interface CompanyCard {
  result: CompanyResult;
  /** The result before the latest run, for trends; null after the first run. */
  previous: HistoryPoint | null;
  /** Newest first. */
  history: HistoryPoint[];
  calculatedAt: number;
  /** The figures behind the service flag, so a screen can word them in its own language. */
  service: ServiceStanding;
  /** The company's owner, by name when the CRM named them (else the name is null: show the id). */
  owner: { id: string; name: string | null } | null;
  /** What each option for a loss-maker would earn (D and over-served customers; null for others). */
  whatIf: CompanyWhatIf | null;
  /** The satisfaction grade with the survey responses it averages (null responses: typed in); null when unknown. */
  satisfaction: { score: number; responses: number | null } | null;
}

/** How many past runs the card shows. */
export const CARD_HISTORY = 24;

export async function companyCard(store: Store, config: ValueModelConfig, tenant: TenantId, companyId: string, historyLength = CARD_HISTORY): Promise<CompanyCard> {
  const [result, rows] = await Promise.all([store.latestResult(tenant, companyId), store.history(tenant, companyId, historyLength)]);
  if (!result) throw new AppError('company.not_found', `No results for company ${companyId}: it is unknown or has not been computed yet.`);
  const names = result.ownerId === null ? {} : await ownerNames(store, tenant);
  const history = rows.map(({ companyId: _, ...point }) => point);
  // Live results are as of the time their run ran (§3.7): the newest history point's asOf.
  const calculatedAt = history[0]?.asOf ?? 0;
  return {
    result,
    previous: history[1] ?? null,
    history,
    calculatedAt,
    service: serviceStanding(result.segment, result.costToServeRatio, result.grossMargin, result.contacts, config, calculatedAt),
    owner: result.ownerId === null ? null : { id: result.ownerId, name: Object.hasOwn(names, result.ownerId) ? names[result.ownerId]! : null },
    whatIf: companyWhatIf(result, config),
    // Results saved before the response count existed lack it: typed in, as far as they know.
    satisfaction: result.satisfaction === null ? null : { score: result.satisfaction, responses: result.satisfactionResponses ?? null },
  };
}
