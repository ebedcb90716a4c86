// The embedded queue's tables (prefixed queue_, created if missing) and their rows as the port's types.
import type { DeadLetter, DirtyObjectType, DirtyReason, QueuedItem } from '../../app/ports/queue.port.ts';

export const QUEUE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS queue_items (
    id INTEGER PRIMARY KEY,
    tenant TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    crm_type TEXT,
    reason TEXT NOT NULL,
    enqueued_at INTEGER NOT NULL,
    touched_at INTEGER NOT NULL,
    available_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_token TEXT,
    lease_until INTEGER,
    last_error TEXT
  );
  -- One waiting row per object: later events merge into it. A leased row does not count,
  -- so an event arriving while its object is being processed queues it again.
  CREATE UNIQUE INDEX IF NOT EXISTS queue_items_waiting ON queue_items (tenant, object_type, object_id) WHERE lease_token IS NULL;
  CREATE INDEX IF NOT EXISTS queue_items_available ON queue_items (available_at);
  CREATE TABLE IF NOT EXISTS queue_dead (
    id INTEGER PRIMARY KEY,
    tenant TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    crm_type TEXT,
    reason TEXT NOT NULL,
    enqueued_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    error TEXT NOT NULL,
    failed_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS queue_seen_events (
    tenant TEXT NOT NULL,
    event_id TEXT NOT NULL,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (tenant, event_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS queue_seen_events_age ON queue_seen_events (seen_at);
`;

export interface ItemRow {
  id: number;
  tenant: string;
  object_type: DirtyObjectType;
  object_id: string;
  crm_type: string | null;
  reason: DirtyReason;
  enqueued_at: number;
  attempts: number;
  lease_token: string | null;
}

export interface DeadRow extends Omit<ItemRow, 'lease_token'> {
  error: string;
  failed_at: number;
}

export function itemOf(row: ItemRow): QueuedItem {
  return {
    id: String(row.id),
    tenant: row.tenant,
    objectType: row.object_type,
    objectId: row.object_id,
    reason: row.reason,
    ...(row.crm_type ? { crmType: row.crm_type } : {}),
    attempts: row.attempts,
    enqueuedAt: row.enqueued_at,
    lease: row.lease_token ?? '',
  };
}

export function deadLetterOf(row: DeadRow): DeadLetter {
  return {
    id: String(row.id),
    tenant: row.tenant,
    objectType: row.object_type,
    objectId: row.object_id,
    reason: row.reason,
    ...(row.crm_type ? { crmType: row.crm_type } : {}),
    attempts: row.attempts,
    enqueuedAt: row.enqueued_at,
    error: row.error,
    failedAt: row.failed_at,
  };
}
