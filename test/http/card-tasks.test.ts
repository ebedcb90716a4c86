// The card API's tasks, as the server wires them with HubSpot connected (the local simulator)
// and tasks on: the card's company comes with its open task per touchpoint, and "Create task
// now" (a signed POST, served once) makes the touchpoint's task in HubSpot. The answer is
// recorded for the card's own tests (extensions/src/app/cards/fixtures/recorded-a-customer-tasks.json;
// re-record with UPDATE_FIXTURES=1).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeAll } from '../../src/app/recompute.ts';
import { syncTenant } from '../../src/app/sync.ts';
import { touchpointKey } from '../../src/domain/contact-tasks.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { samplePortal } from '../support/sample-portal.ts';
import { shapeOf } from '../support/shape.ts';
import { taskPortfolio } from '../tasks/task-rig.ts';
import { signedCardApp, type SignedCardApp } from './signed-card-app.ts';

const FIXTURE = resolve(import.meta.dirname, '../../extensions/src/app/cards/fixtures/recorded-a-customer-tasks.json');
const visit = DEFAULT_MODEL_CONFIG.contacts.schedule.B[0]!;
const meeting = DEFAULT_MODEL_CONFIG.contacts.schedule.A[1]!;

// Steps of one story on one portal, in this order (kept so under --sequence.shuffle).
describe('card API: contact-schedule tasks with HubSpot connected', { shuffle: false }, () => {
  const { portfolio, ids } = taskPortfolio();
  let card: SignedCardApp;
  const hubspotTasks = () => [...card.simulator.portal.table('tasks').records.values()];

  beforeAll(async () => {
    card = await signedCardApp(portfolio, {
      prepare: (simulator) => simulator.portal.owners.set('501', { id: '501', firstName: 'Sanne', lastName: 'de Wit', email: 'sanne@example.com', archived: false }),
      // Tasks on, and only as the card asks: a lead time no touchpoint falls in, and no run that keeps tasks.
      extraConfig: 'tasks:\n  enabled: true\n  leadDays: 0\n',
      ready: async (runtime, tenant) => {
        await syncTenant(runtime.store, runtime.crm.sourceFor(tenant)!, 'full', runtime.log);
        await recomputeAll(runtime.recompute, tenant);
      },
    });
  });
  afterAll(() => card?.close());

  it('answers each touchpoint of the contact schedule with its key and no task yet', async () => {
    const res = await card.call('GET', `/api/companies/${ids.b}`);
    expect(res.status).toBe(200);
    expect(res.body.tasks).toEqual([{ key: touchpointKey(visit), task: null }]);
  });

  it('creates the task of one touchpoint now, in HubSpot, and shows it open with its owner', async () => {
    const res = await card.call('POST', `/api/companies/${ids.a}/tasks`, { touchpoint: touchpointKey(meeting) });
    expect(res.status).toBe(200);
    const row = (res.body.tasks as { key: string; task: { crmId: string } | null }[]).find((t) => t.key === touchpointKey(meeting))!;
    expect(row.task).toMatchObject({ status: 'open', dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), subject: 'Management meeting — A customer, every 90 days', owner: { id: '501', name: 'Sanne de Wit' } });
    const created = card.simulator.portal.table('tasks').live(row.task!.crmId)!;
    expect(created.properties.hs_task_subject).toBe('Management meeting — A customer, every 90 days');
    expect([...card.simulator.portal.associations.targets('tasks', created.id, 'companies').keys()]).toEqual([ids.a]);
    // The other touchpoints have none: only what was asked for is made.
    expect(hubspotTasks()).toHaveLength(1);
    if (process.env.UPDATE_FIXTURES === '1' || !existsSync(FIXTURE)) writeFileSync(FIXTURE, `${JSON.stringify(res.body, null, 2)}\n`);
    expect(shapeOf(JSON.parse(readFileSync(FIXTURE, 'utf8')))).toEqual(shapeOf(res.body));
  });

  it('refuses a second open task for the same touchpoint, a touchpoint the schedule lacks, and a replay', async () => {
    const again = await card.call('POST', `/api/companies/${ids.a}/tasks`, { touchpoint: touchpointKey(meeting) });
    expect([again.status, again.body.error.code]).toEqual([409, 'task.already_open']);
    const other = await card.call('POST', `/api/companies/${ids.b}/tasks`, { touchpoint: touchpointKey(meeting) });
    expect([other.status, other.body.error.code]).toEqual([409, 'task.not_in_schedule']);
    const { url, text, headers } = card.signed('POST', `/api/companies/${ids.b}/tasks`, { touchpoint: touchpointKey(visit) });
    expect((await request(card.app).post(url).set(headers).send(text)).status).toBe(200);
    const replayed = await request(card.app).post(url).set(headers).send(text);
    expect([replayed.status, replayed.body.error.code]).toEqual([401, 'auth.replayed']);
    expect(hubspotTasks()).toHaveLength(2);
  });

  it('refuses a body without a touchpoint, and answers another portal\'s company as unknown', async () => {
    const bad = await card.call('POST', `/api/companies/${ids.a}/tasks`, { touchpoint: '', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/touchpoint/);
    expect((await card.call('POST', '/api/companies/other-1/tasks', { touchpoint: touchpointKey(visit) })).status).toBe(404);
  });
});

describe('card API: tasks off', () => {
  it('answers no tasks, and "Create task now" with 409 tasks.disabled', async () => {
    const portal = await samplePortal();
    try {
      const app = portal.app({ mode: 'local' });
      const company = (await portal.store.latestResults('local')).find((r) => r.contacts.length > 0)!;
      const answer = await request(app).get(`/api/companies/${company.companyId}`);
      expect(answer.body.tasks).toBeUndefined();
      const res = await request(app).post(`/api/companies/${company.companyId}/tasks`).send({ touchpoint: touchpointKey(company.contacts[0]!.touchpoint) });
      expect([res.status, res.body.error.code]).toEqual([409, 'tasks.disabled']);
    } finally {
      await portal.close();
    }
  });
});
