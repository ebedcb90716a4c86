// The sharded full run's jobs on pg-boss (PostgreSQL): one job per shard and stage, taken by
// any instance's worker. An instance that dies stops sending heartbeats, so its shard goes back
// to the queue after heartbeatSeconds and another instance does it again; a shard that fails
// every attempt lands in the dead-letter queue, whose worker marks it failed, so the run's
// coordinator stops waiting and fails the run with the shard's error.
import { PgBoss, type Job } from 'pg-boss';
import type { Logger } from '../../app/ports/logger.port.ts';
import type { ShardDispatch, ShardJob } from '../../app/ports/shards.port.ts';

export const SHARD_QUEUE = 'klantwaarde-run-shard';
export const SHARD_DEAD_QUEUE = 'klantwaarde-run-shard-dead';

export interface ShardQueueOptions {
  connectionString: string;
  /** pg-boss's schema (the webhook queue's). */
  schema?: string;
  /** The longest one shard may take, heartbeat or not (scale.shardLeaseSeconds). */
  leaseSeconds: number;
  /** A shard whose instance stopped touching it this long goes to another (queue.heartbeatSeconds, at least 10). */
  heartbeatSeconds: number;
  /** Tries per shard (scale.shardAttempts). */
  attempts: number;
  log: Logger;
}

export interface ShardQueue extends ShardDispatch {
  /**
   * Starts taking shards: `work` does one (throwing has it tried again), `gaveUp` hears of a
   * shard that failed its last attempt or whose instances all died in it (its row keeps the last error).
   */
  work(work: (job: ShardJob) => Promise<void>, gaveUp: (job: ShardJob) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export async function createShardQueue(options: ShardQueueOptions): Promise<ShardQueue> {
  const schema = options.schema ?? 'klantwaarde_queue';
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema,
    superviseIntervalSeconds: 10,
    monitorIntervalSeconds: 10,
    schedule: false,
    registerInstance: false,
    openTelemetry: { enabled: false },
  });
  boss.on('error', (err) => options.log.error({ err }, 'pg-boss error (shards)'));
  await boss.start();
  await createOrUpdate(boss, SHARD_DEAD_QUEUE, { retentionSeconds: 7 * 24 * 3600 });
  await createOrUpdate(boss, SHARD_QUEUE, {
    expireInSeconds: options.leaseSeconds,
    heartbeatSeconds: Math.max(10, options.heartbeatSeconds),
    retryLimit: options.attempts - 1,
    retryDelay: 1,
    retryBackoff: false,
    deadLetter: SHARD_DEAD_QUEUE,
  });
  const workers: string[] = [];

  return {
    async dispatch(jobs) {
      if (jobs.length === 0) return;
      // In one fixed order (the shard number), as the webhook intake inserts.
      await boss.insert(
        SHARD_QUEUE,
        [...jobs].sort((a, b) => a.shard - b.shard).map((data) => ({ data, singletonKey: `${data.runId}|${data.stage}|${data.shard}` })),
      );
    },

    async work(work, gaveUp) {
      workers.push(
        await boss.work<ShardJob>(SHARD_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async (jobs: Job<ShardJob>[]) => {
          for (const job of jobs) await work(job.data);
        }),
      );
      workers.push(
        await boss.work<ShardJob>(SHARD_DEAD_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async (jobs: Job<ShardJob>[]) => {
          for (const job of jobs) await gaveUp(job.data);
        }),
      );
    },

    async stop() {
      for (const id of workers) await boss.offWork(SHARD_QUEUE, { id }).catch(() => undefined);
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

async function createOrUpdate(boss: PgBoss, name: string, settings: Parameters<PgBoss['createQueue']>[1]): Promise<void> {
  if (await boss.getQueue(name)) await boss.updateQueue(name, settings ?? {});
  else await boss.createQueue(name, settings);
}
