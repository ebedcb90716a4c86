import { describe, expect, it } from 'vitest';
import {
  keyOfHash, parseMarker, planManualTask, planTasks, taskCounts, taskMarker, taskOwner, touchpointKey,
  type KnownTask, type TaskDraft, type TaskPlan, type TaskSettings,
} from './contact-tasks.ts';
import { DEFAULT_MODEL_CONFIG } from './default-model-config.ts';
import { computePortfolio } from './engine.ts';
import type { ValueModelConfig } from './model-config.ts';
import type { Activity, Segment } from './records.ts';
import type { CompanyResult } from './results.ts';
import { activity, AS_OF, company, config, day, override, portfolio, won } from './testing/builders.ts';
import { DAY_MS } from './time.ts';

const settings: TaskSettings = { leadDays: 7, timeZone: 'Europe/Amsterdam', locale: 'en', roles: { owners: {}, default: 'account_manager' } };
const [visit, management, review] = DEFAULT_MODEL_CONFIG.contacts.schedule.A as [typeof DEFAULT_MODEL_CONFIG.contacts.schedule.A[number], never, never];
const checkIn = DEFAULT_MODEL_CONFIG.contacts.schedule.C[0]!;

/** One company's result as of `asOf`, its segment fixed by an override. */
function resultOf(segment: Segment | null, activities: Activity[] = [], options: { asOf?: number; ownerId?: string; model?: ValueModelConfig } = {}): CompanyResult {
  const parts = portfolio({
    companies: [company('c1', options.ownerId ? { ownerId: options.ownerId } : {})],
    deals: segment === null ? [] : [won('c1', 10_000)],
    activities,
    overrides: segment === null ? [] : [override('c1', segment, { at: day('2020-01-01') })],
  });
  return computePortfolio(parts, options.model ?? config(), options.asOf ?? AS_OF).results[0]!;
}

const visitOn = (date: string) => activity('c1', 'visit', date, { ownerRole: 'account_manager', contactLayer: 'operational' });

/** The tasks a plan leaves open, as the store would hold them after it ran (created at `now`, with CRM ids). */
function applied(known: readonly KnownTask[], plan: TaskPlan, now: number): KnownTask[] {
  const closed = new Map([...plan.complete.map((c) => [c.task.marker, 'completed'] as const), ...plan.remove.map((c) => [c.task.marker, 'removed'] as const)]);
  const moved = new Map(plan.move.map((m) => [m.task.marker, m]));
  const kept = known.map((t): KnownTask => {
    const status = closed.get(t.marker);
    const move = moved.get(t.marker);
    return { ...t, ...(status ? { status, closedAt: now } : {}), ...(move ? { dueDate: move.dueDate, subject: move.subject, basis: move.basis } : {}) };
  });
  return [...kept, ...plan.create.map((d) => created(d, now))];
}

function created(draft: TaskDraft, now: number): KnownTask {
  return { marker: draft.marker, companyId: draft.companyId, touchpointKey: draft.touchpointKey, crmId: `t-${draft.marker}`, dueDate: draft.dueDate, basis: draft.basis, ownerId: draft.ownerId, subject: draft.subject, status: 'open', createdAt: now, closedAt: null, note: null };
}

const plan = (results: CompanyResult[], known: KnownTask[], now = AS_OF, full = true) => planTasks({ results, known, full, settings, now });

