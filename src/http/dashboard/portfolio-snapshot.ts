// The tenant's overview and customer rows, read once per run: a portal of 100,000
// companies is not reread on every page view, and a newer run (from any instance) is seen
// at the next request because the key is the store's latest run.
import { ownerLabel, type OwnerNames } from '../../app/owner-names.ts';
import { portfolioOverview, type PortfolioOverview } from '../../app/portfolio-overview.ts';
import type { Store, TenantId } from '../../app/ports/store.port.ts';
import type { ValueModelConfig } from '../../domain/model-config.ts';
import { customerRow, NO_OWNER, type CustomerRow } from './customer-list.ts';

export interface PortfolioSnapshot {
  overview: PortfolioOverview;
  rows: CustomerRow[];
  names: Map<string, string>;
  /** Owner ids for the list's filter, with NO_OWNER when some companies have none. */
  owners: string[];
  /** Owner id → "First Last" (ids without a name show as themselves). */
  ownerNames: OwnerNames;
}

export type SnapshotLoader = (tenant: TenantId) => Promise<PortfolioSnapshot>;

export function snapshotLoader(store: Store, config: ValueModelConfig): SnapshotLoader {
  const cache = new Map<TenantId, { key: string; snapshot: Promise<PortfolioSnapshot> }>();
  return async (tenant) => {
    const run = await store.lastRun(tenant);
    const key = run ? `${run.id}/${run.status}/${run.finishedAt}` : 'none';
    const cached = cache.get(tenant);
    if (cached?.key === key) return cached.snapshot;
    const snapshot = load(store, config, tenant);
    cache.set(tenant, { key, snapshot });
    snapshot.catch(() => {
      if (cache.get(tenant)?.snapshot === snapshot) cache.delete(tenant);
    });
    return snapshot;
  };
}

async function load(store: Store, config: ValueModelConfig, tenant: TenantId): Promise<PortfolioSnapshot> {
  const [overview, results] = await Promise.all([portfolioOverview(store, tenant, config), store.latestResults(tenant)]);
  const rows = results.map((r) => customerRow(r, overview.ownerNames));
  const owners = new Set(rows.map((r) => r.ownerId ?? NO_OWNER));
  const label = (id: string) => ownerLabel(overview.ownerNames, id);
  return {
    overview,
    rows,
    names: new Map(rows.map((r) => [r.companyId, r.name])),
    owners: [...owners].sort((a, b) => label(a).localeCompare(label(b))),
    ownerNames: overview.ownerNames,
  };
}
