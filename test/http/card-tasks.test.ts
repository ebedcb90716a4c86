// The card API's tasks, as the server wires them with HubSpot connected (the local simulator)
// and tasks on: the card's company comes with its open task per touchpoint, and "Create task
// now" (a signed POST, served once) makes the touchpoint's task in HubSpot. The answer is
// recorded for the card's own tests (extensions/src/app/cards/fixtures/recorded-a-customer-tasks.json;
// re-record with UPDATE_FIXTURES=1).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient } from '../../src/adapters/crm/hubspot/client/hubspot.client.ts';
import { setupHubSpot } from '../../src/adapters/crm/hubspot/setup/hubspot.setup.ts';
import { recomputeAll } from '../../src/app/recompute.ts';
import { syncTenant } from '../../src/app/sync.ts';
import { openRuntime, type Runtime } from '../../src/composition/runtime.ts';
import { touchpointKey } from '../../src/domain/contact-tasks.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { createApp } from '../../src/http/app.ts';
import { signedCardAuth } from '../../src/http/signed-card-auth.ts';
import { FAST_LIMITS, seedPortfolio, startHubSpotSimulator, type HubSpotSimulator } from '../support/hubspot-simulator/index.ts';
import { taskPortfolio } from '../tasks/task-rig.ts';
import { PUBLIC_URL, SECRET, v3Headers } from '../webhooks/signing.ts';

const FIXTURE = resolve(import.meta.dirname, '../../extensions/src/app/cards/fixtures/recorded-a-customer-tasks.json');
const [visit, meeting] = DEFAULT_MODEL_CONFIG.contacts.schedule.B.concat(DEFAULT_MODEL_CONFIG.contacts.schedule.A.slice(1));

/** Types in place of values; arrays by the shape of their first element (as test/http/card-fixtures.test.ts). */
function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, shapeOf(v)]));
  return typeof value;
}