describe('planning contact-schedule tasks', () => {
  it('creates one task per touchpoint due within leadDays or overdue, with its due date, owner and reason', () => {
    // Visited 2026-10-05: the 30-day visit is due 2026-11-04 (within 7 days); the two 90-day
    // meetings were never held, so they are due now.
    const result = resultOf('A', [visitOn('2026-10-05')], { ownerId: 'o-1' });
    const { create, move, complete, remove } = plan([result], []);
    expect([move, complete, remove]).toEqual([[], [], []]);
    expect(create.map((d) => [d.touchpointKey, d.dueDate, d.ownerId])).toEqual([
      [touchpointKey(visit), '2026-11-04', 'o-1'],
      [touchpointKey(management), '2026-11-01', 'o-1'],
      [touchpointKey(review), '2026-11-01', 'o-1'],
    ]);
    const draft = create[0]!;
    expect(draft.subject).toBe('Account visit — A customer, every 30 days');
    expect(draft.body).toEqual([
      'Why: the contact schedule for A customers: account visit every 30 days (who: Account manager; with: Operational staff).',
      'Last contact: 2026-10-05.',
      'Due 2026-11-04.',
      'Log the visit on this company when it has taken place: Klantwaarde then completes this task.',
    ]);
    // 09:00 on the due day in Amsterdam (winter time: UTC+1).
    expect(new Date(draft.dueAt).toISOString()).toBe('2026-11-04T08:00:00.000Z');
    expect(draft.basis).toBe(day('2026-10-05'));
  });

  it('leaves a touchpoint due after leadDays alone', () => {
    const result = resultOf('B', [activity('c1', 'visit', '2026-10-01', { contactLayer: 'management' })]);
    expect(plan([result], []).create).toEqual([]);
    expect(plan([result], [], AS_OF + 53 * DAY_MS).create.map((d) => d.dueDate)).toEqual(['2026-11-30']);
  });

  it('says how late an overdue touchpoint is, and words it in Dutch with locale nl', () => {
    const result = resultOf('C', [activity('c1', 'call', '2026-06-01', { ownerRole: 'inside_sales', contactLayer: 'operational' })]);
    const [draft] = planTasks({ results: [result], known: [], full: true, settings: { ...settings, locale: 'nl' }, now: AS_OF }).create;
    expect(draft!.subject).toBe('Belafspraak — C-klant, elke 120 dagen');
    expect(draft!.body).toContain('Uiterlijk 2026-09-29: 33 dagen te laat.');
    expect(draft!.overdue).toBe(true);
  });

  it('creates nothing on a second run over the same results', () => {
    const result = resultOf('A', [visitOn('2026-10-05')]);
    const first = plan([result], []);
    const again = plan([result], applied([], first, AS_OF), AS_OF + DAY_MS);
    expect(again).toEqual({ create: [], move: [], complete: [], remove: [] });
  });

  it('completes the task once the matching contact is logged, even one dated before the task was made', () => {
    const before = resultOf('A', [visitOn('2026-10-05')]);
    const known = applied([], plan([before], []), AS_OF);
    // Visited 2026-10-31, logged only after the task was created on 2026-11-01.
    const after = resultOf('A', [visitOn('2026-10-05'), visitOn('2026-10-31')], { asOf: AS_OF + DAY_MS });
    const next = plan([after], known, AS_OF + DAY_MS);
    expect(next.complete.map((c) => [c.task.touchpointKey, c.note])).toEqual([[touchpointKey(visit), 'Completed by Klantwaarde on 2026-11-02: the visit of 2026-10-31 is logged.']]);
    expect(next.create).toEqual([]);
  });

  it('does not complete a task for a contact of another role or layer', () => {
    const known = applied([], plan([resultOf('A', [visitOn('2026-10-05')])], []), AS_OF);
    const other = resultOf('A', [visitOn('2026-10-05'), activity('c1', 'visit', '2026-10-31', { contactLayer: 'decision' })], { asOf: AS_OF + DAY_MS });
    expect(plan([other], known, AS_OF + DAY_MS).complete).toEqual([]);
  });

  it('completes and plans the next cycle in one go when the next due date is near already', () => {
    const known = applied([], plan([resultOf('C', [activity('c1', 'call', '2026-06-01', { contactLayer: 'operational' })])], []), AS_OF);
    const shortCycle = config({ contacts: { schedule: { C: [{ ...checkIn, everyDays: 3 }] } } });
    const called = resultOf('C', [activity('c1', 'call', '2026-11-01', { contactLayer: 'operational' })], { asOf: AS_OF + DAY_MS, model: shortCycle });
    const next = plan([called], known, AS_OF + DAY_MS);
    expect(next.complete).toHaveLength(1);
    expect(next.create.map((d) => [d.dueDate, d.basis])).toEqual([['2026-11-04', day('2026-11-01')]]);
  });

  it('removes the task of a touchpoint the new segment does not have, and keeps the rest', () => {
    const known = applied([], plan([resultOf('A', [visitOn('2026-10-05')])], []), AS_OF);
    const nowC = resultOf('C', [visitOn('2026-10-05')], { asOf: AS_OF + DAY_MS });
    const next = plan([nowC], known, AS_OF + DAY_MS);
    expect(next.remove.map((r) => r.task.touchpointKey).sort()).toEqual([touchpointKey(visit), touchpointKey(management), touchpointKey(review)].sort());
    expect(next.remove[0]!.note).toBe('Removed by Klantwaarde: the company is now a C customer, whose contact schedule has no such touchpoint.');
    expect(next.create.map((d) => d.touchpointKey)).toEqual([touchpointKey(checkIn)]);
  });

  it('removes the tasks of a company that is no longer a customer, or gone (full runs only)', () => {
    const known = applied([], plan([resultOf('A', [visitOn('2026-10-05')])], []), AS_OF);
    expect(plan([resultOf(null)], known).remove.map((r) => r.note)).toEqual(Array(3).fill('Removed by Klantwaarde: the company is no longer a customer in the window, so it has no contact schedule.'));
    expect(plan([], known, AS_OF, true).remove.map((r) => r.note)).toEqual(Array(3).fill('Removed by Klantwaarde: the company is no longer in the CRM.'));
    expect(plan([], known, AS_OF, false).remove).toEqual([]);
  });

  it('never reopens a task closed by hand: the next contact starts the next cycle', () => {
    const result = resultOf('C', [activity('c1', 'call', '2026-06-01', { contactLayer: 'operational' })]);
    const known = applied([], plan([result], []), AS_OF).map((t): KnownTask => ({ ...t, status: 'closed_by_hand', closedAt: AS_OF + 1 }));
    expect(plan([result], known, AS_OF + DAY_MS).create).toEqual([]);
    const called = resultOf('C', [activity('c1', 'call', '2026-11-03', { contactLayer: 'operational' })], { asOf: AS_OF + 200 * DAY_MS });
    expect(plan([called], known, AS_OF + 200 * DAY_MS).create.map((d) => d.dueDate)).toEqual(['2027-03-03']);
  });

  it('creates a task again for a touchpoint that applies again after its task was removed', () => {
    const a = resultOf('A', [visitOn('2026-10-05')]);
    const first = applied([], plan([a], []), AS_OF);
    const removed = applied(first, plan([resultOf('C', [visitOn('2026-10-05')])], first), AS_OF + 1).filter((t) => t.touchpointKey !== touchpointKey(checkIn));
    expect(plan([a], removed, AS_OF + 2).create).toHaveLength(3);
  });

  it('moves the due date when the interval changes, and keeps it for a touchpoint never contacted', () => {
    const known = applied([], plan([resultOf('A', [visitOn('2026-10-05')])], []), AS_OF);
    const longer = config({ contacts: { schedule: { A: [{ ...visit, everyDays: 32 }, management, review] } } });
    const next = plan([resultOf('A', [visitOn('2026-10-05')], { asOf: AS_OF + DAY_MS, model: longer })], known, AS_OF + DAY_MS);
    expect(next.move.map((m) => [m.task.touchpointKey, m.dueDate, m.subject])).toEqual([[touchpointKey(visit), '2026-11-06', 'Account visit — A customer, every 32 days']]);
    expect(next.create).toEqual([]);
  });

  it('leaves a task whose creation is not settled alone', () => {
    const known = applied([], plan([resultOf('A', [visitOn('2026-10-05')])], []), AS_OF).map((t): KnownTask => ({ ...t, status: 'pending', crmId: null }));
    const next = plan([resultOf('C')], known);
    expect([next.move, next.complete, next.remove]).toEqual([[], [], []]);
    expect(next.create.map((d) => d.touchpointKey)).toEqual([touchpointKey(checkIn)]);
  });

  it('keeps one open task per touchpoint: a second one is removed', () => {
    const known = applied([], plan([resultOf('A', [visitOn('2026-10-05')])], []), AS_OF);
    const twin = { ...known[0]!, marker: `${known[0]!.marker}-twin`, createdAt: AS_OF + 5 };
    const next = plan([resultOf('A', [visitOn('2026-10-05')])], [...known, twin], AS_OF + 10);
    expect(next.remove.map((r) => [r.task.marker, r.note])).toEqual([[known[0]!.marker, 'Removed by Klantwaarde: a second open task for the same touchpoint.']]);
  });
});

