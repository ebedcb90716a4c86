// Use case: bring a few companies up to date — fresh copies from the CRM (just those records),
// stored, recomputed with every company that depends on them, and written back. Webhook work and the workflow action run it; running it
// twice changes nothing, since only values that differ from the last written ones are sent.
import type { CompanyResult } from '../domain/results.ts';
import { keepTasks, type TaskKeeping, type TaskReport } from './contact-tasks.ts';
import { AppError } from './errors.ts';
import type { CrmSource, CrmWriter, WriteReport } from './ports/crm.port.ts';
import type { PortfolioChanges, TenantId } from './ports/store.port.ts';
import { recomputeCompanies, type RecomputeDeps, type RecomputeOutcome } from './recompute.ts';
import { companiesLeft, dropRemovedOverrides, touchedCompanies } from './sync.ts';
import { writeBack } from './write-back.ts';

export interface CompanyRefresh {
  /** Null when no company was left to recompute. */
  recompute: RecomputeOutcome | null;
  write: WriteReport | null;
  /** The contact-schedule tasks of the recomputed companies, when tasks are on. */
  tasks: TaskReport | null;
  /** Companies the CRM no longer has (deleted, or merged away), removed from the store. */
  removed: string[];
}

/** A tenant's CRM: where records come from, where values go, and its tasks (null: tasks are off). */
export interface TenantConnection {
  source: CrmSource | null;
  writer: CrmWriter | null;
  tasks?: TaskKeeping | null;
}

export interface RefreshRequest {
  companyIds: readonly string[];
  /** Companies merged into others: removed without asking the CRM. */
  mergedAway?: readonly string[];
  /** Deals and activities deleted in the CRM. */
  gone?: { dealIds: readonly string[]; activityIds: readonly string[] };
}

export async function refreshCompanies(
  deps: RecomputeDeps,
  tenant: TenantId,
  crm: TenantConnection,
  request: RefreshRequest,
): Promise<CompanyRefresh> {
  const { store } = deps;
  const dirty = new Set(request.companyIds);
  let fromCrm: PortfolioChanges = {};
  if (crm.source && dirty.size > 0) {
    const page = await crm.source.pullCompanies([...dirty]);
    for (const skip of page.skipped) deps.log.warn({ tenant, ...skip }, 'record skipped during refresh');
    fromCrm = page.changes;
    for (const id of touchedCompanies(fromCrm)) dirty.add(id);
  }
  const changes: PortfolioChanges = {
    ...fromCrm,
    deletedCompanyIds: [...new Set([...(request.mergedAway ?? []), ...(fromCrm.deletedCompanyIds ?? [])])],
    deletedDealIds: [...(request.gone?.dealIds ?? []), ...(fromCrm.deletedDealIds ?? [])],
    deletedActivityIds: [...(request.gone?.activityIds ?? []), ...(fromCrm.deletedActivityIds ?? [])],
  };
  // Where moved or deleted deals and activities were, and whoever read a removed company's
  // figures (its referrer, influencer, parent): those lose them.
  for (const id of await companiesLeft(store, tenant, changes, deps.config.strategic)) dirty.add(id);
  const removed = changes.deletedCompanyIds!;
  await store.applyChanges(tenant, changes);
  // A fresh copy carries the override as the CRM holds it: one that comes without had it cleared.
  await dropRemovedOverrides(store, tenant, fromCrm);
  deps.population.forget(tenant, removed);
  for (const id of removed) dirty.delete(id);

  if (dirty.size === 0) return { recompute: null, write: null, tasks: null, removed };
  const recompute = await recomputeCompanies(deps, tenant, [...dirty]);
  const write = crm.writer ? await writeBack(store, crm.writer, recompute.updates, deps.log, recompute.run) : null;
  const tasks = crm.tasks ? await keepTasks(deps, crm.tasks, recompute, false) : null;
  return { recompute, write, tasks, removed };
}

/**
 * One company, fresh: its result once it is stored and written back. company.not_found when
 * the CRM no longer has it; the write-back's own code when its values did not reach the CRM.
 */
export async function refreshCompany(
  deps: RecomputeDeps,
  tenant: TenantId,
  crm: TenantConnection,
  companyId: string,
): Promise<CompanyResult> {
  const refresh = await refreshCompanies(deps, tenant, crm, { companyIds: [companyId] });
  const result = refresh.recompute?.results.find((r) => r.companyId === companyId);
  if (!result) throw new AppError('company.not_found', `Company ${companyId} is not known${crm.source ? ' in the CRM (deleted, or merged into another)' : ''}.`);
  const failure = refresh.write?.failed.find((f) => f.companyId === companyId);
  if (failure) throw new AppError(failure.code, `The new values could not be written to the CRM: ${failure.message}`);
  const unwritten = refresh.recompute?.updates.some((u) => u.companyId === companyId) && !refresh.write?.written.some((u) => u.companyId === companyId);
  if (refresh.write && unwritten) throw new AppError(refresh.write.stoppedBy ?? 'crm.write_failed', 'The CRM stopped the write-back before this company; it is written on the next run.');
  return result;
}
