// The contact schedule as tasks in the rep's own CRM task list (issue #17): given a run's
// results, the tasks we know of and the run's time, which task to create, move, complete or
// remove. Pure planning; the use case (app/contact-tasks.ts) reads and writes the CRM.
//
// The rules, in one place:
// - One open task per (company, touchpoint), for a touchpoint due within `leadDays` or overdue.
// - A task is made for one cycle: the touchpoint's last contact when it was planned (its
//   `basis`). A contact logged later than that basis — whenever it is dated, so a visit logged
//   a day late still counts — completes the task, with a note.
// - A touchpoint that no longer applies (another segment, no longer a customer, the company
//   gone) has its open task removed, with the reason kept.
// - A task closed (or deleted) by hand stays closed: no new task for the same cycle; the next
//   contact starts the next cycle, and its due date gets a new task.
// - The due date moves when the schedule moves it without a new contact (another interval, a
//   contact deleted); a touchpoint never contacted keeps the due date its task got.
import type { Touchpoint } from './model-config.ts';
import type { Instant, Segment } from './records.ts';
import type { CompanyResult, TouchpointStatus } from './results.ts';
import type { Language } from './labels.ts';
import { completionNote, removalNote, taskBody, taskSubject, type RemovalReason } from './task-text.ts';
import { addDays, DAY_MS } from './time.ts';
import { dateIn, startOfDayIn } from './zoned-day.ts';

export const TASK_STATUSES = ['pending', 'open', 'completed', 'closed_by_hand', 'removed'] as const;
/**
 * pending: about to be created (kept before the create call, so a crash cannot create it twice);
 * completed: by Klantwaarde, the contact was logged; closed_by_hand: completed or deleted in the
 * CRM by a person; removed: by Klantwaarde, the touchpoint no longer applies.
 */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task Klantwaarde made, as the store keeps it. */
export interface KnownTask {
  /** Our key for the task, kept on the CRM task too (kw_task_key / KW_Task_Key__c). */
  marker: string;
  companyId: string;
  /** touchpointKey() of the touchpoint it is for. */
  touchpointKey: string;
  /** Null while pending. */
  crmId: string | null;
  /** YYYY-MM-DD in schedule.timezone. */
  dueDate: string;
  /** The touchpoint's last contact when the task was planned; null: never contacted. */
  basis: Instant | null;
  ownerId: string | null;
  subject: string;
  status: TaskStatus;
  createdAt: Instant;
  closedAt: Instant | null;
  /** Why it was closed (completion or removal note), or what went wrong. */
  note: string | null;
}

/** Which role each CRM owner has (config `roles`): owners by id, anyone else `default`. */
export interface OwnerRoles {
  owners: Readonly<Record<string, string>>;
  default: string;
}

export interface TaskSettings {
  /** Config tasks.leadDays: a task appears this many days before its due date. */
  leadDays: number;
  /** Config schedule.timezone: the calendar the due dates are days of. */
  timeZone: string;
  locale: Language;
  roles: OwnerRoles;
}

/** A task to create. */
export interface TaskDraft {
  marker: string;
  companyId: string;
  touchpointKey: string;
  dueDate: string;
  /** The due date at DUE_HOUR in the zone (CRMs that keep a time with the date, HubSpot). */
  dueAt: Instant;
  basis: Instant | null;
  ownerId: string | null;
  subject: string;
  /** Lines of text: why the task is there. */
  body: string[];
  overdue: boolean;
}

export interface TaskMove {
  task: KnownTask;
  dueDate: string;
  dueAt: Instant;
  basis: Instant | null;
  subject: string;
}

export interface TaskClosing {
  task: KnownTask;
  note: string;
}

export interface TaskPlan {
  create: TaskDraft[];
  move: TaskMove[];
  complete: TaskClosing[];
  remove: TaskClosing[];
}

export interface PlanInput {
  /** The run's results: every company (full run) or the recomputed ones (incremental). */
  results: readonly CompanyResult[];
  /** The known tasks of those companies (all of the tenant's on a full run), any status. */
  known: readonly KnownTask[];
  /** A full run also removes the open tasks of companies without a result (gone from the CRM). */
  full: boolean;
  settings: TaskSettings;
  now: Instant;
}

/** Due dates are days; the CRMs that want a time get this hour of the day in the zone. */
export const DUE_HOUR = 9;

/** A touchpoint's identity: the same visit in two segments is one touchpoint; another interval moves its task, another role or layer is another touchpoint. */
export function touchpointKey(t: Touchpoint): string {
  return [t.channel, t.who, t.layer, t.name.trim().toLowerCase()].join('/');
}

