// npm run bench:webhooks — load on POST /webhooks/hubspot over loopback: a server process
// (webhook route, embedded queue, debounced worker, SQLite store) fed signed batches by a
// fixed number of concurrent senders, against the local HubSpot simulator. Prints accepted
// events/s, p50/p99 response times, the time until the last event's company is written back,
// and checks that no event was lost and no request got a 5xx.
// Options: --seconds N (60) --concurrency N (8 senders) --batch N (events per request, 50)
//          --rate N (events/s in all; 0 = as fast as the server answers) --companies N (2000)
//          --changed F (share of events that come with a real change in HubSpot, 0.1)
//          --hubspot-rate N (API calls per 10 s the worker may make, as HubSpot allows; 190 =
//          Professional/Enterprise; 0 = unlimited, which makes the worker CPU-bound on this machine)
//          --postgres (the queue on PostgreSQL through pg-boss, as several instances run it:
//          DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test, in a schema of its own)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHubSpotClient, createHubSpotSource, createHubSpotWriter, HUBSPOT_PATHS, setupHubSpot } from '../src/adapters/crm/hubspot/hubspot.ts';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPgBossQueue } from '../src/adapters/queue/pgboss.queue.ts';
import { createSqliteQueue } from '../src/adapters/queue/sqlite.queue.ts';
import { createSqliteStore } from '../src/adapters/store/sqlite/sqlite.store.ts';
import { silentLogger } from '../src/app/ports/logger.port.ts';
import { RankingPopulation } from '../src/app/ranking-population.ts';
import { recomputeAll } from '../src/app/recompute.ts';
import { syncTenant } from '../src/app/sync.ts';
import { writeBack } from '../src/app/write-back.ts';
import { configHash } from '../src/config/config-hash.ts';
import { DEFAULT_MODEL_CONFIG } from '../src/domain/default-model-config.ts';
import { eventKey } from '../webhooks/hubspot/dirty-objects.ts';
import { parseEvents } from '../webhooks/hubspot/events.ts';
import { signV3 } from '../webhooks/hubspot/signature.ts';
import { Worker } from 'node:worker_threads';
import type { RoleMapping } from '../src/adapters/crm/hubspot/read/hubspot.mapper.ts';
import { AS_OF, plainPortfolio } from '../test/webhooks/hubspot-rig.ts';
import type { SimulatorHostRequest } from '../test/webhooks/simulator-host.thread.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '8' },
    batch: { type: 'string', default: '50' },
    rate: { type: 'string', default: '0' },
    companies: { type: 'string', default: '2000' },
    changed: { type: 'string', default: '0.1' },
    'hubspot-rate': { type: 'string', default: '190' },
    postgres: { type: 'boolean', default: false },
  },
});
const databaseUrl = args.postgres ? (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test') : null;
const queueSchema = `kw_bench_queue_${randomBytes(4).toString('hex')}`;
const num = (name: keyof typeof args) => Number(args[name]);
const SECRET = 'bench-client-secret';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let failures = 0;
const check = (label: string, ok: boolean) => {
  console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${label}`);
  if (!ok) failures += 1;
};

// --- The installation: a portal in the simulator (a thread of its own: HubSpot is elsewhere,
// and its work must not delay the load generator's clock), set up, synced, computed, written.
console.log(`Preparing a portal of ${args.companies} companies …`);
// Numeric ids, as HubSpot's: each company has two won deals and a call.
const portfolio = plainPortfolio(num('companies'));
const hubspot = await startSimulatorHost(num('companies'));
const { roles } = hubspot;
const tenant = `hubspot:${hubspot.hubId}`;
const client = createHubSpotClient({ accessToken: 'bench', baseUrl: hubspot.url, rateLimit: 2_000, windowMs: 1_000, searchRateLimit: 1_000, searchWindowMs: 1_000 });
await setupHubSpot({ client });
const dir = mkdtempSync(join(tmpdir(), 'kw-bench-webhooks-'));
{
  const store = createSqliteStore({ path: join(dir, 'klantwaarde.db') });
  await store.migrate();
  const recompute = { store, config: DEFAULT_MODEL_CONFIG, configHash: configHash(DEFAULT_MODEL_CONFIG), now: () => AS_OF, log: silentLogger, population: new RankingPopulation(store) };
  await syncTenant(store, createHubSpotSource({ client, tenant, roles }), 'full', silentLogger);
  await writeBack(store, createHubSpotWriter({ client, tenant }), (await recomputeAll(recompute, tenant)).updates, silentLogger);
  await store.close();
}
console.log(`  ${portfolio.companies.length} companies, ${portfolio.deals.length} deals, ${portfolio.activities.length} activities synced and written`);

// --- The server under load, in its own process (its event loop is not the load generator's).
const server = spawn(process.execPath, [join(import.meta.dirname, '../test/webhooks/webhook-server.ts')], {
  env: {
    ...process.env,
    DATA_DIR: dir,
    SIM_URL: hubspot.url,
    TENANT: tenant,
    ROLES: JSON.stringify(roles),
    AS_OF: String(AS_OF),
    CLIENT_SECRET: SECRET,
    SETTLE_MS: '1000',
    INTERVAL_MS: '1000',
    BATCH_SIZE: '5000',
    LEASE_MS: '120000',
    ...(databaseUrl ? { QUEUE_DATABASE_URL: databaseUrl, QUEUE_SCHEMA: queueSchema, INSTANCE_ID: 'bench' } : {}),
    ...(num('hubspot-rate') > 0 ? { RATE_LIMIT: String(num('hubspot-rate')), RATE_WINDOW_MS: '10000' } : {}),
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise<number>((resolve, reject) => {
  let out = '';
  server.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const match = /READY (\d+)/.exec(out);
    if (match) resolve(Number(match[1]));
  });
  server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});
const url = `http://127.0.0.1:${port}/webhooks/hubspot`;
const status = async () => (await fetch(`http://127.0.0.1:${port}/status`)).json() as Promise<{ waiting: number; leased: number; dead: number }>;

// --- Events: changes to deals (some real: the deal's amount moves in HubSpot), companies and calls.
const wonDeals = portfolio.deals.filter((d) => d.status === 'won');
const calls = portfolio.activities.filter((a) => a.type === 'call');
let eventId = 1;
function nextEvent(): Record<string, unknown> {
  const base = { eventId: eventId++, subscriptionId: 11, portalId: hubspot.hubId, appId: 1, occurredAt: Date.now(), attemptNumber: 0, changeSource: 'CRM_UI' };
  const pick = Math.random();
  if (pick < 0.5) {
    const deal = wonDeals[Math.floor(Math.random() * wonDeals.length)]!;
    if (Math.random() < num('changed') / 0.5) hubspot.setDealAmount(deal.id, Math.round(deal.amount * (0.5 + Math.random())));
    return { ...base, subscriptionType: 'deal.propertyChange', objectId: Number(deal.id), propertyName: 'amount', propertyValue: '0' };
  }
  if (pick < 0.8 || calls.length === 0) {
    const company = portfolio.companies[Math.floor(Math.random() * portfolio.companies.length)]!;
    return { ...base, subscriptionType: 'company.propertyChange', objectId: Number(company.id), propertyName: 'name', propertyValue: company.name };
  }
  const call = calls[Math.floor(Math.random() * calls.length)]!;
  return { ...base, subscriptionType: 'object.propertyChange', objectTypeId: '0-48', objectId: Number(call.id), propertyName: 'hs_call_duration', propertyValue: '60000' };
}

const sentBodies: string[] = [];
const latencies: number[] = [];
const statuses = new Map<number, number>();
let acceptedEvents = 0;
async function post(body: string): Promise<number> {
  const timestamp = String(Date.now());
  const headers = { 'content-type': 'application/json', 'x-hubspot-signature-v3': signV3(SECRET, 'POST', url, body, timestamp), 'x-hubspot-request-timestamp': timestamp };
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  await res.arrayBuffer();
  latencies.push(performance.now() - t0);
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  return res.status;
}

const seconds = num('seconds');
const batch = num('batch');
const rate = num('rate');
console.log(`\nLoad on the ${databaseUrl ? 'PostgreSQL (pg-boss)' : 'embedded SQLite'} queue: ${seconds} s, ${args.concurrency} senders, ${batch} events per request${rate > 0 ? `, ${rate} events/s in all` : ', each sending as soon as the previous answer came'}`);
await hubspot.resetCounters();
const started = performance.now();
const end = started + seconds * 1000;
let sentEvents = 0;
async function sender(): Promise<void> {
  while (performance.now() < end) {
    // Paced: the events sent so far may not run ahead of the rate (asked again after each
    // wait, since the other senders sent meanwhile).
    for (let due = started + (sentEvents / rate) * 1000; rate > 0 && due > performance.now(); due = started + (sentEvents / rate) * 1000) {
      await sleep(due - performance.now());
    }
    if (performance.now() >= end) break;
    const events = Array.from({ length: batch }, nextEvent);
    sentEvents += events.length;
    const body = JSON.stringify(events);
    sentBodies.push(body);
    if ((await post(body)) === 204) acceptedEvents += events.length;
  }
}
await Promise.all(Array.from({ length: num('concurrency') }, sender));
const loadMs = performance.now() - started;

// --- The last event: a real change to one company; how long until HubSpot shows it.
const marker = wonDeals[0]!;
await hubspot.addToDeal(marker.id, 12_345);
// Its revenue as HubSpot now holds it: both of its deals are won and in the window.
let expected = 0;
for (const d of wonDeals.filter((w) => w.companyId === marker.companyId)) expected += await hubspot.addToDeal(d.id, 0);
const markerBody = JSON.stringify([{ eventId: eventId++, subscriptionId: 11, portalId: hubspot.hubId, appId: 1, occurredAt: Date.now(), subscriptionType: 'deal.propertyChange', objectId: Number(marker.id), propertyName: 'amount', propertyValue: 'x' }]);
sentBodies.push(markerBody);
await post(markerBody);
const markerSent = performance.now();
let writtenAfterMs: number | null = null;
while (performance.now() - markerSent < 120_000) {
  if (Number((await hubspot.company(marker.companyId))?.kw_revenue_12m) === expected) {
    writtenAfterMs = performance.now() - markerSent;
    break;
  }
  await sleep(20);
}

// --- Drain, then check every event made it into the queue's record and nothing is left.
let state = await status();
for (let i = 0; i < 600 && (state.waiting > 0 || state.leased > 0); i++) {
  await sleep(200);
  state = await status();
}
const counters = await hubspot.counters();
server.kill('SIGKILL');
await new Promise((resolve) => server.once('exit', resolve));
const queue = databaseUrl ? await createPgBossQueue({ connectionString: databaseUrl, schema: queueSchema, maintain: false }) : createSqliteQueue({ path: join(dir, 'queue.db') });
let lost = 0;
let checked = 0;
for (const body of sentBodies) {
  const parsed = parseEvents(body);
  if (!parsed.ok) throw new Error(parsed.reason);
  for (const event of parsed.events) {
    checked += 1;
    if (!(await queue.seenEvent(tenant, eventKey(event)))) lost += 1;
  }
}
await queue.close();
if (databaseUrl) {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${queueSchema} CASCADE`);
  await admin.end();
}
await hubspot.close();
rmSync(dir, { recursive: true, force: true });

// --- Figures.
const sorted = [...latencies].sort((a, b) => a - b);
const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const perSecond = acceptedEvents / (loadMs / 1000);
const fiveXX = [...statuses].filter(([code]) => code >= 500).reduce((s, [, n]) => s + n, 0);
console.log(`\nRequests: ${latencies.length} (${[...statuses].map(([code, n]) => `${n} × ${code}`).join(', ')})`);
console.log(`Events: ${sentEvents + 1} sent, ${acceptedEvents} accepted in the load phase → ${Math.round(perSecond)} events/s (${Math.round(latencies.length / (loadMs / 1000))} requests/s)`);
console.log(`Refused: ${fiveXX} requests answered 5xx (${[...statuses].filter(([code]) => code >= 500).map(([code, n]) => `${n} × ${code}`).join(', ') || 'none'}), ${latencies.length - (statuses.get(204) ?? 0)} not accepted in all`);
console.log(`Response time: p50 ${quantile(0.5).toFixed(1)} ms, p90 ${quantile(0.9).toFixed(1)} ms, p99 ${quantile(0.99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`);
console.log(`Last event's company written back after ${writtenAfterMs === null ? 'never (2 min)' : `${(writtenAfterMs / 1000).toFixed(2)} s`}`);
console.log(`HubSpot calls by the worker: ${Object.values(counters).reduce((s, n) => s + n, 0)} (companies read ${counters[`POST ${HUBSPOT_PATHS.batchRead('companies')}`] ?? 0} batches, written ${counters[`POST ${HUBSPOT_PATHS.batchUpdate('companies')}`] ?? 0} batches)`);
console.log(`Queue after draining: ${state.waiting} waiting, ${state.leased} in progress, ${state.dead} dead; ${checked} events checked, ${lost} not recorded`);
console.log('');
check('≥ 2,000 events/s accepted', perSecond >= 2_000);
check('p99 < 100 ms', quantile(0.99) < 100);
check('no 5xx', fiveXX === 0);
check('no event lost (every event recorded, queue drained, no dead letters)', lost === 0 && state.waiting === 0 && state.leased === 0 && state.dead === 0);
check('the last event reached HubSpot', writtenAfterMs !== null);
process.exitCode = failures > 0 ? 1 : 0;

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The simulator thread and what the bench asks of it. */
async function startSimulatorHost(companies: number) {
  const thread = new Worker(new URL('../test/webhooks/simulator-host.thread.ts', import.meta.url), {
    workerData: { companies, limits: { perWindow: 2_000, windowMs: 1_000, searchPerWindow: 1_000, searchWindowMs: 1_000, daily: Infinity } },
  });
  const ready = await new Promise<{ url: string; hubId: number; roles: RoleMapping }>((resolve, reject) => {
    thread.once('message', resolve);
    thread.once('error', reject);
  });
  let next = 1;
  const waiting = new Map<number, (value: unknown) => void>();
  thread.on('message', (m: { type: string; id?: number; value?: unknown }) => {
    if (m.type === 'reply') waiting.get(m.id!)?.(m.value);
  });
  const ask = <T>(request: WithoutId<Extract<SimulatorHostRequest, { id: number }>>) =>
    new Promise<T>((resolve) => {
      const id = next++;
      waiting.set(id, (value) => resolve(value as T));
      thread.postMessage({ ...request, id });
    });
  return {
    ...ready,
    setDealAmount: (dealId: string, amount: number) => thread.postMessage({ type: 'set-deal-amount', dealId, amount } satisfies SimulatorHostRequest),
    addToDeal: (dealId: string, delta: number) => ask<number>({ type: 'add-to-deal', dealId, delta }),
    company: (companyId: string) => ask<Record<string, string | null> | null>({ type: 'company', companyId }),
    counters: () => ask<Record<string, number>>({ type: 'counters' }),
    resetCounters: () => ask<null>({ type: 'reset' }),
    close: async () => {
      await ask<null>({ type: 'close' });
      await thread.terminate();
    },
  };
}
