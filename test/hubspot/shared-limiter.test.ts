// Several instances writing back to one portal share its rate limit through PostgreSQL: three
// threads, each with its own pool, limiter and client, together never make more calls in any
// window than the limit allows, as the HubSpot simulator counts them; and a 429 one of them
// meets holds the others back too.
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient } from '../../src/adapters/crm/hubspot/client/hubspot.client.ts';
import { HUBSPOT_PATHS } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';
import { setupHubSpot } from '../../src/adapters/crm/hubspot/setup/hubspot.setup.ts';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../queue/pg-support.ts';
import { seedPortfolio, startHubSpotSimulator, type HubSpotSimulator } from '../support/hubspot-simulator/index.ts';
import { plainPortfolio } from '../webhooks/hubspot-rig.ts';
import type { InstanceData } from './shared-limiter.thread.ts';

const UPDATE = `POST ${HUBSPOT_PATHS.batchUpdate('companies')}`;
const COMPANIES = 90;

interface Instance {
  ready: Promise<void>;
  done: Promise<{ written: number; failed: number; stoppedBy: string | null; rateLimited: number }>;
  go(): void;
}

function startInstance(data: InstanceData): Instance {
  const thread = new Worker(new URL('./shared-limiter.thread.ts', import.meta.url), { workerData: data });
  let readied: () => void = () => {};
  const ready = new Promise<void>((resolve) => (readied = resolve));
  const done = new Promise<Awaited<Instance['done']>>((resolve, reject) => {
    thread.on('message', (m: { type: string }) => {
      if (m.type === 'ready') readied();
      if (m.type === 'done') resolve(m as unknown as Awaited<Instance['done']>);
    });
    thread.once('error', reject);
  });
  return { ready, done: done.finally(() => thread.terminate()), go: () => thread.postMessage('go') };
}

/** The most calls the simulator saw in any window of `windowMs` (a window opens at each arrival). */
function busiestWindow(arrivals: number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

describe('the rate limit shared by instances (PostgreSQL)', () => {
  let simulator: HubSpotSimulator;
  let tenant: string;
  const schemas: string[] = [];
  const ids = Array.from({ length: COMPANIES }, (_, i) => String(1001 + i));

  beforeAll(async () => {
    simulator = await startHubSpotSimulator({ limits: { perWindow: 10_000, windowMs: 1_000, searchPerWindow: 1_000, searchWindowMs: 1_000 } });
    seedPortfolio(simulator.portal, plainPortfolio(COMPANIES));
    tenant = `hubspot:${simulator.portal.hubId}`;
    await setupHubSpot({ client: createHubSpotClient({ accessToken: 'simulated-token', baseUrl: simulator.url, rateLimit: 1_000, windowMs: 1_000 }) });
  });

  afterAll(async () => {
    await simulator?.close();
    for (const schema of schemas) await dropSchema(schema);
  });

  const instanceData = (schema: string, companyIds: string[], more: Partial<InstanceData> = {}): InstanceData => ({
    simUrl: simulator.url,
    tenant,
    databaseUrl: TEST_DATABASE_URL,
    schema,
    shared: true,
    limit: 10,
    windowMs: 3_000,
    companyIds,
    batchSize: 3,
    waitForGo: false,
    ...more,
  });

  it('keeps three instances writing back together within the limit in every window', { timeout: 60_000 }, async () => {
    const schema = uniqueSchema('kw_limits_test');
    schemas.push(schema);
    simulator.resetCounters();
    // 3 instances × 30 companies in batches of 3: 30 calls, at most 10 per 3 s.
    const instances = [0, 1, 2].map((n) => startInstance(instanceData(schema, ids.slice(n * 30, n * 30 + 30))));
    const reports = await Promise.all(instances.map((i) => i.done));

    expect(reports.map((r) => r.written)).toEqual([30, 30, 30]);
    const arrivals = simulator.counters.requests.filter((r) => r.route === UPDATE).map((r) => r.at);
    expect(arrivals).toHaveLength(30);
    expect(busiestWindow(arrivals, 3_000)).toBe(10);
    expect(simulator.counters.rateLimited.TEN_SECONDLY_ROLLING).toBe(0);
  });

  it('holds every instance back after a 429 one of them met', { timeout: 60_000 }, async () => {
    const schema = uniqueSchema('kw_limits_test');
    schemas.push(schema);
    const db = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
    // Another app uses the portal: HubSpot allows us fewer calls than our limit says.
    simulator.limits.configure({ perWindow: 4, windowMs: 2_000 });
    simulator.resetCounters();
    try {
      const waiting = startInstance(instanceData(schema, ids.slice(60, 63), { limit: 20, windowMs: 10_000, batchSize: 1, waitForGo: true }));
      await waiting.ready;
      const first = startInstance(instanceData(schema, ids.slice(0, 8), { limit: 20, windowMs: 10_000, batchSize: 1 }));
      // Once the first instance has seen its 429 (and recorded the pause), the other one starts writing.
      let pausedUntil = 0;
      for (let i = 0; i < 2_000 && pausedUntil === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        pausedUntil = Number((await db.query<{ paused_until: string }>(`SELECT paused_until FROM ${schema}.api_windows WHERE bucket = $1`, [tenant])).rows[0]?.paused_until ?? 0);
      }
      const refusedAt = simulator.counters.requests.find((r) => r.status === 429)!.at;
      expect(pausedUntil - refusedAt).toBeGreaterThanOrEqual(1_000);
      waiting.go();
      await Promise.all([first.done, waiting.done]);

      // The other instance's first call came only after the pause (a tenth of the 10 s window from the 429).
      const waitingIds = new Set(ids.slice(60, 63));
      const theirs = simulator.counters.requests.filter((r) => r.route === UPDATE && (r.ids ?? []).some((id) => waitingIds.has(id)));
      expect(theirs.length).toBeGreaterThan(0);
      const firstAfter = Math.min(...theirs.map((r) => r.at));
      expect(firstAfter).toBeGreaterThanOrEqual(pausedUntil);
    } finally {
      await db.end();
      simulator.limits.configure({ perWindow: 10_000, windowMs: 1_000 });
    }
  });
});
