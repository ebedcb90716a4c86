// Use case: keep the reps' CRM tasks in step with the contact schedule after a live run (full
// or incremental; a what-if or a dry run touches nothing), and "Create task now" on the card.
// Planning is the domain's (domain/contact-tasks.ts); this reads and writes the store and the CRM.
//
// Idempotent twice over. The store keeps every task with its CRM id, and each task carries its
// marker in the CRM (HubSpot property kw_task_key, Salesforce field KW_Task_Key__c): a task
// is written to the store as pending before it is sent, so after a crash mid-create the next
// run finds it by marker instead of creating it again; and a store that was lost (or a new
// database) first adopts every open task carrying a marker, once. A property of our own rather
// than a tag in the body: reps edit bodies, the CRMs search properties exactly, and the
// marker stays out of sight.
import {
  keyOfHash, parseMarker, planManualTask, planTasks, touchpointKey, type KnownTask, type TaskDraft, type TaskPlan, type TaskSettings,
} from '../domain/contact-tasks.ts';
import type { CompanyResult } from '../domain/results.ts';
import type { ValueModelConfig } from '../domain/model-config.ts';
import type { Instant } from '../domain/records.ts';
import { SEGMENTS } from '../domain/records.ts';
import { AppError, isAppError } from './errors.ts';
import type { CrmTask, CrmTasks, CrmTaskState, TaskWriteReport } from './ports/crm.port.ts';
import type { Logger } from './ports/logger.port.ts';
import { ownerNames } from './owner-names.ts';
import type { Store, TenantId } from './ports/store.port.ts';
import type { RecomputeOutcome } from './recompute.ts';
import { addRunCounts } from './write-back.ts';

/** A tenant's tasks connection and how tasks are worded and timed (config tasks, locale, roles). */
export interface TaskKeeping {
  crm: CrmTasks;
  settings: TaskSettings;
}

export interface TaskDeps {
  store: Store;
  config: Pick<ValueModelConfig, 'contacts'>;
  now: () => Instant;
  log: Logger;
}

export interface TaskReport {
  created: number;
  moved: number;
  completed: number;
  removed: number;
  /** Open tasks found completed or deleted in the CRM by a person. */
  closedByHand: number;
  failed: number;
  stoppedBy: string | null;
}

/** Set once a tenant's open tasks were adopted from the CRM (by marker): a lost store does it again. */
export const ADOPTED_CHECKPOINT = 'tasks.adopted';

const DELETED_NOTE = 'Deleted in the CRM.';

/** The run's counts as the run report shows them. */
export function taskRunCounts(report: TaskReport): Record<string, number> {
  return {
    tasks_created: report.created,
    tasks_moved: report.moved,
    tasks_completed: report.completed,
    tasks_removed: report.removed,
    tasks_closed_by_hand: report.closedByHand,
    tasks_failed: report.failed,
  };
}

/** A full run's results are read back from the store this many companies at a time (as its write-back does). */
export const TASK_PAGE = 2000;

/**
 * After a live run: settle what an earlier run left unsure, read where the open tasks of the
 * run's companies stand, plan, and write only the changes. Null for a what-if or a dry run.
 * `full`: the run covered every company. A full run keeps no results (a portfolio's worth is
 * what it avoids): they are read back from the store a page of companies at a time, each page
 * planned and written on its own, and afterwards the open tasks of companies without a result
 * (gone from the CRM) are removed.
 */
