// The contact schedule in the reps' HubSpot task lists, against the HubSpot simulator: full and
// incremental runs create each due task once (owner, company, due date), complete it when the
// matching meeting is logged, remove what a segment change makes moot, leave a task closed by
// hand closed, and batch 1,000 new tasks into ten calls.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHubSpotClient, type HubSpotClient } from '../../src/adapters/crm/hubspot/client/hubspot.client.ts';
import { API_VERSION } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';
import { createHubSpotSource } from '../../src/adapters/crm/hubspot/read/hubspot.source.ts';
import { setupHubSpot } from '../../src/adapters/crm/hubspot/setup/hubspot.setup.ts';
import { createHubSpotTasks } from '../../src/adapters/crm/hubspot/write/hubspot.tasks.ts';
import { createHubSpotWriter } from '../../src/adapters/crm/hubspot/write/hubspot.writer.ts';
import type { CrmTasks } from '../../src/app/ports/crm.port.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { TenantConnection } from '../../src/app/refresh-companies.ts';
import { refreshTenant } from '../../src/app/refresh-tenant.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { touchpointKey } from '../../src/domain/contact-tasks.ts';
import type { Portfolio } from '../../src/domain/records.ts';
import { FAST_LIMITS, seedPortfolio, startHubSpotSimulator, type HubSpotSimulator } from '../support/hubspot-simulator/index.ts';
import type { StoredRecord } from '../support/hubspot-simulator/portal.ts';
import { ago, DAY, dueDay, MANAGER, manyDue, taskPortfolio, taskRig, today, type Rig } from './task-rig.ts';

const TASKS = `/crm/objects/${API_VERSION}/tasks`;
const [visit, meeting, review] = DEFAULT_MODEL_CONFIG.contacts.schedule.A;
const checkIn = DEFAULT_MODEL_CONFIG.contacts.schedule.C[0]!;