describe('card API: contact-schedule tasks with HubSpot connected', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-card-tasks-'));
  const { portfolio, ids } = taskPortfolio();
  let simulator: HubSpotSimulator;
  let runtime: Runtime;
  let app: ReturnType<typeof createApp>;
  let portal: number;

  const signed = (method: 'GET' | 'POST', path: string, body?: object) => {
    const url = `${path}?portalId=${portal}&userId=77&userEmail=rep%40example.com`;
    const text = body === undefined ? '' : JSON.stringify(body);
    return { url, text, headers: v3Headers(`${PUBLIC_URL}${url}`, text, { method }) };
  };
  const call = (method: 'GET' | 'POST', path: string, body?: object) => {
    const { url, text, headers } = signed(method, path, body);
    return method === 'GET' ? request(app).get(url).set(headers) : request(app).post(url).set(headers).send(text);
  };
  const hubspotTasks = () => [...simulator.portal.table('tasks').records.values()];

  beforeAll(async () => {
    simulator = await startHubSpotSimulator({ limits: FAST_LIMITS });
    portal = simulator.portal.hubId;
    seedPortfolio(simulator.portal, portfolio);
    simulator.portal.owners.set('501', { id: '501', firstName: 'Sanne', lastName: 'de Wit', email: 'sanne@example.com', archived: false });
    await setupHubSpot({ client: createHubSpotClient({ accessToken: 'simulated-token', baseUrl: simulator.url }) });
    // Tasks on, and only as the card asks: a lead time no touchpoint falls in.
    writeFileSync(join(dir, 'klantwaarde.config.yaml'), `hubspot:\n  portalId: ${portal}\n  rateLimit: 1000\ntasks:\n  enabled: true\n  leadDays: 0\n`);
    runtime = await openRuntime({
      io: {
        cwd: dir,
        env: { HUBSPOT_ACCESS_TOKEN: 'simulated-token', HUBSPOT_BASE_URL: simulator.url, HUBSPOT_CLIENT_SECRET: SECRET, PUBLIC_URL, KLANTWAARDE_DATA_DIR: join(dir, 'data'), KLANTWAARDE_CONFIG: join(dir, 'klantwaarde.config.yaml'), LOG_LEVEL: 'silent' },
      },
    });
    const tenant = `hubspot:${portal}`;
    await syncTenant(runtime.store, runtime.crm.sourceFor(tenant)!, 'full', runtime.log);
    await recomputeAll(runtime.recompute, tenant);
    await runtime.store.applyChanges('hubspot:999', { companies: [{ id: 'other-1', name: 'Andere Portal B.V.', createdAt: 0 }] });
    app = createApp({ recompute: runtime.recompute, log: runtime.log, cardAuth: signedCardAuth({ clientSecret: SECRET, publicUrl: PUBLIC_URL }), crm: runtime.crm, ready: async () => true });
  });
  afterAll(async () => {
    await runtime?.close();
    await simulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers each touchpoint of the contact schedule with its key and no task yet', async () => {
    const res = await call('GET', `/api/companies/${ids.b}`);
    expect(res.status).toBe(200);
    expect(res.body.tasks).toEqual([{ key: touchpointKey(visit!), task: null }]);
  });

  it('creates the task of one touchpoint now, in HubSpot, and shows it open with its owner', async () => {
    const res = await call('POST', `/api/companies/${ids.a}/tasks`, { touchpoint: touchpointKey(meeting!) });
    expect(res.status).toBe(200);
    const row = (res.body.tasks as { key: string; task: { crmId: string; dueDate: string; owner: unknown; status: string } | null }[]).find((t) => t.key === touchpointKey(meeting!))!;
    expect(row.task).toMatchObject({ status: 'open', dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), subject: 'Management meeting — A customer, every 90 days', owner: { id: '501', name: 'Sanne de Wit' } });
    const created = simulator.portal.table('tasks').live(row.task!.crmId)!;
    expect(created.properties.hs_task_subject).toBe('Management meeting — A customer, every 90 days');
    expect([...simulator.portal.associations.targets('tasks', created.id, 'companies').keys()]).toEqual([ids.a]);
    // The other touchpoints have none: only what was asked for is made.
    expect(hubspotTasks()).toHaveLength(1);
    if (process.env.UPDATE_FIXTURES === '1' || !existsSync(FIXTURE)) writeFileSync(FIXTURE, `${JSON.stringify(res.body, null, 2)}\n`);
    expect(shapeOf(JSON.parse(readFileSync(FIXTURE, 'utf8')))).toEqual(shapeOf(res.body));
  });

  it('refuses a second open task for the same touchpoint, a touchpoint the schedule lacks, and a replay', async () => {
    const again = await call('POST', `/api/companies/${ids.a}/tasks`, { touchpoint: touchpointKey(meeting!) });
    expect([again.status, again.body.error.code]).toEqual([409, 'task.already_open']);
    const other = await call('POST', `/api/companies/${ids.b}/tasks`, { touchpoint: touchpointKey(meeting!) });
    expect([other.status, other.body.error.code]).toEqual([409, 'task.not_in_schedule']);
    const { url, text, headers } = signed('POST', `/api/companies/${ids.b}/tasks`, { touchpoint: touchpointKey(visit!) });
    expect((await request(app).post(url).set(headers).send(text)).status).toBe(200);
    const replayed = await request(app).post(url).set(headers).send(text);
    expect([replayed.status, replayed.body.error.code]).toEqual([401, 'auth.replayed']);
    expect(hubspotTasks()).toHaveLength(2);
  });

  it('refuses a body without a touchpoint, and answers another portal\'s company as unknown', async () => {
    const bad = await call('POST', `/api/companies/${ids.a}/tasks`, { touchpoint: '', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/touchpoint/);
    expect((await call('POST', '/api/companies/other-1/tasks', { touchpoint: touchpointKey(visit!) })).status).toBe(404);
  });
});

describe('card API: tasks off', () => {
  it('answers no tasks, and "Create task now" with 409 tasks.disabled', async () => {
    const { samplePortal } = await import('../support/sample-portal.ts');
    const portal = await samplePortal();
    try {
      const app = portal.app({ mode: 'local' });
      const company = (await portal.store.latestResults('local')).find((r) => r.contacts.length > 0)!;
      const card = await request(app).get(`/api/companies/${company.companyId}`);
      expect(card.body.tasks).toBeUndefined();
      const res = await request(app).post(`/api/companies/${company.companyId}/tasks`).send({ touchpoint: touchpointKey(company.contacts[0]!.touchpoint) });
      expect([res.status, res.body.error.code]).toEqual([409, 'tasks.disabled']);
    } finally {
      await portal.close();
    }
  });
});