export async function keepTasks(deps: TaskDeps, tasks: TaskKeeping, outcome: RecomputeOutcome, full: boolean, pageSize = TASK_PAGE): Promise<TaskReport | null> {
  if (outcome.whatIf || outcome.run === null) return null;
  const { store, log } = deps;
  const tenant = tasks.crm.tenant;
  const report: TaskReport = { created: 0, moved: 0, completed: 0, removed: 0, closedByHand: 0, failed: 0, stoppedBy: null };
  const keep = async (results: readonly CompanyResult[], known: KnownTask[], gone: boolean) => {
    const read = await readStates(deps, tasks.crm, known);
    report.closedByHand += read.closedByHand;
    const plan = planTasks({ results, known: read.known, full: gone, settings: tasks.settings, now: outcome.asOf });
    await apply(deps, tasks.crm, plan, read.bodies, report);
  };
  const ofCompanies = (results: readonly CompanyResult[]) => store.listTasks(tenant, { companyIds: results.map((r) => r.companyId), current: true });
  try {
    await adoptFromCrm(deps, tasks.crm);
    await settlePending(deps, tasks.crm);
    if (!full) await keep(outcome.results, await ofCompanies(outcome.results), false);
    else {
      const seen = new Set<string>();
      for (let after: string | null = null; report.stoppedBy === null; ) {
        const page: CompanyResult[] = (await store.latestResultsAfter(tenant, after, pageSize)).map((r) => r.result);
        for (const r of page) seen.add(r.companyId);
        if (page.length > 0) await keep(page, await ofCompanies(page), false);
        if (page.length < pageSize) break;
        after = page[page.length - 1]!.companyId;
      }
      const orphans = (await store.listTasks(tenant, { status: 'open' })).filter((t) => !seen.has(t.companyId));
      if (orphans.length > 0 && report.stoppedBy === null) await keep([], orphans, true);
    }
  } catch (error) {
    // The CRM stopped answering (a limit, an outage): the run's values stand; tasks catch up next run.
    if (!isAppError(error) || !error.code.startsWith('crm.')) throw error;
    report.stoppedBy = error.code;
    log.warn({ tenant, code: error.code, reason: error.message }, 'keeping the tasks stopped; the rest waits for the next run');
  }
  await addRunCounts(store, outcome.run, taskRunCounts(report));
  log.info({ tenant, ...taskRunCounts(report), stoppedBy: report.stoppedBy }, 'contact-schedule tasks kept');
  return report;
}

/** Every touchpoint of the schedule, to read the touchpoint a marker names. */
function allTouchpoints(config: TaskDeps['config']) {
  return SEGMENTS.flatMap((s) => config.contacts.schedule[s]);
}

function adopted(task: CrmTask, config: TaskDeps['config'], now: Instant): KnownTask | null {
  const marker = parseMarker(task.marker);
  if (!marker) return null;
  return {
    marker: task.marker,
    companyId: marker.companyId,
    touchpointKey: keyOfHash(marker.keyHash, allTouchpoints(config)),
    crmId: task.crmId,
    dueDate: task.dueDate,
    basis: marker.basis,
    ownerId: task.ownerId,
    subject: task.subject,
    status: task.closed ? 'closed_by_hand' : 'open',
    createdAt: marker.createdAt,
    closedAt: task.closed ? now : null,
    note: null,
  };
}

/** Once per tenant (and again after the store is lost): the open tasks the CRM holds with our marker. */
async function adoptFromCrm(deps: TaskDeps, crm: CrmTasks): Promise<void> {
  const { store } = deps;
  if ((await store.getCheckpoint(crm.tenant, ADOPTED_CHECKPOINT)) !== null) return;
  const known = new Set((await store.listTasks(crm.tenant)).map((t) => t.marker));
  const now = deps.now();
  const found = (await crm.findOpen()).filter((t) => !known.has(t.marker)).flatMap((t) => adopted(t, deps.config, now) ?? []);
  await store.saveTasks(crm.tenant, found);
  await store.setCheckpoint(crm.tenant, ADOPTED_CHECKPOINT, new Date(now).toISOString());
  if (found.length > 0) deps.log.info({ tenant: crm.tenant, adopted: found.length }, 'open tasks found in the CRM by their marker and taken over');
}

/** Tasks an earlier run stored as pending and never heard back about: found by marker, or forgotten (never created). */
async function settlePending(deps: TaskDeps, crm: CrmTasks): Promise<void> {
  const { store } = deps;
  const pending = await store.listTasks(crm.tenant, { status: 'pending' });
  if (pending.length === 0) return;
  const found = new Map((await crm.findByMarkers(pending.map((t) => t.marker))).map((t) => [t.marker, t]));
  const now = deps.now();
  const created = pending.flatMap((t): KnownTask[] => {
    const crmTask = found.get(t.marker);
    return crmTask ? [{ ...t, crmId: crmTask.crmId, status: crmTask.closed ? 'closed_by_hand' : 'open', closedAt: crmTask.closed ? now : null }] : [];
  });
  await store.saveTasks(crm.tenant, created);
  await store.deleteTasks(crm.tenant, pending.filter((t) => !found.has(t.marker)).map((t) => t.marker));
  deps.log.info({ tenant: crm.tenant, found: created.length, forgotten: pending.length - created.length }, 'unsettled task creations settled');
}

