// Run as a child process by the full-run memory test: `node --expose-gc full-run-heap.ts DB`.
// Opens the SQLite store at DB, makes a full run of tenant "t" that keeps none of its results,
// and prints the largest live heap it saw (after a collection) at points through the run:
// every few thousand records scanned and at every chunk of results.
import { getHeapStatistics } from 'node:v8';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { Store } from '../../src/app/ports/store.port.ts';
import { RankingPopulation } from '../../src/app/ranking-population.ts';
import { recomputeAll } from '../../src/app/recompute.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('run with --expose-gc');
let peak = 0;
const sample = () => {
  collect();
  peak = Math.max(peak, getHeapStatistics().used_heap_size);
};

const store = createSqliteStore({ path: process.argv[2]! });
await store.migrate();
let seen = 0;
const watched: Store = {
  ...store,
  scanRecords: (tenant, visitor, options) =>
    store.scanRecords(
      tenant,
      {
        deal: (d) => {
          if (++seen % 20_000 === 0) sample();
          visitor.deal(d);
        },
        activity: (a) => {
          if (++seen % 20_000 === 0) sample();
          visitor.activity(a);
        },
      },
      options,
    ),
};
const now = Date.parse('2026-11-01T00:00:00Z');
const outcome = await recomputeAll(
  { store: watched, config: DEFAULT_MODEL_CONFIG, configHash: 'c', now: () => now, log: silentLogger, population: new RankingPopulation(watched) },
  't',
  { onResults: sample },
);
sample();
await store.close();
process.stdout.write(JSON.stringify({ companies: outcome.counts.companies, records: seen, peakHeapBytes: peak }));
