// Crash safety: a real server process is killed (SIGKILL) while webhook work is queued and in
// progress; restarted, it processes every event, and nothing is written twice. On the embedded
// queue and on PostgreSQL (pg-boss), where the restarted instance (same instance id) takes its
// old claims back at once: the lease and the heartbeat are set far beyond the test's time.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HUBSPOT_PATHS } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';
import { createHubSpotClient } from '../../src/adapters/crm/hubspot/client/hubspot.client.ts';
import { setupHubSpot } from '../../src/adapters/crm/hubspot/setup/hubspot.setup.ts';
import { createHubSpotSource } from '../../src/adapters/crm/hubspot/read/hubspot.source.ts';
import { createHubSpotWriter } from '../../src/adapters/crm/hubspot/write/hubspot.writer.ts';
import { createPgBossQueue } from '../../src/adapters/queue/pgboss.queue.ts';
import { createSqliteQueue } from '../../src/adapters/queue/sqlite.queue.ts';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import { RankingPopulation } from '../../src/app/ranking-population.ts';
import { recomputeAll } from '../../src/app/recompute.ts';
import { syncTenant } from '../../src/app/sync.ts';
import { writeBack } from '../../src/app/write-back.ts';
import { configHash } from '../../src/config/config-hash.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { eventKey } from '../../webhooks/hubspot/dirty-objects.ts';
import { parseEvents } from '../../webhooks/hubspot/events.ts';
import { FAST_LIMITS, seedPortfolio, startHubSpotSimulator, type HubSpotSimulator } from '../support/hubspot-simulator/index.ts';
import { AS_OF, plainPortfolio } from './hubspot-rig.ts';
import { hubspotEvent, SECRET, v3Headers } from './signing.ts';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../queue/pg-support.ts';
import type { WorkQueue } from '../../src/app/ports/queue.port.ts';