interface ReadStates {
  known: KnownTask[];
  /** CRM id → the body the CRM holds (to add a note to when closing). */
  bodies: Map<string, string | null>;
  closedByHand: number;
}

/** Asks the CRM where the open tasks stand: one a person completed or deleted is closed by hand, for good. */
async function readStates(deps: TaskDeps, crm: CrmTasks, known: KnownTask[]): Promise<ReadStates> {
  const open = known.filter((t) => t.status === 'open' && t.crmId !== null);
  if (open.length === 0) return { known, bodies: new Map(), closedByHand: 0 };
  const states = new Map<string, CrmTaskState>((await crm.states(open.map((t) => t.crmId!))).map((s) => [s.crmId, s]));
  const now = deps.now();
  const closed: KnownTask[] = [];
  const current = known.map((t) => {
    const state = t.status === 'open' && t.crmId !== null ? states.get(t.crmId) : undefined;
    if (!state || state.state === 'open') return t;
    const task: KnownTask = { ...t, status: 'closed_by_hand', closedAt: now, note: state.state === 'gone' ? DELETED_NOTE : null };
    closed.push(task);
    return task;
  });
  await deps.store.saveTasks(crm.tenant, closed);
  return { known: current, bodies: new Map([...states].map(([id, s]) => [id, s.body])), closedByHand: closed.length };
}

function pendingRow(draft: TaskDraft, createdAt: Instant): KnownTask {
  return {
    marker: draft.marker,
    companyId: draft.companyId,
    touchpointKey: draft.touchpointKey,
    crmId: null,
    dueDate: draft.dueDate,
    basis: draft.basis,
    ownerId: draft.ownerId,
    subject: draft.subject,
    status: 'pending',
    createdAt,
    closedAt: null,
    note: null,
  };
}

/** Closings first (so a touchpoint never has two open tasks), then moves, then new tasks; a stop ends the work. */
async function apply(deps: TaskDeps, crm: CrmTasks, plan: TaskPlan, bodies: ReadonlyMap<string, string | null>, report: TaskReport): Promise<void> {
  const { store, log } = deps;
  const tenant = crm.tenant;
  const tally = (written: TaskWriteReport, what: string) => {
    report.failed += written.failed.length;
    for (const f of written.failed) log.error({ tenant, task: f.id, code: f.code, message: f.message }, `a task could not be ${what}`);
    report.stoppedBy ??= written.stoppedBy;
    return new Set(written.done);
  };
  const closeAll = async (closings: TaskPlan['complete'], status: 'completed' | 'removed') => {
    const withId = closings.filter((c) => c.task.crmId !== null);
    if (withId.length === 0 || report.stoppedBy) return;
    const written =
      status === 'completed'
        ? await crm.complete(withId.map((c) => ({ crmId: c.task.crmId!, body: bodies.get(c.task.crmId!) ?? null, note: c.note })))
        : await crm.remove(withId.map((c) => c.task.crmId!));
    const done = tally(written, status);
    const now = deps.now();
    const saved = withId.filter((c) => done.has(c.task.crmId!)).map((c): KnownTask => ({ ...c.task, status, closedAt: now, note: c.note }));
    await store.saveTasks(tenant, saved);
    if (status === 'completed') report.completed += saved.length;
    else report.removed += saved.length;
  };
  await closeAll(plan.remove, 'removed');
  await closeAll(plan.complete, 'completed');

  if (plan.move.length > 0 && !report.stoppedBy) {
    const moves = plan.move.filter((m) => m.task.crmId !== null);
    const done = tally(await crm.move(moves.map((m) => ({ crmId: m.task.crmId!, dueDate: m.dueDate, dueAt: m.dueAt, subject: m.subject }))), 'moved');
    const saved = moves.filter((m) => done.has(m.task.crmId!)).map((m): KnownTask => ({ ...m.task, dueDate: m.dueDate, subject: m.subject, basis: m.basis }));
    await store.saveTasks(tenant, saved);
    report.moved += saved.length;
  }

  if (plan.create.length > 0 && !report.stoppedBy) report.created += await createTasks(deps, crm, plan.create, report);
}

/**
 * Stored as pending first, then created; each accepted batch is stored at once with its CRM ids.
 * A refused task is forgotten; one whose fate is unknown (the call failed) stays pending until
 * the next run looks it up by marker. Answers how many were created.
 */
