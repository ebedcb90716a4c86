// npm run bench:pipeline — the product's 100k-company sample (~1M deals, ~5M activities, the
// same CSV folder bench:peer uses) through the real stores, one child process per store so
// peak RSS is its own: `import` (the CSV folder read once and stored page by page), a full
// recompute end to end (stream, compute, save), an incremental recompute of 100 companies,
// cold (a new process state: the population read from the store) and warm, and a second full
// recompute over the stored results (the nightly case: every result is rewritten).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderPages } from '../src/adapters/crm/file/folder-pages.ts';
import { writeSamplePortal } from '../src/adapters/crm/file/sample.ts';
import { createSqliteStore } from '../src/adapters/store/sqlite/sqlite.store.ts';
import { silentLogger } from '../src/app/ports/logger.port.ts';
import type { Store } from '../src/app/ports/store.port.ts';
import { RankingPopulation } from '../src/app/ranking-population.ts';
import { recomputeAll, recomputeCompanies, type RecomputeDeps } from '../src/app/recompute.ts';
import { DEFAULT_MODEL_CONFIG } from '../src/domain/default-model-config.ts';
import { postgresTestDatabase } from '../test/support/postgres.ts';

const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 100_000);
const SEED = 11;
const TENANT = 'bench';
const WORK = join(tmpdir(), 'klantwaarde-bench');
const SAMPLE = join(WORK, `sample-${COMPANIES}-${SEED}`);

interface Figures {
  store: string;
  records: number;
  importSeconds: number;
  fullSeconds: number;
  incrementalColdMs: number;
  incrementalWarmMs: number;
  fullAgainSeconds: number;
  peakRssMb: number;
}

async function measure(kind: 'sqlite' | 'postgres'): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'kw-bench-'));
  const pg = kind === 'postgres' ? postgresTestDatabase() : null;
  const store: Store = pg ? await pg.makeStore() : createSqliteStore({ path: join(dir, 'klantwaarde.db') });
  try {
    await store.migrate();
    let t = performance.now();
    const imported = await store.replacePortfolio(TENANT, folderPages(SAMPLE));
    const importSeconds = (performance.now() - t) / 1000;

    const deps: RecomputeDeps = { store, config: DEFAULT_MODEL_CONFIG, configHash: 'bench', now: () => AS_OF, log: silentLogger, population: new RankingPopulation(store) };
    t = performance.now();
    await recomputeAll(deps, TENANT, { onResults: () => undefined });
    const fullSeconds = (performance.now() - t) / 1000;

    const ids = (await store.loadFrame(TENANT)).companies.map((c) => c.id);
    const dirty = (n: number, offset: number) => Array.from({ length: n }, (_, i) => ids[(i * 997 + offset) % ids.length]!);
    // Cold: a new process state, so the ranking population comes from the store first.
    const coldDeps = { ...deps, population: new RankingPopulation(store) };
    t = performance.now();
    await recomputeCompanies(coldDeps, TENANT, dirty(100, 1));
    const incrementalColdMs = performance.now() - t;
    t = performance.now();
    await recomputeCompanies(coldDeps, TENANT, dirty(100, 7));
    const incrementalWarmMs = performance.now() - t;
    t = performance.now();
    await recomputeAll(deps, TENANT, { onResults: () => undefined });
    const fullAgainSeconds = (performance.now() - t) / 1000;
    return { store: kind, records: imported.records, importSeconds, fullSeconds, incrementalColdMs, incrementalWarmMs, fullAgainSeconds, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    await store.close();
    await pg?.dropAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--store') {
  process.stdout.write(JSON.stringify(await measure(process.argv[3] as 'sqlite' | 'postgres')));
} else {
  mkdirSync(WORK, { recursive: true });
  if (!existsSync(join(SAMPLE, 'activities.csv'))) {
    console.log(`writing the sample (${COMPANIES.toLocaleString('en-US')} companies, seed ${SEED}) to ${SAMPLE} …`);
    await writeSamplePortal({ companies: COMPANIES, seed: SEED, out: SAMPLE, asOf: AS_OF });
  }
  console.log(`bench:pipeline — Node ${process.version}, ${COMPANIES.toLocaleString('en-US')} companies from ${SAMPLE}`);
  console.log('store     records     import     full recompute  incremental 100 (cold / warm)  full again  peak RSS');
  for (const kind of (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[]) {
    const out = execFileSync(process.execPath, [import.meta.filename, '--store', kind], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const f = JSON.parse(out) as Figures;
    console.log(
      [
        f.store.padEnd(9),
        f.records.toLocaleString('en-US').padEnd(11),
        `${f.importSeconds.toFixed(1)} s`.padEnd(10),
        `${f.fullSeconds.toFixed(1)} s`.padEnd(15),
        `${Math.round(f.incrementalColdMs)} ms / ${Math.round(f.incrementalWarmMs)} ms`.padEnd(30),
        `${f.fullAgainSeconds.toFixed(1)} s`.padEnd(11),
        `${Math.round(f.peakRssMb)} MB`,
      ].join(' '),
    );
  }
  console.log('goals on SQLite: import ≤ 12 s, full recompute ≤ 10 s, incremental of 100 cold ≤ 500 ms; peak RSS ≤ 1,536 MB');
}
