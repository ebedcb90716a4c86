// Use case: pull changes from a CRM source into the store, page by page, moving the
// checkpoint only after a page is safely stored. A full pull is a snapshot (full-pull.ts); an
// incremental one names the companies its changes touch and leave behind.
import type { CrmSource, SkippedRecord, SyncMode } from './ports/crm.port.ts';
import type { Logger } from './ports/logger.port.ts';
import { dependentCompanies } from '../domain/dependants.ts';
import type { ValueModelConfig } from '../domain/model-config.ts';
import type { PortfolioChanges, Store, TenantId } from './ports/store.port.ts';
import { nothingSeen, removeAbsent, see, type RemovedCounts } from './full-pull.ts';

export const SYNC_CHECKPOINT = 'sync';

export interface SyncOutcome {
  mode: SyncMode;
  pages: number;
  records: number;
  skipped: SkippedRecord[];
  /** Companies whose own records or deals/activities changed: the incremental run's dirty set. */
  changedCompanyIds: string[];
  deletedCompanyIds: string[];
  /** What a full pull removed because the CRM (or the folder) no longer has it; all 0 for an incremental pull. */
  removed: RemovedCounts;
}

export interface SyncOptions {
  /** The model's strategic settings, to know whom a changed company's parent is to (see companiesLeft). */
  strategic?: Pick<ValueModelConfig['strategic'], 'parentInfluence'>;
}

export async function syncTenant(store: Store, source: CrmSource, mode: SyncMode, log: Logger, options: SyncOptions = {}): Promise<SyncOutcome> {
  const tenant = source.tenant;
  const checkpoint = mode === 'incremental' ? await store.getCheckpoint(tenant, SYNC_CHECKPOINT) : null;
  const outcome: SyncOutcome = { mode, pages: 0, records: 0, skipped: [], changedCompanyIds: [], deletedCompanyIds: [], removed: { companies: 0, deals: 0, activities: 0, relations: 0, overrides: 0 } };
  const changed = new Set<string>();
  const deleted = new Set<string>();
  const seen = nothingSeen();
  for await (const page of source.pull({ mode, checkpoint })) {
    if (mode === 'incremental') {
      // A deal or activity that moves to another company, or is deleted, leaves a company
      // behind that must be recomputed too (a full run recomputes everything anyway).
      for (const id of await companiesLeft(store, tenant, page.changes, options.strategic)) changed.add(id);
      await store.applyChanges(tenant, page.changes);
      await dropRemovedOverrides(store, tenant, page.changes);
    } else {
      await store.applyChanges(tenant, page.changes);
      see(seen, page.changes);
    }
    if (page.checkpoint !== undefined) await store.setCheckpoint(tenant, SYNC_CHECKPOINT, page.checkpoint);
    outcome.pages += 1;
    outcome.records += countRecords(page.changes);
    outcome.skipped.push(...page.skipped);
    for (const id of touchedCompanies(page.changes)) changed.add(id);
    for (const id of page.changes.deletedCompanyIds ?? []) deleted.add(id);
  }
  if (mode === 'full') {
    const gone = await removeAbsent(store, tenant, seen);
    outcome.removed = gone.counts;
    outcome.records += Object.values(gone.counts).reduce((a, b) => a + b, 0);
    for (const id of gone.companyIds) deleted.add(id);
    for (const id of gone.touched) changed.add(id);
  }
  for (const skip of outcome.skipped) log.warn({ tenant, ...skip }, 'record skipped during sync');
  for (const id of deleted) changed.delete(id);
  outcome.changedCompanyIds = [...changed];
  outcome.deletedCompanyIds = [...deleted];
  log.info({ tenant, mode, pages: outcome.pages, records: outcome.records, skipped: outcome.skipped.length, removed: outcome.removed }, 'sync finished');
  return outcome;
}

/**
 * A page carries each of its companies' override as the CRM holds it now; a company that
 * comes without one had its override removed there (a rep cleared the property).
 */
export async function dropRemovedOverrides(store: Store, tenant: TenantId, changes: PortfolioChanges): Promise<void> {
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

const ANY_READER = { parentInfluence: true };

/**
 * What `changes` leaves behind, read from the store before they are applied: the companies
 * its deals and activities move away from or are deleted from, and whoever read the figures
 * of a company it changes or deletes (that company's old parent, or the referrer of a company
 * that is gone). Without the model's strategic settings every parent counts as a reader:
 * recomputing one company too many never changes a figure.
 */
export async function companiesLeft(store: Store, tenant: TenantId, changes: PortfolioChanges, strategic: Pick<ValueModelConfig['strategic'], 'parentInfluence'> = ANY_READER): Promise<string[]> {
  const dealIds = [...(changes.deals ?? []).map((d) => d.id), ...(changes.deletedDealIds ?? [])];
  const activityIds = [...(changes.activities ?? []).map((a) => a.id), ...(changes.deletedActivityIds ?? [])];
  const left = new Set(dealIds.length + activityIds.length === 0 ? [] : await store.companiesOfRecords(tenant, { dealIds, activityIds }));
  const companies = new Set([...(changes.companies ?? []).map((c) => c.id), ...(changes.deletedCompanyIds ?? [])]);
  if (companies.size > 0) {
    for (const id of dependentCompanies(companies, await store.loadDependencyLinks(tenant, [...companies]), strategic)) left.add(id);
  }
  return [...left];
}

/**
 * Every company whose own records a page of changes touches. A relation touches its `from`
 * company (that one's referral or influence value reads the other); whoever reads a touched
 * company is added by the recompute (recomputeCompanies), the one place that knows.
 */
export function touchedCompanies(c: PortfolioChanges): Set<string> {
  const ids = new Set<string>();
  for (const x of c.companies ?? []) ids.add(x.id);
  for (const x of c.deals ?? []) ids.add(x.companyId);
  for (const x of c.activities ?? []) ids.add(x.companyId);
  for (const x of c.overrides ?? []) ids.add(x.companyId);
  for (const r of c.relations ?? []) ids.add(r.fromCompanyId);
  for (const r of c.deletedRelations ?? []) ids.add(r.fromCompanyId);
  return ids;
}