describe('who gets the task', () => {
  const roles = { owners: { 'm-1': 'management', 's-1': 'inside_sales', 's-2': 'inside_sales' }, default: 'account_manager' };

  it('is the company owner when the touchpoint is for the owner\'s role', () => {
    expect(taskOwner('o-1', 'account_manager', roles)).toBe('o-1');
    expect(taskOwner('s-1', 'inside_sales', roles)).toBe('s-1');
  });

  it('is the one user with the touchpoint\'s role otherwise, else the company owner', () => {
    expect(taskOwner('o-1', 'management', roles)).toBe('m-1');
    expect(taskOwner('o-1', 'inside_sales', roles)).toBe('o-1');
    expect(taskOwner('o-1', 'customer_service', roles)).toBe('o-1');
    expect(taskOwner(null, 'customer_service', roles)).toBeNull();
  });
});

describe('task markers', () => {
  it('read back to the company, the touchpoint, the cycle and the creation', () => {
    const key = touchpointKey(visit);
    const marker = taskMarker('0015g00000AbCdEAAV', key, day('2026-10-05'), AS_OF);
    expect(marker.length).toBeLessThan(80);
    const parsed = parseMarker(marker)!;
    expect(parsed).toEqual({ companyId: '0015g00000AbCdEAAV', keyHash: expect.stringMatching(/^[0-9a-f]{8}$/), basis: day('2026-10-05'), createdAt: AS_OF });
    expect(keyOfHash(parsed.keyHash, DEFAULT_MODEL_CONFIG.contacts.schedule.A)).toBe(key);
    expect(keyOfHash(parsed.keyHash, DEFAULT_MODEL_CONFIG.contacts.schedule.C)).toBe(`#${parsed.keyHash}`);
    expect(parseMarker(taskMarker('c|with|bars', key, null, 1))).toMatchObject({ companyId: 'c|with|bars', basis: null });
    expect(parseMarker('someone else\'s task')).toBeNull();
  });
});

