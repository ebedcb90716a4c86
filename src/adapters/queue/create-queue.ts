// Picks the work queue for this process, as the store is picked: pg-boss on PostgreSQL when a
// database URL is given (instances share the work), else the embedded queue file next to the
// store's. And the scheduler's cluster lock, which only PostgreSQL needs.
import { join } from 'node:path';
import pg from 'pg';
import type { Logger } from '../../app/ports/logger.port.ts';
import type { RetryPolicy, WorkQueue } from '../../app/ports/queue.port.ts';
import { createAdvisoryJobLock, type ClusterJobLock } from './pg-advisory.lock.ts';
import { createPgBossQueue } from './pgboss.queue.ts';
import { createSqliteQueue } from './sqlite.queue.ts';

export const QUEUE_FILE = 'queue.db';

export interface QueueSettings {
  databaseUrl?: string;
  dataDir: string;
  log?: Logger;
  /** Debounce window per tenant before queued work is handed out. */
  settleMs?: number;
  leaseMs?: number;
  /** PostgreSQL: claims not touched this long go back to the queue. */
  heartbeatSeconds?: number;
  /** PostgreSQL: this process's name in the claims (KLANTWAARDE_INSTANCE_ID). */
  instanceId?: string;
  retry?: RetryPolicy;
  /** False for a CLI that only looks at the queue (pg-boss then runs no maintenance). */
  maintain?: boolean;
}

export async function createWorkQueue(settings: QueueSettings): Promise<WorkQueue> {
  const tuning = {
    ...(settings.settleMs !== undefined ? { settleMs: settings.settleMs } : {}),
    ...(settings.leaseMs !== undefined ? { leaseMs: settings.leaseMs } : {}),
    ...(settings.retry ? { retry: settings.retry } : {}),
  };
  if (settings.databaseUrl) {
    return createPgBossQueue({
      connectionString: settings.databaseUrl,
      ...(settings.log ? { log: settings.log } : {}),
      ...(settings.maintain === false ? { maintain: false } : {}),
      ...(settings.heartbeatSeconds !== undefined ? { heartbeatSeconds: settings.heartbeatSeconds } : {}),
      ...(settings.instanceId ? { instanceId: settings.instanceId } : {}),
      ...tuning,
    });
  }
  // The embedded queue has one server: the claims it finds when that server starts are a dead process's.
  return createSqliteQueue({ path: join(settings.dataDir, QUEUE_FILE), ...(settings.maintain !== false ? { releaseLeases: true } : {}), ...tuning });
}

/** The scheduler's lock across instances (PostgreSQL), or undefined for the single embedded instance. */
export async function createClusterLock(settings: { databaseUrl?: string; log?: Logger }): Promise<{ lock: ClusterJobLock | undefined; close(): Promise<void> }> {
  if (!settings.databaseUrl) return { lock: undefined, close: async () => {} };
  const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 4 });
  // A dropped idle connection must not crash the process; a held lock's connection is checked out, not idle.
  pool.on('error', () => undefined);
  const lock = await createAdvisoryJobLock({ pool, ...(settings.log ? { log: settings.log } : {}) });
  return { lock, close: () => pool.end() };
}