const COMPANIES = 30;
const READ = `POST ${HUBSPOT_PATHS.batchRead('companies')}`;
const UPDATE = `POST ${HUBSPOT_PATHS.batchUpdate('companies')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface QueueKind {
  name: string;
  env(dir: string): Record<string, string>;
  /** The queue as it was left, to check what it recorded. */
  open(dir: string): Promise<WorkQueue>;
  cleanUp(): Promise<void>;
}

const schema = uniqueSchema('kw_crash_test');
const KINDS: QueueKind[] = [
  { name: 'the embedded queue', env: () => ({}), open: async (dir) => createSqliteQueue({ path: join(dir, 'queue.db') }), cleanUp: async () => {} },
  {
    name: 'PostgreSQL',
    env: () => ({ QUEUE_DATABASE_URL: TEST_DATABASE_URL, QUEUE_SCHEMA: schema, INSTANCE_ID: 'kw-crash-instance', LEASE_MS: '600000', HEARTBEAT_SECONDS: '600', SUPERVISE_SECONDS: '1' }),
    open: () => createPgBossQueue({ connectionString: TEST_DATABASE_URL, schema, maintain: false }),
    cleanUp: () => dropSchema(schema),
  },
];

describe.each(KINDS)('crash safety of the webhook work on $name', (kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-crash-'));
  const children: ChildProcess[] = [];
  let simulator: HubSpotSimulator;
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await simulator?.close();
    await kind.cleanUp();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'webhook-server.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /READY (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready: ${errors}`)));
    });
    return { child, port };
  }

  async function status(port: number): Promise<{ waiting: number; leased: number; dead: number }> {
    return (await fetch(`http://127.0.0.1:${port}/status`)).json() as Promise<{ waiting: number; leased: number; dead: number }>;
  }

  it('processes every event after a SIGKILL mid-batch, and writes each company once', { timeout: 90_000 }, async () => {
    simulator = await startHubSpotSimulator({ limits: FAST_LIMITS, latencyMs: 15 });
    const { roles } = seedPortfolio(simulator.portal, plainPortfolio(COMPANIES));
    const tenant = `hubspot:${simulator.portal.hubId}`;

    // The installation before the webhooks: set up, synced, computed and written once.
    const client = createHubSpotClient({ accessToken: 'simulated-token', baseUrl: simulator.url, rateLimit: 1000, windowMs: 1000, searchRateLimit: 1000, searchWindowMs: 1000 });
    await setupHubSpot({ client });
    const store = createSqliteStore({ path: join(dir, 'klantwaarde.db') });
    await store.migrate();
    const recompute = { store, config: DEFAULT_MODEL_CONFIG, configHash: configHash(DEFAULT_MODEL_CONFIG), now: () => AS_OF, log: silentLogger, population: new RankingPopulation(store) };
    await syncTenant(store, createHubSpotSource({ client, tenant, roles }), 'full', silentLogger);
    await writeBack(store, createHubSpotWriter({ client, tenant }), (await recomputeAll(recompute, tenant)).updates, silentLogger);
    await store.close();

    const env = { DATA_DIR: dir, SIM_URL: simulator.url, TENANT: tenant, ROLES: JSON.stringify(roles), AS_OF: String(AS_OF), CLIENT_SECRET: SECRET, ...kind.env(dir) };
    const first = await startChild(env);

    // Every company's first deal changes in HubSpot; ten events per company announce it.
    const deals = simulator.portal.table('deals');
    const ids = Array.from({ length: COMPANIES }, (_, i) => String(1001 + i));
    for (const [i, id] of ids.entries()) deals.write(deals.live(`${id}0`)!, { amount: String(70_000 + i) }, simulator.portal.now());
    const events = ids.flatMap((id) =>
      Array.from({ length: 10 }, (_, n) =>
        hubspotEvent(
          n % 2 === 0
            ? { portalId: simulator.portal.hubId, subscriptionType: 'deal.propertyChange', objectId: Number(`${id}0`), propertyName: 'amount', propertyValue: String(n) }
            : { portalId: simulator.portal.hubId, subscriptionType: 'company.propertyChange', objectId: Number(id), propertyName: 'name', propertyValue: `n${n}` },
        ),
      ),
    );
    const send = async (port: number) => {
      const url = `http://127.0.0.1:${port}/webhooks/hubspot`;
      for (let i = 0; i < events.length; i += 50) {
        const body = JSON.stringify(events.slice(i, i + 50));
        const res = await fetch(url, { method: 'POST', headers: v3Headers(url, body), body });
        expect(res.status).toBe(204);
      }
    };
    simulator.resetCounters();
    await send(first.port);

    // Kill the server as soon as it starts pulling the companies: the work is leased, nothing written yet.
    for (let i = 0; i < 2_000 && (simulator.counters.byRoute[READ] ?? 0) === 0; i++) await sleep(5);
    expect(simulator.counters.byRoute[READ]).toBe(1);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(simulator.counters.byRoute[UPDATE] ?? 0).toBe(0);

    // Restarted, it finishes the claimed work within 30 s (the lease and heartbeat are minutes away).
    const second = await startChild(env);
    let state = await status(second.port);
    for (let i = 0; i < 300 && (state.waiting > 0 || state.leased > 0 || (simulator.counters.byRoute[UPDATE] ?? 0) === 0); i++) {
      await sleep(100);
      state = await status(second.port);
    }
    expect(state).toMatchObject({ waiting: 0, leased: 0, dead: 0 });
    // Each company written once (pg-boss hands the ready work out as it comes, so maybe in more than one batch).
    expect(Object.entries(simulator.counters.updated).sort()).toEqual(ids.map((id) => [`companies/${id}`, 1]).sort());
    const updates = simulator.counters.byRoute[UPDATE];
    for (const [i, id] of ids.entries()) {
      const revenue = simulator.portal.table('companies').live(id)!.properties.kw_revenue_12m;
      expect(revenue, `company ${id}`).toBe((70_000 + i + 1_000 * (i + 1) + 100).toFixed(2));
    }

    // HubSpot delivers everything again (it never saw a 2xx for some): all repeats, nothing runs.
    const reads = simulator.counters.byRoute[READ];
    await send(second.port);
    await sleep(1_000);
    expect(await status(second.port)).toMatchObject({ waiting: 0, leased: 0 });
    expect(simulator.counters.byRoute[READ]).toBe(reads);
    expect(simulator.counters.byRoute[UPDATE]).toBe(updates);

    second.child.kill('SIGKILL');
    await new Promise((resolve) => second.child.once('exit', resolve));
    const queue = await kind.open(dir);
    const parsed = parseEvents(JSON.stringify(events));
    if (!parsed.ok) throw new Error(parsed.reason);
    for (const event of parsed.events) expect(await queue.seenEvent(tenant, eventKey(event))).toBe(true);
    await queue.close();
  });
});
