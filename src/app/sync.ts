// Use case: pull changes from a CRM source into the store, page by page, moving the
// checkpoint only after a page is safely stored.
import type { CrmSource, SkippedRecord, SyncMode } from './ports/crm.port.ts';
import type { Logger } from './ports/logger.port.ts';
import type { PortfolioChanges, Store } from './ports/store.port.ts';

export const SYNC_CHECKPOINT = 'sync';

export interface SyncOutcome {
  mode: SyncMode;
  pages: number;
  records: number;
  skipped: SkippedRecord[];
  /** Companies whose own records or deals/activities changed: the incremental run's dirty set. */
  changedCompanyIds: string[];
  deletedCompanyIds: string[];
}

export async function syncTenant(store: Store, source: CrmSource, mode: SyncMode, log: Logger): Promise<SyncOutcome> {
  const tenant = source.tenant;
  const checkpoint = mode === 'incremental' ? await store.getCheckpoint(tenant, SYNC_CHECKPOINT) : null;
  const outcome: SyncOutcome = { mode, pages: 0, records: 0, skipped: [], changedCompanyIds: [], deletedCompanyIds: [] };
  const changed = new Set<string>();
  const deleted = new Set<string>();
  for await (const page of source.pull({ mode, checkpoint })) {
    await store.applyChanges(tenant, page.changes);
    if (page.checkpoint !== undefined) await store.setCheckpoint(tenant, SYNC_CHECKPOINT, page.checkpoint);
    outcome.pages += 1;
    outcome.records += countRecords(page.changes);
    outcome.skipped.push(...page.skipped);
    for (const id of touchedCompanies(page.changes)) changed.add(id);
    for (const id of page.changes.deletedCompanyIds ?? []) deleted.add(id);
  }
  for (const skip of outcome.skipped) log.warn({ tenant, ...skip }, 'record skipped during sync');
  for (const id of deleted) changed.delete(id);
  outcome.changedCompanyIds = [...changed];
  outcome.deletedCompanyIds = [...deleted];
  log.info({ tenant, mode, pages: outcome.pages, records: outcome.records, skipped: outcome.skipped.length }, 'sync finished');
  return outcome;
}

export function countRecords(c: PortfolioChanges): number {
  return (
    (c.companies?.length ?? 0) +
    (c.deals?.length ?? 0) +
    (c.activities?.length ?? 0) +
    (c.relations?.length ?? 0) +
    (c.overrides?.length ?? 0) +
    (c.deletedCompanyIds?.length ?? 0) +
    (c.deletedDealIds?.length ?? 0) +
    (c.deletedActivityIds?.length ?? 0)
  );
}

/** Every company a page of changes touches (a relation touches both ends: each one's strategic value moves). */
export function touchedCompanies(c: PortfolioChanges): Set<string> {
  const ids = new Set<string>();
  for (const x of c.companies ?? []) ids.add(x.id);
  for (const x of c.deals ?? []) ids.add(x.companyId);
  for (const x of c.activities ?? []) ids.add(x.companyId);
  for (const x of c.overrides ?? []) ids.add(x.companyId);
  for (const r of c.relations ?? []) {
    ids.add(r.fromCompanyId);
    ids.add(r.toCompanyId);
  }
  return ids;
}