/** FNV-1a, 32 bits: a short fixed-width stand-in for a touchpoint key inside a marker. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

const MARKER_PREFIX = 'kw1';

/**
 * The marker a task carries in the CRM: "kw1|<company>|<touchpoint hash>|<basis>|<created>".
 * It tells our tasks from the rest, and rebuilds a task's row when the store is lost.
 */
export function taskMarker(companyId: string, key: string, basis: Instant | null, createdAt: Instant): string {
  return [MARKER_PREFIX, companyId, hash(key), basis === null ? '-' : String(basis), String(createdAt)].join('|');
}

export interface ParsedMarker {
  companyId: string;
  keyHash: string;
  basis: Instant | null;
  createdAt: Instant;
}

export function parseMarker(marker: string): ParsedMarker | null {
  const parts = marker.split('|');
  if (parts.length < 5 || parts[0] !== MARKER_PREFIX) return null;
  const [keyHash, basisText, createdText] = parts.slice(-3) as [string, string, string];
  const companyId = parts.slice(1, -3).join('|');
  const basis = basisText === '-' ? null : Number(basisText);
  const createdAt = Number(createdText);
  if (companyId === '' || !/^[0-9a-f]{8}$/.test(keyHash) || (basis !== null && !Number.isFinite(basis)) || !Number.isFinite(createdAt)) return null;
  return { companyId, keyHash, basis, createdAt };
}

/** The touchpoint key a marker's hash stands for, among the schedule's touchpoints; `#<hash>` when none (a touchpoint since removed from the config). */
export function keyOfHash(keyHash: string, touchpoints: readonly Touchpoint[]): string {
  for (const t of touchpoints) {
    const key = touchpointKey(t);
    if (hash(key) === keyHash) return key;
  }
  return `#${keyHash}`;
}

/**
 * Who gets the task: the company's owner when the touchpoint is for the owner's own role (the
 * owner's role from `roles.owners`, else `roles.default`); else the one user `roles.owners` gives
 * the touchpoint's role; when none or several have it, the company's owner, who passes it on.
 * Null without an owner (the CRM then leaves it unassigned, or with the integration user).
 * Teams (`roles.teams`) name no person, so they assign nothing.
 */
export function taskOwner(companyOwnerId: string | null, role: string, roles: OwnerRoles): string | null {
  if (companyOwnerId !== null && (roles.owners[companyOwnerId] ?? roles.default) === role) return companyOwnerId;
  const holders = Object.keys(roles.owners).filter((id) => roles.owners[id] === role);
  return holders.length === 1 ? holders[0]! : companyOwnerId;
}

/** A contact later than the one the task was made for: the task is done. */
function contactAfter(lastContact: Instant | null, basis: Instant | null): boolean {
  return lastContact !== null && (basis === null || lastContact > basis);
}

function dueAtOf(dueDate: string, timeZone: string): Instant {
  return startOfDayIn(dueDate, timeZone) + DUE_HOUR * 3_600_000;
}

/** The due date a task for this status gets: the next due day, or today for a touchpoint never contacted. */
function dueDateOf(status: TouchpointStatus, settings: TaskSettings, now: Instant): string {
  return dateIn(status.lastContact === null ? now : status.nextDue, settings.timeZone);
}

function draftFor(result: CompanyResult, status: TouchpointStatus, settings: TaskSettings, now: Instant): TaskDraft {
  const segment = result.segment as Segment;
  const key = touchpointKey(status.touchpoint);
  const dueDate = dueDateOf(status, settings, now);
  const daysOverdue = Math.max(0, Math.round((Date.parse(dateIn(now, settings.timeZone)) - Date.parse(dueDate)) / DAY_MS));
  return {
    marker: taskMarker(result.companyId, key, status.lastContact, now),
    companyId: result.companyId,
    touchpointKey: key,
    dueDate,
    dueAt: dueAtOf(dueDate, settings.timeZone),
    basis: status.lastContact,
    ownerId: taskOwner(result.ownerId, status.touchpoint.who, settings.roles),
    subject: taskSubject(status.touchpoint, segment, settings.locale),
    body: taskBody({ touchpoint: status.touchpoint, segment, lastContact: status.lastContact, dueDate, daysOverdue }, settings.locale),
    overdue: daysOverdue > 0,
  };
}

function removalOf(result: CompanyResult | null): RemovalReason {
  if (result === null) return { kind: 'company_gone' };
  return result.segment === null ? { kind: 'not_customer' } : { kind: 'segment', segment: result.segment };
}

const byCreation = (a: KnownTask, b: KnownTask) => a.createdAt - b.createdAt || (a.marker < b.marker ? -1 : a.marker > b.marker ? 1 : 0);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The touchpoints of a result by key (a key listed twice counts once, the first). */
function statusesOf(result: CompanyResult): Map<string, TouchpointStatus> {
  const statuses = new Map<string, TouchpointStatus>();
  for (const status of result.contacts) {
    const key = touchpointKey(status.touchpoint);
    if (!statuses.has(key)) statuses.set(key, status);
  }
  return statuses;
}

