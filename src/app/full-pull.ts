// A full pull as a snapshot (PRODUCT.md §3.7): the whole CRM, or the whole folder of CSV
// exports. What it brought is kept; what it did not bring is gone there and is removed here.
import type { Relation } from '../domain/records.ts';
import type { PortfolioChanges, Store, TenantId } from './ports/store.port.ts';

export interface RemovedCounts {
  companies: number;
  deals: number;
  activities: number;
  relations: number;
  overrides: number;
}

/** Every record a full pull brought, by key: what the store keeps. */
export interface Seen {
  companies: Set<string>;
  deals: Set<string>;
  activities: Set<string>;
  relations: Set<string>;
  overrides: Set<string>;
}

export function nothingSeen(): Seen {
  return { companies: new Set(), deals: new Set(), activities: new Set(), relations: new Set(), overrides: new Set() };
}

export function see(seen: Seen, changes: PortfolioChanges): void {
  for (const c of changes.companies ?? []) seen.companies.add(c.id);
  for (const d of changes.deals ?? []) seen.deals.add(d.id);
  for (const a of changes.activities ?? []) seen.activities.add(a.id);
  for (const r of changes.relations ?? []) seen.relations.add(relationKey(r));
  for (const o of changes.overrides ?? []) seen.overrides.add(o.companyId);
  // A full pull may report deletions too: those records are gone whatever came before.
  for (const id of changes.deletedCompanyIds ?? []) seen.companies.delete(id);
  for (const id of changes.deletedDealIds ?? []) seen.deals.delete(id);
  for (const id of changes.deletedActivityIds ?? []) seen.activities.delete(id);
}

/**
 * A full pull is the whole CRM, and a folder of CSV exports the whole portfolio (§3.7): what
 * it did not bring is gone there — companies, deals, activities, relations (a removed referral
 * or influence link no longer adds strategic value) and overrides (a rep cleared it).
 */
export async function removeAbsent(store: Store, tenant: TenantId, seen: Seen): Promise<{ counts: RemovedCounts; companyIds: string[]; touched: string[] }> {
  // The frame, and the deals and activities scanned for their ids only: never the whole portfolio at once.
  const stored = await store.loadFrame(tenant);
  const companyIds = stored.companies.filter((c) => !seen.companies.has(c.id)).map((c) => c.id);
  const goneCompanies = new Set(companyIds);
  const changes: Required<Pick<PortfolioChanges, 'deletedCompanyIds' | 'deletedDealIds' | 'deletedActivityIds' | 'deletedRelations'>> = {
    deletedCompanyIds: companyIds,
    deletedDealIds: [],
    deletedActivityIds: [],
    deletedRelations: stored.relations.filter((r) => !seen.relations.has(relationKey(r))),
  };
  await store.scanRecords(tenant, {
    deal: (d) => void (seen.deals.has(d.id) || changes.deletedDealIds.push(d.id)),
    activity: (a) => void (seen.activities.has(a.id) || changes.deletedActivityIds.push(a.id)),
  });
  const overrides = stored.overrides.filter((o) => !seen.overrides.has(o.companyId)).map((o) => o.companyId);
  const counts: RemovedCounts = {
    companies: companyIds.length,
    deals: changes.deletedDealIds.length,
    activities: changes.deletedActivityIds.length,
    relations: changes.deletedRelations.length,
    overrides: overrides.length,
  };
  if (counts.companies + counts.deals + counts.activities + counts.relations > 0) await store.applyChanges(tenant, changes);
  // A deleted company took its override along.
  for (const id of overrides) if (!goneCompanies.has(id)) await store.removeOverride(tenant, id);
  // A removed link changes the strategic value of its `from` company.
  return { counts, companyIds, touched: [...new Set(changes.deletedRelations.map((r) => r.fromCompanyId))] };
}

export function relationKey(r: Relation): string {
  return `${r.kind}\u0000${r.fromCompanyId}\u0000${r.toCompanyId}`;
}
