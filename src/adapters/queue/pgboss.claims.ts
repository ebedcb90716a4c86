// Who holds which pg-boss job: every claim is recorded with the instance that took it, and kept
// alive by a heartbeat while the instance works on it. A dead instance's claims come back when
// their heartbeat stops (pg-boss's supervision fails them into a retry), and at once when the
// instance starts again under the same id: it fails its own old claims before it claims anything.
// An instance id is held by a session advisory lock, so a second live process with the same id
// never takes the first one's claims (it runs under an id of its own instead).
import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import type pg from 'pg';
import type { Logger } from '../../app/ports/logger.port.ts';
import { lockKey } from './pg-advisory.lock.ts';

export interface ClaimBookOptions {
  boss: PgBoss;
  pool: pg.Pool;
  schema: string;
  queue: string;
  instanceId: string;
  /** How often held claims are touched; pg-boss fails a claim whose heartbeat is older than heartbeatSeconds. */
  heartbeatSeconds: number;
  log: Logger;
}

export interface Attempt {
  id: string;
  retryCount: number;
}

export interface ClaimBook {
  /** The id this instance runs under (the configured one, unless a live process holds it). */
  readonly instanceId: string;
  /** Records jobs just fetched (in the fetch's transaction). */
  record(db: pg.PoolClient, attempts: readonly Attempt[]): Promise<void>;
  /** Jobs completed or failed: no longer ours. */
  settled(attempts: readonly Attempt[]): Promise<void>;
  close(): Promise<void>;
}

const LOCK_TRIES = 20;
const LOCK_PAUSE_MS = 250;

export async function openClaimBook(options: ClaimBookOptions): Promise<ClaimBook> {
  const { boss, pool, schema, queue, log } = options;
  // Instances starting together must not create the table at the same moment.
  await pool.query(`DO $$ BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('klantwaarde:queue-claims'));
    CREATE TABLE IF NOT EXISTS ${schema}.claims (
      job_id uuid PRIMARY KEY, retry_count int NOT NULL, instance text NOT NULL, claimed_at timestamptz NOT NULL DEFAULT now());
    CREATE INDEX IF NOT EXISTS claims_instance ON ${schema}.claims (instance);
  END $$`);

  const holder = await pool.connect();
  holder.on('error', (err) => log.error({ err }, 'the connection that holds the queue instance id broke'));
  const instanceId = await holdInstanceId(holder, schema, options.instanceId, log);
  const held = new Map<string, number>();

  // A restart under the same id: whatever the dead process held goes back to the queue now.
  const { rows } = await pool.query<{ job_id: string; retry_count: number }>(`SELECT job_id, retry_count FROM ${schema}.claims WHERE instance = $1`, [instanceId]);
  if (rows.length > 0) {
    const result = await boss.fail(queue, rows.map((r) => ({ id: r.job_id, retryCount: r.retry_count })), { message: `instance ${instanceId} restarted while holding this job` });
    // No backoff: the work did not fail, its worker died; it is ready with whatever else waits.
    await pool.query(`UPDATE ${schema}.job SET start_after = ${schema}.job_now() WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'retry'`, [queue, rows.map((r) => r.job_id)]);
    log.warn({ instance: instanceId, claims: rows.length, reclaimed: (result as { affected?: number }).affected }, 'claims of this instance before its restart were put back in the queue');
  }
  await pool.query(`DELETE FROM ${schema}.claims WHERE instance = $1`, [instanceId]);
  // Claims whose jobs are settled or gone (a dead instance that never came back) are forgotten.
  await pool.query(`DELETE FROM ${schema}.claims c WHERE NOT EXISTS (SELECT 1 FROM ${schema}.job j WHERE j.id = c.job_id AND j.state = 'active')`);

  const beat = setInterval(() => {
    if (held.size === 0) return;
    const attempts = [...held].map(([id, retryCount]) => ({ id, retryCount }));
    boss.touch(queue, attempts).then(
      (result) => {
        // A claim the heartbeat no longer finds was settled meanwhile, or expired and was taken again.
        const alive = new Set((result as { settled?: string[] }).settled ?? []);
        for (const a of attempts) if (!alive.has(a.id) && held.get(a.id) === a.retryCount) held.delete(a.id);
      },
      (err: unknown) => log.warn({ err }, 'queue heartbeat failed; it is tried again'),
    );
  }, Math.max(1_000, Math.floor((options.heartbeatSeconds * 1000) / 3)));
  beat.unref();

  return {
    instanceId,
    async record(db, attempts) {
      if (attempts.length === 0) return;
      await db.query(
        `INSERT INTO ${schema}.claims (job_id, retry_count, instance) SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[])
         ON CONFLICT (job_id) DO UPDATE SET retry_count = excluded.retry_count, instance = excluded.instance, claimed_at = now()`,
        [attempts.map((a) => a.id), attempts.map((a) => a.retryCount), attempts.map(() => instanceId)],
      );
      for (const a of attempts) held.set(a.id, a.retryCount);
    },
    async settled(attempts) {
      if (attempts.length === 0) return;
      for (const a of attempts) held.delete(a.id);
      await pool.query(`DELETE FROM ${schema}.claims WHERE job_id = ANY($1::uuid[]) AND instance = $2`, [attempts.map((a) => a.id), instanceId]);
    },
    async close() {
      clearInterval(beat);
      // Ending the session frees the instance id.
      holder.release(true);
    },
  };
}

/** Takes the instance id's lock; a dead predecessor's session may take a moment to end, a live one keeps it. */
async function holdInstanceId(client: pg.PoolClient, schema: string, wanted: string, log: Logger): Promise<string> {
  const take = async (id: string) => (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [lockKey(`${schema}:instance`, id)])).rows[0]?.ok === true;
  for (let i = 0; i < LOCK_TRIES; i++) {
    if (await take(wanted)) return wanted;
    await new Promise((resolve) => setTimeout(resolve, LOCK_PAUSE_MS));
  }
  const own = `${wanted}-${randomUUID().slice(0, 8)}`;
  log.warn({ instance: wanted, runsAs: own }, 'another live process uses this queue instance id (KLANTWAARDE_INSTANCE_ID); this one runs under its own id, and the other keeps its claims');
  await take(own);
  return own;
}