export function planTasks(input: PlanInput): TaskPlan {
  const { settings, now } = input;
  const plan: TaskPlan = { create: [], move: [], complete: [], remove: [] };
  const lastDueDay = dateIn(addDays(now, settings.leadDays), settings.timeZone);
  const byCompany = groupBy(input.known, (t) => t.companyId);
  const remove = (task: KnownTask, reason: RemovalReason) => plan.remove.push({ task, note: removalNote(reason, settings.locale) });

  for (const result of input.results) {
    const statuses = statusesOf(result);
    const tasks = groupBy(byCompany.get(result.companyId) ?? [], (t) => t.touchpointKey);
    byCompany.delete(result.companyId);
    for (const key of new Set([...tasks.keys(), ...statuses.keys()])) {
      const list = [...(tasks.get(key) ?? [])].sort(byCreation);
      // A task whose creation is not settled yet is left alone until it is (next run).
      if (list.some((t) => t.status === 'pending')) continue;
      const status = statuses.get(key);
      const open = list.filter((t) => t.status === 'open');
      const current = open.pop();
      for (const extra of open) remove(extra, { kind: 'duplicate' });
      if (current) {
        if (!status) {
          remove(current, removalOf(result));
          continue;
        }
        if (!contactAfter(status.lastContact, current.basis)) {
          const dueDate = status.lastContact === null ? current.dueDate : dueDateOf(status, settings, now);
          const subject = taskSubject(status.touchpoint, result.segment as Segment, settings.locale);
          if (dueDate !== current.dueDate || subject !== current.subject) {
            plan.move.push({ task: current, dueDate, dueAt: dueAtOf(dueDate, settings.timeZone), basis: status.lastContact, subject });
          }
          continue;
        }
        plan.complete.push({ task: current, note: completionNote(status.touchpoint, status.lastContact!, dateIn(now, settings.timeZone), settings.locale) });
      }
      if (!status || dueDateOf(status, settings, now) > lastDueDay) continue;
      // Closed by hand (or completed) in this cycle: stays closed until the next contact.
      const latest = list.at(-1);
      if (latest && latest !== current && latest.status !== 'removed' && !contactAfter(status.lastContact, latest.basis)) continue;
      plan.create.push(draftFor(result, status, settings, now));
    }
  }
  if (input.full) {
    for (const tasks of byCompany.values()) for (const task of tasks) if (task.status === 'open') remove(task, removalOf(null));
  }
  return plan;
}

export type ManualRefusal = 'not_in_schedule' | 'already_open' | 'pending';

/**
 * "Create task now" on the card: a task for one touchpoint whatever its due date (a rep plans
 * ahead), unless one is open already. Its due date is the schedule's, as any task's.
 */
export function planManualTask(result: CompanyResult, key: string, known: readonly KnownTask[], settings: TaskSettings, now: Instant): TaskDraft | ManualRefusal {
  const status = statusesOf(result).get(key);
  if (!status || result.segment === null) return 'not_in_schedule';
  const mine = known.filter((t) => t.companyId === result.companyId && t.touchpointKey === key);
  if (mine.some((t) => t.status === 'pending')) return 'pending';
  if (mine.some((t) => t.status === 'open')) return 'already_open';
  return draftFor(result, status, settings, now);
}

export interface OwnerTaskCounts {
  /** Null: tasks without an owner. */
  ownerId: string | null;
  open: number;
  /** Open and past their due date. */
  late: number;
  /** Completed since `since`: by the contact being logged, or by hand. */
  completed: number;
}

/** The contact discipline per owner: open, late and completed tasks. */
export function taskCounts(tasks: readonly KnownTask[], today: string, since: Instant): OwnerTaskCounts[] {
  const counts = new Map<string | null, OwnerTaskCounts>();
  const of = (ownerId: string | null) => {
    let c = counts.get(ownerId);
    if (!c) counts.set(ownerId, (c = { ownerId, open: 0, late: 0, completed: 0 }));
    return c;
  };
  for (const t of tasks) {
    if (t.status === 'open') {
      const c = of(t.ownerId);
      c.open += 1;
      if (t.dueDate < today) c.late += 1;
    } else if ((t.status === 'completed' || t.status === 'closed_by_hand') && t.closedAt !== null && t.closedAt >= since) {
      of(t.ownerId).completed += 1;
    }
  }
  return [...counts.values()].sort((a, b) => b.late - a.late || b.open - a.open || String(a.ownerId).localeCompare(String(b.ownerId)));
}
