// npm run bench:card — the card API on a 100k-company store: GET /api/companies/:id as HubSpot
// sends it (v3-signed, verified on every request), over HTTP on loopback, for random companies
// with a history of several runs. Prints p50/p95/p99 and the answer sizes, then the same for
// Recalculate and an override (local: no CRM round trip). SQLite by default; BENCH_STORE=postgres
// (with TEST_DATABASE_URL or the local test database) for PostgreSQL.
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../src/adapters/store/sqlite/sqlite.store.ts';
import { silentLogger } from '../src/app/ports/logger.port.ts';
import type { Store } from '../src/app/ports/store.port.ts';
import { RankingPopulation } from '../src/app/ranking-population.ts';
import { recomputeAll, type RecomputeDeps } from '../src/app/recompute.ts';
import { generatePortfolio } from '../src/app/sample/generate-portfolio.ts';
import { DEFAULT_MODEL_CONFIG } from '../src/domain/default-model-config.ts';
import { createApp } from '../src/http/app.ts';
import { signedCardAuth } from '../src/http/signed-card-auth.ts';
import { postgresTestDatabase } from '../test/support/postgres.ts';

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 4);
const READS = Number(process.env.BENCH_READS ?? 5_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const KIND = process.env.BENCH_STORE === 'postgres' ? 'postgres' : 'sqlite';
const SECRET = 'bench-client-secret';
const PORTAL = 4242;
const TENANT = `hubspot:${PORTAL}`;
const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const DAY = 86_400_000;

const dir = mkdtempSync(join(tmpdir(), 'kw-bench-card-'));
const pg = KIND === 'postgres' ? postgresTestDatabase() : null;
const store: Store = pg ? await pg.makeStore() : createSqliteStore({ path: join(dir, 'klantwaarde.db') });
await store.migrate();

console.log(`Building a ${KIND} store: ${COMPANIES.toLocaleString('en')} companies, ${RUNS} full runs of history…`);
const t = performance.now();
const portfolio = generatePortfolio({ companies: COMPANIES, seed: 17, asOf: AS_OF, dealsPerCompany: 5, activitiesPerCompany: 20 });
const ids = portfolio.companies.map((c) => c.id);
await store.applyChanges(TENANT, portfolio);
const clock = { now: AS_OF };
const deps: RecomputeDeps = { store, config: DEFAULT_MODEL_CONFIG, configHash: 'bench', now: () => clock.now, log: silentLogger, population: new RankingPopulation(store) };
// One live run a month (a run as of another moment than its clock would be a what-if).
for (let run = RUNS - 1; run >= 0; run--) {
  clock.now = AS_OF - run * 30 * DAY;
  await recomputeAll(deps, TENANT);
}
console.log(`  built in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const app = createApp({ recompute: deps, cardAuth: signedCardAuth({ clientSecret: SECRET }), log: silentLogger, ready: async () => true });
const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** A request as hubspot.fetch sends it: v3 signature over method, URL, body and timestamp. */
async function call(method: string, path: string, body = ''): Promise<{ ms: number; status: number; bytes: number }> {
  const url = `${origin}${path}${path.includes('?') ? '&' : '?'}portalId=${PORTAL}&userId=1&userEmail=bench%40example.com`;
  const timestamp = String(Date.now());
  const signature = createHmac('sha256', SECRET).update(`${method}${url.replace('%40', '@')}${body}${timestamp}`).digest('base64');
  const start = performance.now();
  const res = await fetch(url, {
    method,
    headers: { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
  });
  const text = await res.text();
  return { ms: performance.now() - start, status: res.status, bytes: Buffer.byteLength(text) };
}

async function measure(label: string, count: number, concurrency: number, request: (i: number) => Promise<{ ms: number; status: number; bytes: number }>) {
  const times: number[] = [];
  const sizes: number[] = [];
  const failed = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const r = await request(next++);
        times.push(r.ms);
        sizes.push(r.bytes);
        if (r.status !== 200) failed.set(r.status, (failed.get(r.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  sizes.sort((a, b) => a - b);
  const q = (list: number[], p: number) => list[Math.min(list.length - 1, Math.floor(p * list.length))] ?? NaN;
  console.log(
    `${label.padEnd(26)} n=${String(count).padStart(5)}  c=${concurrency}  p50 ${q(times, 0.5).toFixed(1)} ms  p95 ${q(times, 0.95).toFixed(1)} ms  p99 ${q(times, 0.99).toFixed(1)} ms  max ${times.at(-1)!.toFixed(1)} ms  ` +
      `${Math.round(count / seconds)}/s  answer ${(q(sizes, 0.5) / 1024).toFixed(1)} KB median, ${(sizes.at(-1)! / 1024).toFixed(1)} KB max${failed.size ? `  FAILED ${[...failed].map(([s, n]) => `${n}×${s}`).join(', ')}` : ''}`,
  );
  return { p99: q(times, 0.99), maxBytes: sizes.at(-1)!, failed: failed.size };
}

// Stable random picks, so runs compare.
let seed = 7;
const pick = () => ids[(seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % ids.length]!;

await measure('warm-up', 200, CONCURRENCY, () => call('GET', `/api/companies/${pick()}`));
console.log('');
const sequential = await measure('GET card, one at a time', READS, 1, () => call('GET', `/api/companies/${pick()}`));
const parallel = await measure('GET card, concurrent', READS, CONCURRENCY, () => call('GET', `/api/companies/${pick()}`));
await measure('POST recalculate', 200, 1, () => call('POST', `/api/companies/${pick()}/recalculate`));
await measure('PUT override', 200, 1, () => call('PUT', `/api/companies/${pick()}/override`, JSON.stringify({ segment: 'B', reason: 'bench' })));

server.close();
await store.close();
await pg?.dropAll();
rmSync(dir, { recursive: true, force: true });

console.log('');
const check = (label: string, ok: boolean) => console.log(`${ok ? 'PASS' : 'MISS'}  ${label}`);
check(`GET p99 ≤ 50 ms on ${COMPANIES.toLocaleString('en')} companies (sequential ${sequential.p99.toFixed(1)} ms, ${CONCURRENCY} concurrent ${parallel.p99.toFixed(1)} ms)`, Math.max(sequential.p99, parallel.p99) <= 50);
check(`answers well under HubSpot's 1 MB (largest ${(Math.max(sequential.maxBytes, parallel.maxBytes) / 1024).toFixed(1)} KB)`, Math.max(sequential.maxBytes, parallel.maxBytes) < 100 * 1024);
check('every request answered 200', sequential.failed + parallel.failed === 0);
