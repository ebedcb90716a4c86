// Use case: the managers' overview of a tenant — the report over the latest results, with
// migration since the previous full run. The CLI `report` and the dashboard both show it,
// so their figures cannot drift apart.
import type { ValueModelConfig } from '../domain/model-config.ts';
import { portfolioReport, type PortfolioReport } from '../domain/portfolio-report.ts';
import type { RunRecord, Store, TenantId } from './ports/store.port.ts';
import { ownerNames, type OwnerNames } from './owner-names.ts';
import { previousFullLevels } from './recompute.ts';
import { refusedWrites, type RefusedWrite } from './write-back.ts';

export interface PortfolioOverview {
  tenant: TenantId;
  lastFullRun: RunRecord | null;
  report: PortfolioReport;
  /** Owner id → "First Last" for the owners the CRM named (show the id for the others). */
  ownerNames: OwnerNames;
  /** Companies the CRM refused to write (a validation rule, a bad value), waiting for the next run. */
  refusedWrites: RefusedWrite[];
}

export async function portfolioOverview(store: Store, tenant: TenantId, config: ValueModelConfig): Promise<PortfolioOverview> {
  const lastFullRun = await store.lastRun(tenant, 'full', 'succeeded');
  const results = await store.latestResults(tenant);
  // Migration compares the latest full run with the full run before it.
  const previous = lastFullRun ? await previousFullLevels(store, tenant, lastFullRun) : null;
  return {
    tenant,
    lastFullRun,
    report: portfolioReport(results, config, previous),
    ownerNames: await ownerNames(store, tenant),
    refusedWrites: await refusedWrites(store, tenant),
  };
}
