// npm run bench:pipeline — the 100k-company synthetic portal through the real stores:
// import, full recompute end to end (load, compute, save results), and an incremental
// recompute of 100 dirty companies. One child process per store, so peak RSS is its own.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePortfolio } from '../src/app/sample/generate-portfolio.ts';
import { silentLogger } from '../src/app/ports/logger.port.ts';
import type { Store } from '../src/app/ports/store.port.ts';
import { RankingPopulation } from '../src/app/ranking-population.ts';
import { recomputeAll, recomputeCompanies, type RecomputeDeps } from '../src/app/recompute.ts';
import { createSqliteStore } from '../src/adapters/store/sqlite/sqlite.store.ts';
import { DEFAULT_MODEL_CONFIG } from '../src/domain/default-model-config.ts';
import type { Portfolio } from '../src/domain/records.ts';
import { postgresTestDatabase } from '../test/support/postgres.ts';

const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 100_000);
const TENANT = 'bench';
const NODE_FLAGS = ['--max-old-space-size=6144', '--max-semi-space-size=64'];

interface Figures {
  store: string;
  records: number;
  importSeconds: number;
  fullSeconds: number;
  incrementalColdMs: number;
  incrementalWarmMs: number;
  peakRssMb: number;
}

async function measure(kind: 'sqlite' | 'postgres'): Promise<Figures> {
  let portfolio: Portfolio | null = generatePortfolio({ companies: COMPANIES, seed: 11, asOf: AS_OF });
  const records = portfolio.companies.length + portfolio.deals.length + portfolio.activities.length + portfolio.relations.length;
  const companyIds = portfolio.companies.map((c) => c.id);
  const dir = mkdtempSync(join(tmpdir(), 'kw-bench-'));
  const pg = kind === 'postgres' ? postgresTestDatabase() : null;
  const store: Store = pg ? await pg.makeStore() : createSqliteStore({ path: join(dir, 'klantwaarde.db') });
  try {
    await store.migrate();
    let t = performance.now();
    await store.applyChanges(TENANT, portfolio);
    const importSeconds = (performance.now() - t) / 1000;
    // A server holds no generated portfolio: let it go before measuring the runs.
    portfolio = null;

    const deps: RecomputeDeps = { store, config: DEFAULT_MODEL_CONFIG, configHash: 'bench', now: () => AS_OF, log: silentLogger, population: new RankingPopulation(store) };
    t = performance.now();
    await recomputeAll(deps, TENANT);
    const fullSeconds = (performance.now() - t) / 1000;

    const dirty = (n: number, offset: number) => Array.from({ length: n }, (_, i) => companyIds[(i * 997 + offset) % companyIds.length]!);
    // Cold: a fresh process state that loads the ranking population from the store first.
    const coldDeps = { ...deps, population: new RankingPopulation(store) };
    t = performance.now();
    await recomputeCompanies(coldDeps, TENANT, dirty(100, 1));
    const incrementalColdMs = performance.now() - t;
    t = performance.now();
    await recomputeCompanies(coldDeps, TENANT, dirty(100, 7));
    const incrementalWarmMs = performance.now() - t;
    return { store: kind, records, importSeconds, fullSeconds, incrementalColdMs, incrementalWarmMs, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    await store.close();
    await pg?.dropAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--store') {
  process.stdout.write(JSON.stringify(await measure(process.argv[3] as 'sqlite' | 'postgres')));
} else {
  console.log(`bench:pipeline — Node ${process.version}, ${COMPANIES.toLocaleString('en-US')} companies (~10 deals, ~50 activities each)`);
  console.log('store     records     import     full recompute  incremental 100 (cold / warm)  peak RSS');
  for (const kind of ['sqlite', 'postgres'] as const) {
    const out = execFileSync(process.execPath, [...NODE_FLAGS, import.meta.filename, '--store', kind], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const f = JSON.parse(out) as Figures;
    console.log(
      [
        f.store.padEnd(9),
        f.records.toLocaleString('en-US').padEnd(11),
        `${f.importSeconds.toFixed(1)} s`.padEnd(10),
        `${f.fullSeconds.toFixed(1)} s`.padEnd(15),
        `${Math.round(f.incrementalColdMs)} ms / ${Math.round(f.incrementalWarmMs)} ms`.padEnd(30),
        `${Math.round(f.peakRssMb)} MB`,
      ].join(' '),
    );
  }
  console.log('targets: full recompute on SQLite ≤ 30 s; incremental of 100 companies ≤ 200 ms');
}