describe('contact-schedule tasks in HubSpot', () => {
  let sim: HubSpotSimulator;
  let rig: Rig;
  let client: HubSpotClient;
  let crm: TenantConnection;
  const tenant = 'hubspot:4242';

  async function start(portfolio: Portfolio) {
    sim = await startHubSpotSimulator({ limits: FAST_LIMITS });
    const seeded = seedPortfolio(sim.portal, portfolio);
    client = createHubSpotClient({ accessToken: 'simulated', baseUrl: sim.url, rateLimit: FAST_LIMITS.perWindow, windowMs: FAST_LIMITS.windowMs, searchRateLimit: FAST_LIMITS.searchPerWindow, searchWindowMs: FAST_LIMITS.searchWindowMs, backoffMs: 1 });
    await setupHubSpot({ client });
    const roles = { ...seeded.roles.owners, [MANAGER]: 'management' };
    rig = await taskRig();
    crm = {
      source: createHubSpotSource({ client, tenant, roles: { owners: roles, default: 'account_manager' }, overlapMs: 0 }),
      writer: createHubSpotWriter({ client, tenant }),
      tasks: rig.keeping(createHubSpotTasks({ client, tenant, timeZone: 'UTC' }), roles),
    };
  }
  afterEach(async () => {
    await rig?.close();
    await sim?.close();
  });

  const run = (mode: 'full' | 'incremental' = 'full') => refreshTenant(rig.deps, tenant, crm, mode);
  const liveTasks = () => [...sim.portal.table('tasks').records.values()].filter((t) => t.archivedAt === null);
  const companyOf = (task: StoredRecord) => [...sim.portal.associations.targets('tasks', task.id, 'companies').keys()];
  const taskCalls = () => Object.entries(sim.counters.byRoute).filter(([route]) => route.includes(TASKS)).reduce((n, [, calls]) => n + calls, 0);
  const taskFor = (companyId: string, subject: string) => liveTasks().find((t) => companyOf(t)[0] === companyId && t.properties.hs_task_subject === subject);

  describe('with one customer per segment', () => {
    const { portfolio, ids } = taskPortfolio();
    beforeEach(() => start(portfolio));

    it('creates the due tasks once, each with its owner, company and due date, in one batch call', async () => {
      sim.resetCounters();
      const outcome = await run();
      expect(outcome.tasks).toMatchObject({ created: 4, moved: 0, completed: 0, removed: 0, closedByHand: 0, failed: 0, stoppedBy: null });
      const shown = liveTasks()
        .map((t) => [companyOf(t), t.properties.hs_task_subject, t.properties.hubspot_owner_id, t.properties.hs_timestamp!.slice(0, 10), t.properties.hs_task_status])
        .sort((x, y) => String(x[1]).localeCompare(String(y[1])));
      expect(shown).toEqual([
        [[ids.a], 'Account visit — A customer, every 30 days', '501', dueDay(27, 30), 'NOT_STARTED'],
        [[ids.c], 'Check-in call — C customer, every 120 days', '7002', dueDay(150, 120), 'NOT_STARTED'],
        [[ids.a], 'Management meeting — A customer, every 90 days', MANAGER, today(), 'NOT_STARTED'],
        [[ids.a], 'Process review — A customer, every 90 days', '501', today(), 'NOT_STARTED'],
      ]);
      // Due at nine in the morning; the body says why; the marker is kept on the task.
      const call = taskFor(ids.c, 'Check-in call — C customer, every 120 days')!;
      expect(call.properties.hs_timestamp).toBe(`${dueDay(150, 120)}T09:00:00.000Z`);
      expect(call.properties.hs_task_body).toContain('<p>Due ');
      expect(call.properties.hs_task_body).toContain('30 days overdue.</p>');
      expect(call.properties.hs_task_priority).toBe('HIGH');
      expect(call.properties.kw_task_key).toMatch(new RegExp(`^kw1\\|${ids.c}\\|`));
      expect(sim.counters.byRoute[`POST ${TASKS}/batch/create`]).toBe(1);
      // The one other task call: the first run looks for open tasks of ours a lost store would know.
      expect(sim.counters.byRoute[`POST ${TASKS}/search`]).toBeGreaterThanOrEqual(1);
      expect((await rig.store.listRuns(tenant, 1))[0]!.counts).toMatchObject({ tasks_created: 4, tasks_completed: 0 });
    });

    it('creates nothing on a second run, full or incremental', async () => {
      await run();
      const before = liveTasks().map((t) => t.id).sort();
      sim.resetCounters();
      rig.later(DAY);
      expect((await run()).tasks).toMatchObject({ created: 0, moved: 0, completed: 0, removed: 0 });
      expect(sim.counters.byRoute[`POST ${TASKS}/batch/create`]).toBeUndefined();
      expect(sim.counters.byRoute[`POST ${TASKS}/batch/update`]).toBeUndefined();
      // Only the open tasks' state was read: one batch read.
      expect(sim.counters.byRoute[`POST ${TASKS}/batch/read`]).toBe(1);
      expect(liveTasks().map((t) => t.id).sort()).toEqual(before);
    });

    it('completes the task when the matching meeting is logged, with a note, and leaves the others open', async () => {
      await run();
      // The manager logs the management meeting yesterday; it reaches us on an incremental run.
      sim.portal.table('meetings').put('3100', { hs_timestamp: new Date(ago(1)).toISOString(), hs_meeting_start_time: new Date(ago(1)).toISOString(), hs_activity_type: 'Meeting', hubspot_owner_id: MANAGER }, { createdAt: ago(1), modifiedAt: Date.now() });
      sim.portal.associations.link('meetings', '3100', 'companies', ids.a, [188], [187]);
      rig.later(DAY);
      const outcome = await run('incremental');
      expect(outcome.tasks).toMatchObject({ completed: 1, created: 0, removed: 0 });
      const done = taskFor(ids.a, 'Management meeting — A customer, every 90 days')!;
      expect(done.properties.hs_task_status).toBe('COMPLETED');
      expect(done.properties.hs_task_body).toMatch(/<p>Completed by Klantwaarde on \d{4}-\d{2}-\d{2}: the meeting of \d{4}-\d{2}-\d{2} is logged\.<\/p>$/);
      expect(taskFor(ids.a, 'Process review — A customer, every 90 days')!.properties.hs_task_status).toBe('NOT_STARTED');
      const stored = await rig.store.listTasks(tenant, { companyIds: [ids.a] });
      expect(stored.find((t) => t.touchpointKey === touchpointKey(meeting!))!.status).toBe('completed');
    });

    it('removes the A-only touchpoints\' tasks when the segment changes from A to C, and makes the C task', async () => {
      await run();
      const company = sim.portal.table('companies').live(ids.a)!;
      sim.portal.table('companies').write(company, { kw_segment_override: 'C' }, Date.now());
      company.history.kw_segment_override![0]!.timestamp = new Date(ago(1)).toISOString();
      rig.later(DAY);
      const outcome = await run();
      expect(outcome.tasks).toMatchObject({ removed: 3, created: 1 });
      expect(liveTasks().filter((t) => companyOf(t)[0] === ids.a).map((t) => t.properties.hs_task_subject)).toEqual(['Check-in call — C customer, every 120 days']);
      const stored = await rig.store.listTasks(tenant, { companyIds: [ids.a] });
      expect(stored.filter((t) => t.status === 'removed').map((t) => t.touchpointKey).sort()).toEqual([visit, meeting, review].map((t) => touchpointKey(t!)).sort());
      expect(stored.find((t) => t.status === 'removed')!.note).toBe('Removed by Klantwaarde: the company is now a C customer, whose contact schedule has no such touchpoint.');
      expect(stored.find((t) => t.touchpointKey === touchpointKey(checkIn))!.status).toBe('open');
    });

    it('leaves a task closed by hand closed, and makes no new one for the same due date', async () => {
      await run();
      const call = taskFor(ids.c, 'Check-in call — C customer, every 120 days')!;
      sim.portal.table('tasks').write(call, { hs_task_status: 'COMPLETED' }, Date.now());
      for (let day = 1; day <= 2; day++) {
        rig.later(DAY);
        const outcome = await run();
        expect(outcome.tasks).toMatchObject({ created: 0, closedByHand: day === 1 ? 1 : 0 });
      }
      expect(sim.portal.table('tasks').live(call.id)!.properties.hs_task_status).toBe('COMPLETED');
      expect(liveTasks().filter((t) => companyOf(t)[0] === ids.c)).toHaveLength(1);
      expect((await rig.store.listTasks(tenant, { companyIds: [ids.c] })).map((t) => t.status)).toEqual(['closed_by_hand']);
    });

    it('finds its open tasks again by their marker when the store is lost, and creates none twice', async () => {
      await run();
      const before = liveTasks().length;
      const first = rig;
      await first.close();
      rig = await taskRig();
      crm = { ...crm, tasks: rig.keeping(createHubSpotTasks({ client, tenant, timeZone: 'UTC' }), crm.tasks!.settings.roles.owners) };
      expect((await run()).tasks).toMatchObject({ created: 0 });
      expect(liveTasks()).toHaveLength(before);
      expect(await rig.store.listTasks(tenant, { status: 'open' })).toHaveLength(before);
    });

    it('after a crash between HubSpot creating tasks and the store hearing of it, finds them by marker and creates none twice', async () => {
      const real = crm.tasks!.crm;
      const crashing: CrmTasks = { ...real, create: (drafts) => real.create(drafts, async () => Promise.reject(new Error('the process died'))) };
      await expect(refreshTenant(rig.deps, tenant, { ...crm, tasks: { ...crm.tasks!, crm: crashing } }, 'full')).rejects.toThrow('the process died');
      expect(liveTasks()).toHaveLength(4);
      expect(await rig.store.listTasks(tenant, { status: 'pending' })).toHaveLength(4);
      rig.later(DAY);
      expect((await run()).tasks).toMatchObject({ created: 0 });
      expect(liveTasks()).toHaveLength(4);
      expect(await rig.store.listTasks(tenant, { status: 'open' })).toHaveLength(4);
    });

    it('lets the run stand when HubSpot stops answering the task calls, and catches up on the next run', async () => {
      await run();
      const company = sim.portal.table('companies').live(ids.c)!;
      sim.portal.table('companies').write(company, { kw_segment_override: 'A' }, Date.now());
      company.history.kw_segment_override![0]!.timestamp = new Date(ago(1)).toISOString();
      sim.failNext(3, 503, /\/crm\/objects\/[^/]+\/tasks\/batch\/read$/);
      rig.later(DAY);
      const outcome = await run();
      expect(outcome.write?.written.map((u) => u.companyId)).toContain(ids.c);
      expect(outcome.tasks).toMatchObject({ created: 0, removed: 0, stoppedBy: 'crm.unavailable' });
      rig.later(DAY);
      expect((await run()).tasks).toMatchObject({ created: 3, removed: 1, stoppedBy: null });
    });

    it('keeps its own tasks out of the activities: a reminder costs nothing and is no contact', async () => {
      await run();
      const costs = (await rig.store.latestResults(tenant)).map((r) => [r.companyId, r.costBreakdown.tasks]);
      rig.later(DAY);
      await run();
      expect((await rig.store.latestResults(tenant)).map((r) => [r.companyId, r.costBreakdown.tasks])).toEqual(costs);
      expect((await rig.store.loadPortfolio(tenant)).activities.filter((a) => a.type === 'task')).toEqual([]);
    });

    it('keeps a full run\'s tasks page by page the same as in one go', async () => {
      const { recomputeAll } = await import('../../src/app/recompute.ts');
      const { keepTasks } = await import('../../src/app/contact-tasks.ts');
      const { syncTenant } = await import('../../src/app/sync.ts');
      await syncTenant(rig.store, crm.source!, 'full', silentLogger);
      const outcome = await recomputeAll(rig.deps, tenant, { onResults: () => undefined });
      expect(outcome.results).toEqual([]);
      expect(await keepTasks(rig.deps, crm.tasks!, outcome, true, 1)).toMatchObject({ created: 4, failed: 0 });
      expect(liveTasks()).toHaveLength(4);
      rig.later(DAY);
      expect((await run()).tasks).toMatchObject({ created: 0, removed: 0 });
    });

    it('removes the open tasks of a company deleted in HubSpot on the next full run', async () => {
      await run();
      sim.portal.table('companies').archive(ids.c, Date.now());
      rig.later(DAY);
      expect((await run()).tasks).toMatchObject({ removed: 1, created: 0 });
      expect(liveTasks().filter((t) => companyOf(t).length === 0 || companyOf(t)[0] === ids.c)).toEqual([]);
      const stored = await rig.store.listTasks(tenant, { companyIds: [ids.c] });
      expect(stored.map((t) => [t.status, t.note])).toEqual([['removed', 'Removed by Klantwaarde: the company is no longer in the CRM.']]);
    });

    it('makes no task for a what-if', async () => {
      const { recomputeAll } = await import('../../src/app/recompute.ts');
      const { keepTasks } = await import('../../src/app/contact-tasks.ts');
      await run();
      const before = taskCalls();
      const whatIf = await recomputeAll(rig.deps, tenant, { asOf: ago(10) });
      expect(await keepTasks(rig.deps, crm.tasks!, whatIf, true)).toBeNull();
      expect(taskCalls()).toBe(before);
    });
  });

  it('creates 1,000 due tasks in ⌈1000/100⌉ = 10 batch calls', async () => {
    await start(manyDue(1000));
    sim.resetCounters();
    const outcome = await run();
    expect(outcome.tasks).toMatchObject({ created: 1000, failed: 0 });
    expect(liveTasks()).toHaveLength(1000);
    // Besides the ten creates, two searches: the sync reading task engagements as activities,
    // and the first run's look for open tasks of ours a lost store would know (none here).
    const taskRoutes = Object.fromEntries(Object.entries(sim.counters.byRoute).filter(([route]) => route.includes(TASKS)));
    expect(taskRoutes).toEqual({ [`POST ${TASKS}/batch/create`]: 10, [`POST ${TASKS}/search`]: 2 });
    expect(new Set(liveTasks().map((t) => companyOf(t)[0])).size).toBe(1000);
  });
});
