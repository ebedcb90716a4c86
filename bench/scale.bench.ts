// npm run bench:scale — a sharded full run (README, "Running at scale") on PostgreSQL with 1, 2
// and 3 worker processes on this machine: a generated portfolio (default 300,000 companies,
// about 60 records each) imported once, then one full run per worker count, coordinated from
// this process (which takes no shard). Prints wall time, each worker's peak RSS and CPU time,
// PostgreSQL's CPU time over the run (its processes on this machine), the database size, and
// which limit the run hit. Options: --companies N (300000) --workers 1,2,3 --shard-size N (5000)
//   --keep (leave the schemas for a look afterwards). DATABASE_URL, else the local test database.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createShardQueue } from '../src/adapters/queue/pgboss.shards.ts';
import { createPostgresStore } from '../src/adapters/store/postgres/postgres.store.ts';
import { openPostgresShards } from '../src/adapters/store/postgres/postgres.shards.ts';
import { silentLogger } from '../src/app/ports/logger.port.ts';
import { RankingPopulation } from '../src/app/ranking-population.ts';
import { shardedFullRun } from '../src/app/sharded-run.ts';
import { generatePortfolio } from '../src/app/sample/generate-portfolio.ts';
import { configHash } from '../src/config/config-hash.ts';
import { DEFAULT_MODEL_CONFIG } from '../src/domain/default-model-config.ts';
import type { Portfolio } from '../src/domain/records.ts';

const { values: args } = parseArgs({
  options: {
    companies: { type: 'string', default: '300000' },
    workers: { type: 'string', default: '1,2,3' },
    'shard-size': { type: 'string', default: '5000' },
    keep: { type: 'boolean', default: false },
  },
});
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const COMPANIES = Number(args.companies);
const SHARD_SIZE = Number(args['shard-size']);
const WORKERS = args.workers.split(',').map(Number);
const AS_OF = Date.parse('2026-11-02T09:00:00Z');
const TENANT = 'bench';
const SCHEMA = 'kw_bench_scale';
const BOSS_SCHEMA = 'kw_bench_scale_boss';
/** Generated this many companies at a time (ids made unique per block), so the bench never holds the portfolio. */
const BLOCK = 5000;

const admin = new pg.Client({ connectionString: url });
await admin.connect();
for (const s of [SCHEMA, BOSS_SCHEMA]) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
await admin.query(`CREATE SCHEMA ${SCHEMA}`);
const pool = () => new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${SCHEMA}` });
const store = createPostgresStore({ pool: pool() });
await store.migrate();

console.log(`bench:scale — ${COMPANIES.toLocaleString('en')} companies, shards of ${SHARD_SIZE.toLocaleString('en')}, ${availableParallelism()} cores on this machine`);
let records = 0;
const importStart = performance.now();
for (let first = 0, block = 0; first < COMPANIES; first += BLOCK, block++) {
  const part = prefixed(generatePortfolio({ companies: Math.min(BLOCK, COMPANIES - first), seed: 1000 + block, asOf: AS_OF }), `b${String(block).padStart(4, '0')}-`);
  records += part.deals.length + part.activities.length;
  await store.applyChanges(TENANT, part);
}
const importSeconds = (performance.now() - importStart) / 1000;
console.log(`import: ${records.toLocaleString('en')} deals and activities in ${importSeconds.toFixed(1)} s; database ${await databaseMb()} MB`);

const book = await openPostgresShards(pool());
const queue = await createShardQueue({ connectionString: url, schema: BOSS_SCHEMA, leaseSeconds: 900, heartbeatSeconds: 30, attempts: 3, log: silentLogger });
const recompute = { store, config: DEFAULT_MODEL_CONFIG, configHash: configHash(DEFAULT_MODEL_CONFIG), now: () => AS_OF, log: silentLogger, population: new RankingPopulation(store) };

const rows: string[] = [];
for (const n of WORKERS) {
  const workers = await Promise.all(Array.from({ length: n }, (_, i) => startWorker(`worker-${i + 1}`)));
  const pgBefore = postgresCpuSeconds();
  const start = performance.now();
  const outcome = await shardedFullRun({ recompute, shards: book, instance: 'coordinator', writerFor: () => null, dispatch: queue, shardSize: SHARD_SIZE, pollMs: 200 }, TENANT);
  const wall = (performance.now() - start) / 1000;
  const pgCpu = postgresCpuSeconds() - pgBefore;
  const stats = await Promise.all(workers.map(stopWorker));
  const workerCpu = stats.reduce((s, w) => s + w.cpuSeconds, 0);
  const busy = (pgCpu + workerCpu) / (wall * availableParallelism());
  const limit = busy > 0.85 ? `the machine's ${availableParallelism()} cores (${Math.round(busy * 100)}% busy: PostgreSQL ${pgCpu.toFixed(0)} s + workers ${workerCpu.toFixed(0)} s of CPU)` : pgCpu > workerCpu ? 'PostgreSQL' : 'the workers';
  const line = `${n} worker(s): ${wall.toFixed(1)} s wall, ${outcome.recompute.counts.companies?.toLocaleString('en')} companies in ${outcome.recompute.counts.shards} shards; peak RSS per worker ${stats.map((s) => `${s.peakRssMb} MB`).join(', ')}; CPU workers ${workerCpu.toFixed(1)} s, PostgreSQL ${pgCpu.toFixed(1)} s; database ${await databaseMb()} MB; limit: ${limit}`;
  console.log(line);
  rows.push(line);
}
await queue.stop();
await store.close();
if (!args.keep) for (const s of [SCHEMA, BOSS_SCHEMA]) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
await admin.end();
process.exit(0);

function startWorker(name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'scale-worker.ts')], {
    env: { ...process.env, DATABASE_URL: url, BENCH_SCHEMA: SCHEMA, BENCH_BOSS_SCHEMA: BOSS_SCHEMA, BENCH_INSTANCE: name, BENCH_AS_OF: String(AS_OF) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker ${name} exited (${code}) before it was ready`)));
  });
}

function stopWorker(child: ChildProcess): Promise<{ peakRssMb: number; cpuSeconds: number }> {
  return new Promise((resolve) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { peakRssMb: number; cpuSeconds: number });
    });
    child.kill('SIGTERM');
  });
}

async function databaseMb(): Promise<number> {
  const { rows: found } = await admin.query<{ bytes: string }>(
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ($1, $2) AND c.relkind IN ('r', 'm')`,
    [SCHEMA, BOSS_SCHEMA],
  );
  return Math.round(Number(found[0]!.bytes) / 2 ** 20);
}

/** User + system CPU seconds of every postgres process on this machine (/proc), so far. */
function postgresCpuSeconds(): number {
  const tick = 100;
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!name.startsWith('postgres')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / tick;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** The block's ids made unique across blocks (the generator numbers each block from the start). */
function prefixed(p: Portfolio, prefix: string): Portfolio {
  const id = (value: string) => prefix + value;
  return {
    companies: p.companies.map((c) => ({ ...c, id: id(c.id), ...(c.parentId ? { parentId: id(c.parentId) } : {}) })),
    deals: p.deals.map((d) => ({ ...d, id: id(d.id), companyId: id(d.companyId) })),
    activities: p.activities.map((a) => ({ ...a, id: id(a.id), companyId: id(a.companyId) })),
    relations: p.relations.map((r) => ({ ...r, fromCompanyId: id(r.fromCompanyId), toCompanyId: id(r.toCompanyId) })),
    overrides: p.overrides.map((o) => ({ ...o, companyId: id(o.companyId) })),
  };
}