async function createTasks(deps: TaskDeps, crm: CrmTasks, drafts: readonly TaskDraft[], report: TaskReport): Promise<number> {
  const { store, log } = deps;
  const tenant = crm.tenant;
  const rows = new Map(drafts.map((d) => [d.marker, pendingRow(d, deps.now())]));
  await store.saveTasks(tenant, [...rows.values()]);
  let created = 0;
  const written = await crm.create(drafts, async (batch) => {
    await store.saveTasks(tenant, batch.map(({ marker, crmId }) => ({ ...rows.get(marker)!, crmId, status: 'open' })));
    created += batch.length;
  });
  report.failed += written.failed.length;
  report.stoppedBy ??= written.stoppedBy;
  for (const f of written.failed) log.error({ tenant, task: f.id, code: f.code, message: f.message }, 'a task could not be created');
  await store.deleteTasks(tenant, written.failed.map((f) => f.id));
  return created;
}

export type ManualTaskRefusal = 'task.not_in_schedule' | 'task.already_open' | 'task.pending';

/**
 * "Create task now" on the card: the task for one touchpoint of the company's schedule (its
 * latest result), whatever its due date, unless one is open already (asked of the CRM first,
 * so a task a rep just closed does not stand in the way).
 */
export async function createTaskNow(deps: TaskDeps, tasks: TaskKeeping, companyId: string, touchpointKey: string): Promise<KnownTask> {
  const { store } = deps;
  const tenant = tasks.crm.tenant;
  const result = await store.latestResult(tenant, companyId);
  if (!result) throw new AppError('company.not_found', `No results for company ${companyId}: it is unknown or has not been computed yet.`);
  await adoptFromCrm(deps, tasks.crm);
  const { known } = await readStates(deps, tasks.crm, await store.listTasks(tenant, { companyIds: [companyId], current: true }));
  const now = deps.now();
  const draft = planManualTask(result, touchpointKey, known, tasks.settings, now);
  if (draft === 'not_in_schedule') throw new AppError('task.not_in_schedule', `The contact schedule of company ${companyId} has no touchpoint ${touchpointKey}.`);
  if (draft === 'already_open') throw new AppError('task.already_open', `Company ${companyId} has an open task for ${touchpointKey} already.`);
  if (draft === 'pending') throw new AppError('task.pending', `A task for ${touchpointKey} is being created already; try again in a minute.`);
  const report: TaskReport = { created: 0, moved: 0, completed: 0, removed: 0, closedByHand: 0, failed: 0, stoppedBy: null };
  await createTasks(deps, tasks.crm, [draft], report);
  const [task] = await store.listTasks(tenant, { companyIds: [companyId], status: 'open' }).then((list) => list.filter((t) => t.marker === draft.marker));
  if (!task) throw new AppError(report.stoppedBy ?? 'crm.write_failed', 'The CRM did not take the task; nothing was created.');
  return task;
}

/** A touchpoint of the card's contact schedule with its open task, if any. */
export interface TouchpointTask {
  /** touchpointKey() of the touchpoint: what "Create task now" sends. */
  key: string;
  task: {
    /** Null while the CRM has not confirmed it yet. */
    crmId: string | null;
    dueDate: string;
    subject: string;
    status: 'open' | 'pending';
    owner: { id: string; name: string | null } | null;
  } | null;
}

/** The card's view of the tasks: one entry per touchpoint of the result's contact schedule, in its order. */
export async function touchpointTasks(store: Store, tenant: TenantId, result: CompanyResult): Promise<TouchpointTask[]> {
  const open = (await store.listTasks(tenant, { companyIds: [result.companyId], current: true })).filter((t) => t.status === 'open' || t.status === 'pending');
  const names = open.some((t) => t.ownerId !== null) ? await ownerNames(store, tenant) : {};
  return result.contacts.map((contact) => {
    const key = touchpointKey(contact.touchpoint);
    const task = open.filter((t) => t.touchpointKey === key).at(-1);
    return {
      key,
      task: task
        ? {
            crmId: task.crmId,
            dueDate: task.dueDate,
            subject: task.subject,
            status: task.status === 'pending' ? 'pending' : 'open',
            owner: task.ownerId === null ? null : { id: task.ownerId, name: Object.hasOwn(names, task.ownerId) ? names[task.ownerId]! : null },
          }
        : null,
    };
  });
}
