// Use case: one tenant's cycle — pull changes from its CRM, recompute (everything, or the
// companies that changed), write changed values back, keep the reps' contact-schedule tasks in
// step (when tasks are on). The scheduler and `sync` run it.
import { keepTasks, type TaskKeeping, type TaskReport } from './contact-tasks.ts';
import type { CrmSource, CrmWriter, SyncMode, WriteReport } from './ports/crm.port.ts';
import type { TenantId } from './ports/store.port.ts';
import { recomputeAll, recomputeCompanies, type RecomputeDeps, type RecomputeOutcome } from './recompute.ts';
import type { ShardedOutcome } from './sharded-run.ts';
import { syncTenant, type SyncOutcome } from './sync.ts';
import { pendingUpdates, refusedWrites, writeBack } from './write-back.ts';

export interface RefreshOutcome {
  tenant: TenantId;
  sync: SyncOutcome | null;
  recompute: RecomputeOutcome | null;
  write: WriteReport | null;
  tasks: TaskReport | null;
  /** A full run done as shards by every instance (PostgreSQL): its shards and what its write stage wrote. */
  sharded: ShardedOutcome | null;
}

export interface RefreshOptions {
  /** Full runs as shard jobs for every instance (PostgreSQL with scale.sharded); absent: in this process. */
  sharded?: ((tenant: TenantId) => Promise<ShardedOutcome>) | null;
}

export async function refreshTenant(
  deps: RecomputeDeps,
  tenant: TenantId,
  crm: { source: CrmSource | null; writer: CrmWriter | null; tasks?: TaskKeeping | null },
  mode: SyncMode,
  options: RefreshOptions = {},
): Promise<RefreshOutcome> {
  const sync = crm.source ? await syncTenant(deps.store, crm.source, mode, deps.log, { strategic: deps.config.strategic }) : null;
  if (sync) deps.population.forget(tenant, sync.deletedCompanyIds);
  let recompute: RecomputeOutcome | null = null;
  // Companies the CRM refused last time are tried again, changed or not.
  const retry = mode === 'incremental' && crm.writer ? (await refusedWrites(deps.store, tenant)).map((r) => r.companyId) : [];
  const dirty = [...new Set([...(sync?.changedCompanyIds ?? []), ...retry])];
  if (mode === 'full' && options.sharded) {
    // The shards write back their own companies; the tasks follow from the stored results, page by page.
    const sharded = await options.sharded(tenant);
    const tasks = crm.tasks ? await keepTasks(deps, crm.tasks, sharded.recompute, true) : null;
    return { tenant, sync, recompute: sharded.recompute, write: null, tasks, sharded };
  }
  // A full run keeps none of its results; what changed is read back from the store page by page.
  if (mode === 'full') recompute = await recomputeAll(deps, tenant, { onResults: () => undefined });
  else if (dirty.length > 0) recompute = await recomputeCompanies(deps, tenant, dirty);
  const updates = mode === 'full' ? pendingUpdates(deps.store, tenant) : (recompute?.updates ?? []);
  const write = crm.writer && recompute ? await writeBack(deps.store, crm.writer, updates, deps.log, recompute.run) : null;
  const tasks = crm.tasks && recompute ? await keepTasks(deps, crm.tasks, recompute, mode === 'full') : null;
  return { tenant, sync, recompute, write, tasks, sharded: null };
}
