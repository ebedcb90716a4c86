// The shared work queue on PostgreSQL (pg-boss), so several instances split the webhook work:
// one job per dirty object (a waiting job per object absorbs later events through the queue's
// `short` policy and a singleton key), retries with exponential backoff, pg-boss's own dead-letter
// queue, and the accepted event ids in a table next to its schema.
import { hostname } from 'node:os';
import { PgBoss, type JobWithMetadata } from 'pg-boss';
import pg from 'pg';
import { DEFAULT_RETRY, type DeadLetter, type Delivery, type DirtyObject, type QueuedItem, type RetryPolicy, type WorkQueue } from '../../app/ports/queue.port.ts';
import { silentLogger, type Logger } from '../../app/ports/logger.port.ts';
import { openClaimBook, type ClaimBook } from './pgboss.claims.ts';

export interface PgBossQueueOptions {
  connectionString: string;
  /** pg-boss's schema; the accepted event ids live in it too. */
  schema?: string;
  /** How long a claim may be held at most, heartbeat or not (a stuck worker); a few times the longest batch. */
  leaseMs?: number;
  /** A claim whose holder stopped touching it for this long is put back (pg-boss: at least 10). */
  heartbeatSeconds?: number;
  /** This process's name in the claims (KLANTWAARDE_INSTANCE_ID, default the host name): started again under it, it takes its old claims back at once. */
  instanceId?: string;
  /** Each object waits this long after its first event, so a burst lands in one batch. */
  settleMs?: number;
  retry?: RetryPolicy;
  seenRetentionMs?: number;
  /** How often expired leases are put back (pg-boss supervision), in seconds. */
  superviseIntervalSeconds?: number;
  /** Off for short-lived processes (the CLI) that only look: the servers keep the queue in shape. */
  maintain?: boolean;
  log?: Logger;
}

interface JobData extends DirtyObject {
  enqueuedAt: number;
}

export const DIRTY_QUEUE = 'klantwaarde-dirty';
export const DEAD_QUEUE = 'klantwaarde-dirty-dead';
const HOUR_MS = 60 * 60 * 1000;
export const DEFAULT_LEASE_MS = 120_000;
export const DEFAULT_HEARTBEAT_SECONDS = 30;

