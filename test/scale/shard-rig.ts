// An instance of Klantwaarde for the sharded-run tests: its own pools, store, shard book and
// pg-boss shard queue on one PostgreSQL schema, as a separate server process would have. Used
// in the test process and by shard-instance.ts, a process of its own that a test can SIGKILL.
import pg from 'pg';
import { createShardQueue, type ShardQueue } from '../../src/adapters/queue/pgboss.shards.ts';
import { createPostgresStore } from '../../src/adapters/store/postgres/postgres.store.ts';
import { openPostgresShards } from '../../src/adapters/store/postgres/postgres.shards.ts';
import type { CompanyUpdate, CrmWriter } from '../../src/app/ports/crm.port.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { ShardBook, ShardJob } from '../../src/app/ports/shards.port.ts';
import type { Store } from '../../src/app/ports/store.port.ts';
import { RankingPopulation } from '../../src/app/ranking-population.ts';
import type { RecomputeDeps } from '../../src/app/recompute.ts';
import type { ShardWorkDeps } from '../../src/app/sharded-run.ts';
import { takeShard } from '../../src/composition/sharded-runs.ts';
import { configHash } from '../../src/config/config-hash.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const AS_OF = Date.parse('2026-11-02T09:00:00Z');
export const TENANT = 'hubspot:8001';

export interface ShardInstance {
  name: string;
  store: Store;
  book: ShardBook;
  queue: ShardQueue;
  deps: ShardWorkDeps;
  /** Starts taking shards; `before` runs first for each (a test's hook). */
  work(before?: (job: ShardJob) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** Every company's updates as a writer got them: written back exactly once means one entry each. */
export class CountingWriter implements CrmWriter {
  readonly tenant = TENANT;
  readonly writes: CompanyUpdate[] = [];

  async write(updates: readonly CompanyUpdate[], onWritten: (batch: CompanyUpdate[]) => Promise<void>) {
    for (let i = 0; i < updates.length; i += 100) {
      const batch = updates.slice(i, i + 100);
      this.writes.push(...batch);
      await onWritten(batch);
    }
    return { written: [...updates], failed: [], apiCalls: Math.ceil(updates.length / 100), stoppedBy: null };
  }
}

export function recomputeDeps(store: Store): RecomputeDeps {
  return { store, config: DEFAULT_MODEL_CONFIG, configHash: configHash(DEFAULT_MODEL_CONFIG), now: () => AS_OF, log: silentLogger, population: new RankingPopulation(store) };
}

export async function openShardInstance(options: { name: string; schema: string; bossSchema: string; writer: CrmWriter | null; heartbeatSeconds?: number }): Promise<ShardInstance> {
  const pool = () => {
    const p = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 4, options: `-c search_path=${options.schema}` });
    p.on('error', () => undefined);
    return p;
  };
  const store = createPostgresStore({ pool: pool() });
  await store.migrate();
  const bookPool = pool();
  const book = await openPostgresShards(bookPool);
  const queue = await createShardQueue({
    connectionString: TEST_DATABASE_URL,
    schema: options.bossSchema,
    leaseSeconds: 600,
    heartbeatSeconds: options.heartbeatSeconds ?? 10,
    attempts: 3,
    log: silentLogger,
  });
  const deps: ShardWorkDeps = { recompute: recomputeDeps(store), shards: book, instance: options.name, writerFor: () => options.writer };
  return {
    name: options.name,
    store,
    book,
    queue,
    deps,
    async work(before) {
      await queue.work(
        async (job) => {
          await before?.(job);
          await takeShard(deps, job);
        },
        (job) => book.failed(job.runId, job.stage, job.shard, 'given up'),
      );
    },
    async close() {
      await queue.stop();
      await bookPool.end();
      await store.close();
    },
  };
}
