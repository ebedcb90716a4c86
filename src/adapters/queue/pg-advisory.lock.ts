// The scheduler's cluster lock on PostgreSQL: a session advisory lock held on a connection of
// its own for the job's whole run, plus a record of the run's slot so an instance whose cron
// ticks a moment after another finished does not run the same occurrence again.
import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { silentLogger, type Logger } from '../../app/ports/logger.port.ts';

/** Same shape as the scheduler's JobLock (src/scheduler): a release function, or null when another instance has it. */
export type ClusterJobLock = (jobName: string) => Promise<(() => Promise<void>) | null>;

export interface AdvisoryLockOptions {
  pool: pg.Pool;
  /** Schema of the run records (created if missing). */
  schema?: string;
  /** Separates lock keys of different deployments sharing one database. */
  namespace?: string;
  /** Runs of a job started within the same slot count as one occurrence (cron ticks are per minute). */
  slotMs?: number;
  now?: () => number;
  log?: Logger;
}

/** A signed 64-bit key for pg_try_advisory_lock, stable across instances. */
export function lockKey(namespace: string, jobName: string): string {
  return createHash('sha256').update(`${namespace}:${jobName}`).digest().readBigInt64BE(0).toString();
}

export async function createAdvisoryJobLock(options: AdvisoryLockOptions): Promise<ClusterJobLock> {
  const schema = options.schema ?? 'klantwaarde_queue';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`lock schema ${schema}: expected a plain lower-case identifier`);
  const namespace = options.namespace ?? 'klantwaarde';
  const slotMs = options.slotMs ?? 60_000;
  const now = options.now ?? Date.now;
  const log = options.log ?? silentLogger;
  const instance = randomUUID();
  await options.pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await options.pool.query(`CREATE TABLE IF NOT EXISTS ${schema}.job_runs (
    job text NOT NULL, slot bigint NOT NULL, instance text NOT NULL, started_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (job, slot))`);

  return async (jobName) => {
    const key = lockKey(namespace, jobName);
    const client = await options.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]);
      if (rows[0]?.locked !== true) {
        client.release();
        return null;
      }
      const slot = Math.floor(now() / slotMs);
      const claimed = await client.query(`INSERT INTO ${schema}.job_runs (job, slot, instance) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [jobName, slot, instance]);
      if (claimed.rowCount === 0) {
        log.info({ job: jobName, slot }, 'this occurrence already ran on another instance');
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
        client.release();
        return null;
      }
    } catch (error) {
      // A broken connection must not go back to the pool holding the lock.
      client.release(error as Error);
      throw error;
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      try {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
        client.release();
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
    };
  };
}