export async function createPgBossQueue(options: PgBossQueueOptions): Promise<WorkQueue> {
  const schema = options.schema ?? 'klantwaarde_queue';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`queue schema ${schema}: expected a plain lower-case identifier`);
  const retry = options.retry ?? DEFAULT_RETRY;
  const log = options.log ?? silentLogger;
  const seenRetentionMs = options.seenRetentionMs ?? 7 * 24 * HOUR_MS;
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema,
    // Expired leases are found by the monitor pass, which runs at the longer of the two intervals.
    superviseIntervalSeconds: options.superviseIntervalSeconds ?? 30,
    monitorIntervalSeconds: options.superviseIntervalSeconds ?? 30,
    supervise: options.maintain ?? true,
    schedule: false,
    registerInstance: false,
    openTelemetry: { enabled: false },
  });
  boss.on('error', (err) => log.error({ err }, 'pg-boss error'));
  await boss.start();
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 4 });
  await pool.query(`CREATE TABLE IF NOT EXISTS ${schema}.seen_events (
    tenant text NOT NULL, event_id text NOT NULL, seen_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (tenant, event_id))`);
  await pool.query(`CREATE INDEX IF NOT EXISTS seen_events_age ON ${schema}.seen_events (seen_at)`);
  await boss.createQueue(DEAD_QUEUE, { retentionSeconds: 30 * 24 * 3600 });
  const queueOptions = {
    policy: 'short' as const,
    expireInSeconds: Math.max(1, Math.ceil((options.leaseMs ?? DEFAULT_LEASE_MS) / 1000)),
    heartbeatSeconds: Math.max(10, Math.round(options.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS)),
    retryLimit: retry.maxAttempts - 1,
    retryDelay: Math.max(1, Math.round(retry.baseDelayMs / 1000)),
    retryBackoff: true,
    retryDelayMax: Math.max(1, Math.round(retry.maxDelayMs / 1000)),
    deadLetter: DEAD_QUEUE,
  };
  if (await boss.getQueue(DIRTY_QUEUE)) {
    // The policy is fixed at creation; the rest follows the current settings.
    const { policy: _policy, retryDelayMax: _max, ...updatable } = queueOptions;
    await boss.updateQueue(DIRTY_QUEUE, updatable);
  } else {
    await boss.createQueue(DIRTY_QUEUE, queueOptions);
  }
  // Only the servers hold claims; a CLI that looks (maintain: false) must not take an instance id or its claims.
  const claims: ClaimBook | null =
    options.maintain === false
      ? null
      : await openClaimBook({ boss, pool, schema, queue: DIRTY_QUEUE, instanceId: options.instanceId ?? hostname(), heartbeatSeconds: queueOptions.heartbeatSeconds, log });
  const startAfter = (options.settleMs ?? 1_000) / 1000;
  let lastPrune = 0;

  const jobOf = (o: DirtyObject, enqueuedAt: number) => ({
    data: { tenant: o.tenant, objectType: o.objectType, objectId: o.objectId, reason: o.reason, ...(o.crmType ? { crmType: o.crmType } : {}), enqueuedAt } satisfies JobData,
    // One waiting job per object and reason: a merge away must not be absorbed by a plain change.
    singletonKey: `${o.tenant}|${o.objectType}|${o.objectId}|${o.reason}`,
    startAfter,
  });

  async function inTransaction<T>(work: (db: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }, client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({ executeSql: (text, values) => client.query(text, values) }, client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  const itemOf = (job: JobWithMetadata<JobData>): QueuedItem => {
    const { enqueuedAt, ...object } = job.data;
    return { ...object, id: job.id, attempts: job.retryCount, enqueuedAt, lease: String(job.retryCount) };
  };
  const attemptOf = (item: QueuedItem) => ({ id: item.id, retryCount: Number(item.lease) });

  return {
    async acceptEvents(deliveries: readonly Delivery[]) {
      const unique = new Map<string, Delivery>();
      for (const d of deliveries) if (!unique.has(`${d.tenant}\n${d.eventId}`)) unique.set(`${d.tenant}\n${d.eventId}`, d);
      // Rows are taken in one fixed order (tenant, event id; then job key) by every instance, so two
      // floods naming the same events or objects wait on each other instead of deadlocking.
      const list = [...unique.values()].sort((a, b) => compare(a.tenant, b.tenant) || compare(a.eventId, b.eventId));
      const at = Date.now();
      const accepted = await inTransaction(async (db, client) => {
        const { rows } = await client.query<{ tenant: string; event_id: string }>(
          `INSERT INTO ${schema}.seen_events (tenant, event_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING RETURNING tenant, event_id`,
          [list.map((d) => d.tenant), list.map((d) => d.eventId)],
        );
        const fresh = new Set(rows.map((r) => `${r.tenant}\n${r.event_id}`));
        const jobs = new Map<string, ReturnType<typeof jobOf>>();
        for (const d of list) {
          if (!fresh.has(`${d.tenant}\n${d.eventId}`)) continue;
          for (const o of d.objects) {
            const job = jobOf(o, at);
            jobs.set(job.singletonKey, job);
          }
        }
        if (jobs.size > 0) await boss.insert(DIRTY_QUEUE, sortedJobs(jobs), { db });
        return fresh.size;
      });
      if (at - lastPrune > HOUR_MS) {
        lastPrune = at;
        await pool.query(`DELETE FROM ${schema}.seen_events WHERE seen_at < now() - $1 * interval '1 millisecond'`, [seenRetentionMs]);
      }
      return { accepted, duplicates: deliveries.length - accepted };
    },

    async enqueue(objects) {
      const jobs = new Map(objects.map((o) => jobOf(o, Date.now())).map((job) => [job.singletonKey, job] as const));
      if (jobs.size > 0) await boss.insert(DIRTY_QUEUE, sortedJobs(jobs));
    },

    async seenEvent(tenant, eventId) {
      const { rowCount } = await pool.query(`SELECT 1 FROM ${schema}.seen_events WHERE tenant = $1 AND event_id = $2`, [tenant, eventId]);
      return (rowCount ?? 0) > 0;
    },

    async claim(limit) {
      // The claim is recorded with the fetch, so a crash between the two cannot leave an unrecorded claim.
      const jobs = await inTransaction(async (db, client) => {
        const fetched = await boss.fetch<JobData>(DIRTY_QUEUE, { batchSize: limit, includeMetadata: true, db });
        await claims?.record(client, fetched.map((job) => ({ id: job.id, retryCount: job.retryCount })));
        return fetched;
      });
      return jobs.map(itemOf);
    },

    async complete(items) {
      if (items.length === 0) return;
      await boss.complete(DIRTY_QUEUE, items.map(attemptOf));
      await claims?.settled(items.map(attemptOf));
    },

    async fail(items, error) {
      if (items.length === 0) return { retried: 0, dead: 0 };
      await boss.fail(DIRTY_QUEUE, items.map(attemptOf), { message: error });
      await claims?.settled(items.map(attemptOf));
      const dead = items.filter((i) => i.attempts + 1 >= retry.maxAttempts).length;
      return { retried: items.length - dead, dead };
    },

    async deadLetters(limit = 100) {
      const jobs = await boss.findJobs<JobData>(DEAD_QUEUE, { queued: true, limit: 100_000 });
      return jobs
        .sort((a, b) => b.createdOn.getTime() - a.createdOn.getTime())
        .slice(0, limit)
        .map((job): DeadLetter => {
          const { enqueuedAt, ...object } = job.data;
          return { ...object, id: job.id, attempts: (job.sourceRetryCount ?? 0) + 1, enqueuedAt, error: messageOf(job.sourceOutput), failedAt: job.createdOn.getTime() };
        });
    },

    async retryDead(ids) {
      return boss.redrive(DEAD_QUEUE, { ...(ids ? { ids: [...ids] } : {}), limit: 100_000 });
    },

    async stats() {
      const { rows } = await pool.query<{ waiting: string; leased: string; dead: string; oldest: Date | null }>(
        `SELECT
           count(*) FILTER (WHERE name = $1 AND state IN ('created', 'retry')) AS waiting,
           count(*) FILTER (WHERE name = $1 AND state = 'active') AS leased,
           count(*) FILTER (WHERE name = $2 AND state = 'created') AS dead,
           min(created_on) FILTER (WHERE name = $1 AND state IN ('created', 'retry')) AS oldest
         FROM ${schema}.job WHERE name IN ($1, $2)`,
        [DIRTY_QUEUE, DEAD_QUEUE],
      );
      const row = rows[0]!;
      return { waiting: Number(row.waiting), leased: Number(row.leased), dead: Number(row.dead), oldestWaitingMs: row.oldest ? Math.max(0, Date.now() - row.oldest.getTime()) : null };
    },

    async close() {
      await claims?.close();
      await boss.stop({ graceful: true, timeout: 10_000 });
      await pool.end();
    },
  };
}

/** Plain code-unit order: the same in every instance, whatever its locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedJobs<J>(jobs: Map<string, J>): J[] {
  return [...jobs.keys()].sort(compare).map((key) => jobs.get(key)!);
}

function messageOf(output: object | null): string {
  if (output && typeof output === 'object') {
    const o = output as { message?: unknown; value?: { message?: unknown } };
    if (typeof o.message === 'string') return o.message;
    if (typeof o.value?.message === 'string') return o.value.message;
  }
  return output ? JSON.stringify(output) : 'failed';
}