describe('a task made by hand on the card', () => {
  it('is planned whatever its due date, once per touchpoint', () => {
    const result = resultOf('B', [activity('c1', 'visit', '2026-10-01', { contactLayer: 'management' })]);
    const key = touchpointKey(DEFAULT_MODEL_CONFIG.contacts.schedule.B[0]!);
    const draft = planManualTask(result, key, [], settings, AS_OF);
    expect(draft).toMatchObject({ dueDate: '2026-11-30', companyId: 'c1' });
    expect(planManualTask(result, key, [created(draft as TaskDraft, AS_OF)], settings, AS_OF)).toBe('already_open');
    expect(planManualTask(result, touchpointKey(checkIn), [], settings, AS_OF)).toBe('not_in_schedule');
  });
});

describe('contact discipline per owner', () => {
  it('counts open, late and recently completed tasks', () => {
    const task = (ownerId: string | null, status: KnownTask['status'], dueDate: string, closedAt: number | null = null): KnownTask => ({
      marker: `${ownerId}-${status}-${dueDate}`, companyId: 'c', touchpointKey: 'k', crmId: '1', dueDate, basis: null, ownerId, subject: 's', status, createdAt: 0, closedAt, note: null,
    });
    const tasks = [
      task('o-1', 'open', '2026-10-20'), task('o-1', 'open', '2026-11-05'), task('o-1', 'completed', '2026-10-01', AS_OF - DAY_MS),
      task('o-1', 'closed_by_hand', '2026-09-01', AS_OF - 400 * DAY_MS), task('o-2', 'closed_by_hand', '2026-10-01', AS_OF - DAY_MS), task(null, 'removed', '2026-10-01', AS_OF),
    ];
    expect(taskCounts(tasks, '2026-11-01', AS_OF - 365 * DAY_MS)).toEqual([
      { ownerId: 'o-1', open: 2, late: 1, completed: 1 },
      { ownerId: 'o-2', open: 0, late: 0, completed: 1 },
    ]);
  });
});
