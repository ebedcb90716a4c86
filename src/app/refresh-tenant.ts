// Use case: one tenant's cycle — pull changes from its CRM, recompute (everything, or the
// companies that changed), write changed values back. The scheduler and `sync` run it.
import type { CrmSource, CrmWriter, SyncMode, WriteReport } from './ports/crm.port.ts';
import type { TenantId } from './ports/store.port.ts';
import { recomputeAll, recomputeCompanies, type RecomputeDeps, type RecomputeOutcome } from './recompute.ts';
import { syncTenant, type SyncOutcome } from './sync.ts';
import { refusedWrites, writeBack } from './write-back.ts';

export interface RefreshOutcome {
  tenant: TenantId;
  sync: SyncOutcome | null;
  recompute: RecomputeOutcome | null;
  write: WriteReport | null;
}

export async function refreshTenant(
  deps: RecomputeDeps,
  tenant: TenantId,
  crm: { source: CrmSource | null; writer: CrmWriter | null },
  mode: SyncMode,
): Promise<RefreshOutcome> {
  const sync = crm.source ? await syncTenant(deps.store, crm.source, mode, deps.log, { strategic: deps.config.strategic }) : null;
  if (sync) deps.population.forget(tenant, sync.deletedCompanyIds);
  let recompute: RecomputeOutcome | null = null;
  // Companies the CRM refused last time are tried again, changed or not.
  const retry = mode === 'incremental' && crm.writer ? (await refusedWrites(deps.store, tenant)).map((r) => r.companyId) : [];
  const dirty = [...new Set([...(sync?.changedCompanyIds ?? []), ...retry])];
  if (mode === 'full') recompute = await recomputeAll(deps, tenant);
  else if (dirty.length > 0) recompute = await recomputeCompanies(deps, tenant, dirty);
  const write = crm.writer && recompute ? await writeBack(deps.store, crm.writer, recompute.updates, deps.log, recompute.run) : null;
  return { tenant, sync, recompute, write };
}
