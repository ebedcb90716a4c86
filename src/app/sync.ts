// Use case: pull changes from a CRM source into the store, page by page, moving the
// checkpoint only after a page is safely stored.
import type { CrmSource, SkippedRecord, SyncMode } from './ports/crm.port.ts';
import type { Logger } from './ports/logger.port.ts';
import type { Relation } from '../domain/records.ts';
import type { PortfolioChanges, Store, TenantId } from './ports/store.port.ts';

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
  const seen = new Set<string>();
  const seenRelations = new Set<string>();
  for await (const page of source.pull({ mode, checkpoint })) {
    // A deal or activity that moves to another company, or is deleted, leaves a company
    // behind that must be recomputed too (a full run recomputes everything anyway).
    if (mode === 'incremental') for (const id of await companiesLeft(store, tenant, page.changes)) changed.add(id);
    await store.applyChanges(tenant, page.changes);
    await dropRemovedOverrides(store, tenant, page.changes);
    for (const c of page.changes.companies ?? []) seen.add(c.id);
    for (const r of page.changes.relations ?? []) seenRelations.add(relationKey(r));
    if (page.checkpoint !== undefined) await store.setCheckpoint(tenant, SYNC_CHECKPOINT, page.checkpoint);
    outcome.pages += 1;
    outcome.records += countRecords(page.changes);
    outcome.skipped.push(...page.skipped);
    for (const id of touchedCompanies(page.changes)) changed.add(id);
    for (const id of page.changes.deletedCompanyIds ?? []) deleted.add(id);
  }
  // A full pull is the whole CRM: what it did not bring is gone there.
  if (mode === 'full') {
    const stored = await store.loadPortfolio(tenant);
    const gone = stored.companies.map((c) => c.id).filter((id) => !seen.has(id));
    // A referral or influence link removed in the CRM: it no longer adds strategic value.
    const goneRelations = stored.relations.filter((r) => !seenRelations.has(relationKey(r)));
    if (gone.length > 0 || goneRelations.length > 0) {
      await store.applyChanges(tenant, { deletedCompanyIds: gone, deletedRelations: goneRelations });
      for (const id of gone) deleted.add(id);
      for (const r of goneRelations) for (const id of [r.fromCompanyId, r.toCompanyId]) changed.add(id);
      outcome.records += gone.length + goneRelations.length;
    }
  }
  for (const skip of outcome.skipped) log.warn({ tenant, ...skip }, 'record skipped during sync');
  for (const id of deleted) changed.delete(id);
  outcome.changedCompanyIds = [...changed];
  outcome.deletedCompanyIds = [...deleted];
  log.info({ tenant, mode, pages: outcome.pages, records: outcome.records, skipped: outcome.skipped.length }, 'sync finished');
  return outcome;
}

/**
 * A page carries each of its companies' override as the CRM holds it now; a company that
 * comes without one had its override removed there (a rep cleared the property).
 */
async function dropRemovedOverrides(store: Store, tenant: TenantId, changes: PortfolioChanges): Promise<void> {
  const companies = changes.companies ?? [];
  if (companies.length === 0) return;
  const withOverride = new Set((changes.overrides ?? []).map((o) => o.companyId));
  const candidates = companies.map((c) => c.id).filter((id) => !withOverride.has(id));
  if (candidates.length === 0) return;
  const stored = await store.loadCompanies(tenant, candidates);
  const wanted = new Set(candidates);
  for (const o of stored.overrides) if (wanted.has(o.companyId)) await store.removeOverride(tenant, o.companyId);
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
    (c.deletedActivityIds?.length ?? 0) +
    (c.deletedRelations?.length ?? 0)
  );
}

/** The companies, as stored before `changes`, of the deals and activities it updates or deletes. */
export async function companiesLeft(store: Store, tenant: TenantId, changes: PortfolioChanges): Promise<string[]> {
  const dealIds = [...(changes.deals ?? []).map((d) => d.id), ...(changes.deletedDealIds ?? [])];
  const activityIds = [...(changes.activities ?? []).map((a) => a.id), ...(changes.deletedActivityIds ?? [])];
  return dealIds.length + activityIds.length === 0 ? [] : store.companiesOfRecords(tenant, { dealIds, activityIds });
}

/** Every company a page of changes touches (a relation touches both ends: each one's strategic value moves). */
export function touchedCompanies(c: PortfolioChanges): Set<string> {
  const ids = new Set<string>();
  for (const x of c.companies ?? []) ids.add(x.id);
  for (const x of c.deals ?? []) ids.add(x.companyId);
  for (const x of c.activities ?? []) ids.add(x.companyId);
  for (const x of c.overrides ?? []) ids.add(x.companyId);
  for (const r of [...(c.relations ?? []), ...(c.deletedRelations ?? [])]) {
    ids.add(r.fromCompanyId);
    ids.add(r.toCompanyId);
  }
  return ids;
}

function relationKey(r: Relation): string {
  return `${r.kind}\u0000${r.fromCompanyId}\u0000${r.toCompanyId}`;
}
