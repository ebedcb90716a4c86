// The sharded full run's parts for a server (PostgreSQL with scale.sharded): the shard book
// next to the store, the pg-boss shard queue, and this instance's worker that takes shards of
// any instance's run. The instance whose scheduler fires (the cluster lock) coordinates the run.
import { hostname } from 'node:os';
import pg from 'pg';
import { createShardQueue, type ShardQueue } from '../adapters/queue/pgboss.shards.ts';
import { openPostgresShards } from '../adapters/store/postgres/postgres.shards.ts';
import type { ShardBook, ShardJob } from '../app/ports/shards.port.ts';
import { runShard, shardedFullRun, shardSummary, type ShardCount, type ShardedOutcome, type ShardWorkDeps } from '../app/sharded-run.ts';
import type { Runtime } from './runtime.ts';

export interface ShardedRuns {
  book: ShardBook;
  instance: string;
  /** A tenant's full run as shard jobs, this process coordinating. */
  run(tenant: string): Promise<ShardedOutcome>;
  /** The tenant's newest sharded run, its shards per stage, state and instance (null: none yet). */
  counts(tenant: string): Promise<ShardCount[] | null>;
  stop(): Promise<void>;
}

export interface ShardedRunsOptions {
  /** This process takes shards too (every server does; a coordinator-only test may not). */
  work?: boolean;
  /** The book's pool size. */
  poolSize?: number;
  pollMs?: number;
}

/** Null on SQLite or with scale.sharded off: full runs stay in one process. */
export async function startShardedRuns(runtime: Runtime, options: ShardedRunsOptions = {}): Promise<ShardedRuns | null> {
  const { env, config, log } = runtime;
  if (!env.DATABASE_URL || !config.scale.sharded) return null;
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: options.poolSize ?? 4 });
  // A dropped idle connection must not crash the process.
  pool.on('error', (err) => log.warn({ err }, 'shard pool connection lost'));
  let queue: ShardQueue | null = null;
  try {
    const book = await openPostgresShards(pool);
    queue = await createShardQueue({
      connectionString: env.DATABASE_URL,
      leaseSeconds: config.scale.shardLeaseSeconds,
      heartbeatSeconds: config.queue.heartbeatSeconds,
      attempts: config.scale.shardAttempts,
      log,
    });
    const instance = env.KLANTWAARDE_INSTANCE_ID ?? hostname();
    const deps: ShardWorkDeps = { recompute: runtime.recompute, shards: book, instance, writerFor: (tenant) => runtime.crm.writerFor(tenant) };
    if (options.work ?? true) await queue.work((job) => takeShard(deps, job), (job) => book.failed(job.runId, job.stage, job.shard, 'no instance finished it: each one that took it stopped or ran past scale.shardLeaseSeconds'));
    const shardQueue = queue;
    return {
      book,
      instance,
      counts: async (tenant) => {
        const rows = await book.latest(tenant);
        return rows && shardSummary(rows);
      },
      run: (tenant) => shardedFullRun({ ...deps, dispatch: shardQueue, shardSize: config.scale.shardSize, ...(options.pollMs ? { pollMs: options.pollMs } : {}) }, tenant),
      async stop() {
        await shardQueue.stop();
        await pool.end();
      },
    };
  } catch (error) {
    await queue?.stop().catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw error;
  }
}

/** One shard, recorded in its row: who took it, what it counted, or the error its attempt met. */
export async function takeShard(deps: ShardWorkDeps, job: ShardJob): Promise<void> {
  const { shards, instance, recompute } = deps;
  if (!(await shards.started(job.runId, job.stage, job.shard, instance))) return;
  const started = Date.now();
  try {
    const tally = await runShard(deps, job);
    await shards.finished(job.runId, job.stage, job.shard, tally);
    recompute.log.info({ tenant: job.tenant, runId: job.runId, stage: job.stage, shard: job.shard, instance, ms: Date.now() - started }, 'shard done');
  } catch (error) {
    recompute.log.error({ tenant: job.tenant, runId: job.runId, stage: job.stage, shard: job.shard, instance, err: error }, 'shard failed; tried again');
    await shards.attemptFailed(job.runId, job.stage, job.shard, String(error)).catch(() => undefined);
    throw error;
  }
}
