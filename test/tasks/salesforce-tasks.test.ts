// The contact schedule in the reps' Salesforce task lists, against the Salesforce simulator:
// Tasks on the Account (WhatId) with ActivityDate and OwnerId, created once per due touchpoint,
// completed when the matching meeting is logged, removed when a segment change makes them moot,
// left closed when a rep closed them, and 1,000 created in ⌈1000/200⌉ collection calls.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectWithToken, type SalesforceConnection } from '../../src/adapters/crm/salesforce/client/salesforce.connection.ts';
import { createSalesforceSource } from '../../src/adapters/crm/salesforce/read/salesforce.source.ts';
import { setupSalesforce } from '../../src/adapters/crm/salesforce/setup/salesforce.setup.ts';
import { createSalesforceTasks } from '../../src/adapters/crm/salesforce/write/salesforce.tasks.ts';
import { createSalesforceWriter } from '../../src/adapters/crm/salesforce/write/salesforce.writer.ts';
import type { TenantConnection } from '../../src/app/refresh-companies.ts';
import { refreshTenant } from '../../src/app/refresh-tenant.ts';
import { touchpointKey } from '../../src/domain/contact-tasks.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import type { Portfolio } from '../../src/domain/records.ts';
import { PIPELINE_FIELD, QUICK_POLL, seedPortfolio, startSalesforceSimulator, type SalesforceSimulator } from '../support/salesforce-simulator/index.ts';
import type { SimRecord } from '../support/salesforce-simulator/org.ts';
import { ago, DAY, dueDay, MANAGER, manyDue, taskPortfolio, taskRig, today, type Rig } from './task-rig.ts';

const [visit, meeting, review] = DEFAULT_MODEL_CONFIG.contacts.schedule.A;
const checkIn = DEFAULT_MODEL_CONFIG.contacts.schedule.C[0]!;
const COLLECTION = 'POST /composite/sobjects';

