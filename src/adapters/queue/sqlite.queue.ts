// The embedded work queue: dirty objects, accepted event ids and dead letters in their own
// SQLite file (node:sqlite, WAL), so a crash loses nothing and the store's big transactions
// never hold up a webhook's insert.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import {
  backoffMs,
  DEFAULT_RETRY,
  type Delivery,
  type DirtyObject,
  type RetryPolicy,
  type WorkQueue,
} from '../../app/ports/queue.port.ts';
import { QUEUE_SCHEMA, type ItemRow, itemOf, deadLetterOf, type DeadRow } from './sqlite.queue-schema.ts';

export interface SqliteQueueOptions {
  /** The queue file, e.g. `${dataDir}/queue.db` (':memory:' in tests). */
  path: string;
  /** How long a claim holds its items before another claim may take them. */
  leaseMs?: number;
  /** A tenant's items wait until no event came for this long (the debounce window)… */
  settleMs?: number;
  /** …but never longer than this after the first one. */
  maxDelayMs?: number;
  retry?: RetryPolicy;
  /** How long accepted event ids are kept for dedupe. */
  seenRetentionMs?: number;
  /** The server that owns the file is starting: leases still held are a dead process's, and go back now. */
  releaseLeases?: boolean;
  now?: () => number;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export function createSqliteQueue(options: SqliteQueueOptions): WorkQueue {
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const settleMs = options.settleMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const retry = options.retry ?? DEFAULT_RETRY;
  const seenRetentionMs = options.seenRetentionMs ?? WEEK_MS;
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new DatabaseSync(options.path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
  db.exec(QUEUE_SCHEMA);

  const sql = (text: string): StatementSync => db.prepare(text);
  const markSeen = sql('INSERT OR IGNORE INTO queue_seen_events (tenant, event_id, seen_at) VALUES ($tenant, $eventId, $now)');
  const isSeen = sql('SELECT 1 AS found FROM queue_seen_events WHERE tenant = $tenant AND event_id = $eventId');
  const pruneSeen = sql('DELETE FROM queue_seen_events WHERE seen_at < $before');
  // A waiting object absorbs later events; a merge away sticks, whatever came before.
  const upsert = sql(`
    INSERT INTO queue_items (tenant, object_type, object_id, crm_type, reason, enqueued_at, touched_at, available_at)
    VALUES ($tenant, $objectType, $objectId, $crmType, $reason, $now, $now, $now)
    ON CONFLICT (tenant, object_type, object_id) WHERE lease_token IS NULL DO UPDATE SET
      touched_at = excluded.touched_at,
      crm_type = coalesce(excluded.crm_type, queue_items.crm_type),
      reason = CASE WHEN queue_items.reason = 'merged_away' THEN queue_items.reason ELSE excluded.reason END`);
  const claimReady = sql(`
    UPDATE queue_items SET lease_token = $token, lease_until = $leaseUntil
    WHERE id IN (
      SELECT id FROM queue_items
      WHERE ((lease_token IS NULL AND available_at <= $now) OR lease_until <= $now)
        AND tenant IN (
          SELECT tenant FROM queue_items WHERE lease_token IS NULL OR lease_until <= $now
          GROUP BY tenant HAVING max(touched_at) <= $settled OR min(enqueued_at) <= $overdue
        )
      ORDER BY id LIMIT $limit)
    RETURNING *`);
  const completeItem = sql('DELETE FROM queue_items WHERE id = $id AND lease_token = $token');
  const leaseOf = sql('SELECT * FROM queue_items WHERE id = $id AND lease_token = $token');
  const dropWaitingTwin = sql('DELETE FROM queue_items WHERE tenant = $tenant AND object_type = $objectType AND object_id = $objectId AND lease_token IS NULL');
  const retryItem = sql(`
    UPDATE queue_items SET attempts = $attempts, available_at = $availableAt, lease_token = NULL, lease_until = NULL, last_error = $error
    WHERE id = $id`);
  const bury = sql(`
    INSERT INTO queue_dead (tenant, object_type, object_id, crm_type, reason, enqueued_at, attempts, error, failed_at)
    VALUES ($tenant, $objectType, $objectId, $crmType, $reason, $enqueuedAt, $attempts, $error, $now)`);
  const deleteItem = sql('DELETE FROM queue_items WHERE id = $id');
  const listDead = sql('SELECT * FROM queue_dead ORDER BY failed_at DESC, id DESC LIMIT $limit');
  const allDead = sql('SELECT * FROM queue_dead ORDER BY id');
  const deleteDead = sql('DELETE FROM queue_dead WHERE id = $id');
  const counts = sql(`
    SELECT
      (SELECT count(*) FROM queue_items WHERE lease_token IS NULL OR lease_until <= $now) AS waiting,
      (SELECT count(*) FROM queue_items WHERE lease_token IS NOT NULL AND lease_until > $now) AS leased,
      (SELECT count(*) FROM queue_dead) AS dead,
      (SELECT min(enqueued_at) FROM queue_items WHERE lease_token IS NULL OR lease_until <= $now) AS oldest`);

  if (options.releaseLeases) {
    // An object that got a waiting twin while it was leased is kept once: the twin, with the older
    // enqueue time and a merge away kept, as an upsert would have left it.
    db.exec(`UPDATE queue_items SET
      reason = CASE WHEN EXISTS (SELECT 1 FROM queue_items l WHERE l.lease_token IS NOT NULL AND l.reason = 'merged_away' AND l.tenant = queue_items.tenant AND l.object_type = queue_items.object_type AND l.object_id = queue_items.object_id) THEN 'merged_away' ELSE reason END,
      enqueued_at = min(enqueued_at, coalesce((SELECT min(l.enqueued_at) FROM queue_items l WHERE l.lease_token IS NOT NULL AND l.tenant = queue_items.tenant AND l.object_type = queue_items.object_type AND l.object_id = queue_items.object_id), enqueued_at))
      WHERE lease_token IS NULL`);
    db.exec(`DELETE FROM queue_items WHERE lease_token IS NOT NULL AND EXISTS (
      SELECT 1 FROM queue_items w WHERE w.lease_token IS NULL AND w.tenant = queue_items.tenant AND w.object_type = queue_items.object_type AND w.object_id = queue_items.object_id)`);
    db.exec('UPDATE queue_items SET lease_token = NULL, lease_until = NULL WHERE lease_token IS NOT NULL');
  }

  let lastPrune = 0;

  function transaction<T>(work: () => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  const put = (o: DirtyObject, at: number) =>
    upsert.run({ tenant: o.tenant, objectType: o.objectType, objectId: o.objectId, crmType: o.crmType ?? null, reason: o.reason, now: at });

  return {
    async acceptEvents(deliveries: readonly Delivery[]) {
      const at = now();
      const outcome = transaction(() => {
        let accepted = 0;
        let duplicates = 0;
        for (const d of deliveries) {
          if (markSeen.run({ tenant: d.tenant, eventId: d.eventId, now: at }).changes === 0) {
            duplicates += 1;
            continue;
          }
          accepted += 1;
          for (const o of d.objects) put(o, at);
        }
        return { accepted, duplicates };
      });
      if (at - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = at;
        pruneSeen.run({ before: at - seenRetentionMs });
      }
      return outcome;
    },

    async enqueue(objects) {
      const at = now();
      transaction(() => {
        for (const o of objects) put(o, at);
      });
    },

    async seenEvent(tenant, eventId) {
      return isSeen.get({ tenant, eventId }) !== undefined;
    },

    async claim(limit) {
      const at = now();
      const rows = transaction(
        () =>
          claimReady.all({ token: randomUUID(), leaseUntil: at + leaseMs, now: at, settled: at - settleMs, overdue: at - maxDelayMs, limit }) as unknown as ItemRow[],
      );
      return rows.sort((a, b) => a.id - b.id).map(itemOf);
    },

    async complete(items) {
      transaction(() => {
        for (const item of items) completeItem.run({ id: Number(item.id), token: item.lease });
      });
    },

    async fail(items, error) {
      const at = now();
      return transaction(() => {
        let retried = 0;
        let dead = 0;
        for (const item of items) {
          const row = leaseOf.get({ id: Number(item.id), token: item.lease }) as ItemRow | undefined;
          if (!row) continue; // the lease expired and someone else has it now
          const attempts = row.attempts + 1;
          if (attempts >= retry.maxAttempts) {
            bury.run({ tenant: row.tenant, objectType: row.object_type, objectId: row.object_id, crmType: row.crm_type, reason: row.reason, enqueuedAt: row.enqueued_at, attempts, error, now: at });
            deleteItem.run({ id: row.id });
            dead += 1;
            continue;
          }
          // A later event may have queued the same object meanwhile: the retry covers it.
          dropWaitingTwin.run({ tenant: row.tenant, objectType: row.object_type, objectId: row.object_id });
          retryItem.run({ id: row.id, attempts, availableAt: at + backoffMs(retry, attempts), error });
          retried += 1;
        }
        return { retried, dead };
      });
    },

    async deadLetters(limit = 100) {
      return (listDead.all({ limit }) as unknown as DeadRow[]).map(deadLetterOf);
    },

    async retryDead(ids) {
      const at = now();
      return transaction(() => {
        const rows = allDead.all() as unknown as DeadRow[];
        const chosen = ids ? rows.filter((r) => ids.includes(String(r.id))) : rows;
        for (const r of chosen) {
          put({ tenant: r.tenant, objectType: r.object_type, objectId: r.object_id, reason: r.reason, ...(r.crm_type ? { crmType: r.crm_type } : {}) }, at);
          deleteDead.run({ id: r.id });
        }
        return chosen.length;
      });
    },

    async stats() {
      const at = now();
      const row = counts.get({ now: at }) as { waiting: number; leased: number; dead: number; oldest: number | null };
      return { waiting: row.waiting, leased: row.leased, dead: row.dead, oldestWaitingMs: row.oldest === null ? null : Math.max(0, at - row.oldest) };
    },

    async close() {
      if (db.isOpen) db.close();
    },
  };
}