describe('contact-schedule tasks in Salesforce', () => {
  let sim: SalesforceSimulator;
  let rig: Rig;
  let conn: SalesforceConnection;
  let crm: TenantConnection;
  let tenant: string;

  async function start(portfolio: Portfolio) {
    sim = await startSalesforceSimulator();
    const seeded = seedPortfolio(sim.org, portfolio);
    conn = await connectWithToken({ accessToken: 'simulated-token', instanceUrl: sim.url, apiVersion: '62.0', retry: { minTimeoutMs: 1 } });
    tenant = conn.tenant;
    await setupSalesforce({ conn });
    const roles = { ...seeded.roles.owners, [MANAGER]: 'management' };
    rig = await taskRig();
    crm = {
      source: createSalesforceSource({ conn, roles: { owners: roles, default: 'account_manager' }, fields: { pipelineField: PIPELINE_FIELD }, ownTasks: true, poll: QUICK_POLL, overlapMs: 0, now: () => sim.org.now() }),
      writer: createSalesforceWriter({ conn }),
      tasks: rig.keeping(createSalesforceTasks({ conn }), roles),
    };
  }
  afterEach(async () => {
    await rig?.close();
    await sim?.close();
  });

  const run = (mode: 'full' | 'incremental' = 'full') => refreshTenant(rig.deps, tenant, crm, mode);
  const liveTasks = () => [...sim.org.table('Task').values()].filter((t) => !t.IsDeleted && t.KW_Task_Key__c);
  const taskFor = (accountId: string, subject: string): SimRecord | undefined => liveTasks().find((t) => t.WhatId === accountId && t.Subject === subject);

  describe('with one customer per segment', () => {
    const { portfolio, ids } = taskPortfolio({ a: '001A00000000001AAA', b: '001A00000000002AAA', c: '001A00000000003AAA', d: '001A00000000004AAA' });
    beforeEach(() => start(portfolio));

    it('creates the due tasks once, on the account, with owner and due date, in one collection call', async () => {
      sim.resetCounters();
      const outcome = await run();
      expect(outcome.tasks).toMatchObject({ created: 4, moved: 0, completed: 0, removed: 0, closedByHand: 0, failed: 0, stoppedBy: null });
      const shown = liveTasks()
        .map((t) => [t.WhatId, t.AccountId, t.Subject, t.OwnerId, t.ActivityDate, t.Status])
        .sort((x, y) => String(x[2]).localeCompare(String(y[2])));
      expect(shown).toEqual([
        [ids.a, ids.a, 'Account visit — A customer, every 30 days', '501', dueDay(27, 30), 'Not Started'],
        [ids.c, ids.c, 'Check-in call — C customer, every 120 days', '0055g0000000002AAA', dueDay(150, 120), 'Not Started'],
        [ids.a, ids.a, 'Management meeting — A customer, every 90 days', MANAGER, today(), 'Not Started'],
        [ids.a, ids.a, 'Process review — A customer, every 90 days', '501', today(), 'Not Started'],
      ]);
      const call = taskFor(ids.c, 'Check-in call — C customer, every 120 days')!;
      expect(String(call.Description).split('\n')).toContain(`Due ${dueDay(150, 120)}: 30 days overdue.`);
      expect(call.Priority).toBe('High');
      expect(sim.counters.byRoute[COLLECTION]).toBe(1);
      expect((await rig.store.listRuns(tenant, 1))[0]!.counts).toMatchObject({ tasks_created: 4 });
    });

    it('creates nothing on a second run', async () => {
      await run();
      const before = liveTasks().map((t) => [t.Id, t.SystemModstamp]).sort();
      sim.resetCounters();
      sim.org.advance(2_000);
      rig.later(DAY);
      expect((await run()).tasks).toMatchObject({ created: 0, moved: 0, completed: 0, removed: 0 });
      expect(sim.counters.byRoute[COLLECTION]).toBeUndefined();
      // Not one task was touched (the accounts' own values may be written back).
      expect(liveTasks().map((t) => [t.Id, t.SystemModstamp]).sort()).toEqual(before);
    });

    it('completes the task when the matching meeting is logged, with a note, and leaves the others open', async () => {
      await run();
      sim.org.advance(2_000);
      sim.org.insert('Event', { Id: '00U000000000100AAA', AccountId: ids.a, OwnerId: MANAGER, Subject: 'Management meeting', Type: 'Meeting', StartDateTime: new Date(ago(1)).toISOString(), ActivityDateTime: new Date(ago(1)).toISOString(), DurationInMinutes: 60 });
      rig.later(DAY);
      expect((await run('incremental')).tasks).toMatchObject({ completed: 1, created: 0, removed: 0 });
      const done = taskFor(ids.a, 'Management meeting — A customer, every 90 days')!;
      expect([done.Status, done.IsClosed]).toEqual(['Completed', true]);
      expect(String(done.Description)).toMatch(/\n\nCompleted by Klantwaarde on \d{4}-\d{2}-\d{2}: the meeting of \d{4}-\d{2}-\d{2} is logged\.$/);
      expect(taskFor(ids.a, 'Process review — A customer, every 90 days')!.IsClosed).toBe(false);
      expect((await rig.store.listTasks(tenant, { companyIds: [ids.a] })).find((t) => t.touchpointKey === touchpointKey(meeting!))!.status).toBe('completed');
    });

    it('deletes the A-only touchpoints\' tasks when the segment changes from A to C, and makes the C task', async () => {
      await run();
      sim.org.advance(2_000);
      sim.org.update('Account', ids.a, { KW_Segment_Override__c: 'C' });
      rig.later(DAY);
      expect((await run()).tasks).toMatchObject({ removed: 3, created: 1 });
      expect(liveTasks().filter((t) => t.WhatId === ids.a).map((t) => t.Subject)).toEqual(['Check-in call — C customer, every 120 days']);
      const stored = await rig.store.listTasks(tenant, { companyIds: [ids.a] });
      expect(stored.filter((t) => t.status === 'removed').map((t) => t.touchpointKey).sort()).toEqual([visit, meeting, review].map((t) => touchpointKey(t!)).sort());
      expect(stored.find((t) => t.touchpointKey === touchpointKey(checkIn))!.status).toBe('open');
    });

    it('leaves a task closed by hand closed, and makes no new one for the same due date', async () => {
      await run();
      const call = taskFor(ids.c, 'Check-in call — C customer, every 120 days')!;
      sim.org.update('Task', call.Id, { Status: 'Completed' });
      for (let day = 1; day <= 2; day++) {
        rig.later(DAY);
        expect((await run()).tasks).toMatchObject({ created: 0, closedByHand: day === 1 ? 1 : 0 });
      }
      expect(sim.org.live('Task', call.Id)!.Status).toBe('Completed');
      expect(liveTasks().filter((t) => t.WhatId === ids.c)).toHaveLength(1);
      expect((await rig.store.listTasks(tenant, { companyIds: [ids.c] })).map((t) => t.status)).toEqual(['closed_by_hand']);
    });

    it('keeps its own Tasks out of the activities', async () => {
      await run();
      rig.later(DAY);
      await run();
      expect((await rig.store.loadPortfolio(tenant)).activities.map((a) => a.id).sort()).toEqual(['3001', '3002', '3003']);
    });
  });

  it('creates 1,000 due tasks in ⌈1000/200⌉ = 5 collection calls', async () => {
    await start(manyDue(1000));
    sim.resetCounters();
    const outcome = await run();
    expect(outcome.tasks).toMatchObject({ created: 1000, failed: 0 });
    expect(liveTasks()).toHaveLength(1000);
    expect(sim.counters.byRoute[COLLECTION]).toBe(5);
    expect(new Set(liveTasks().map((t) => t.WhatId)).size).toBe(1000);
  });
});
