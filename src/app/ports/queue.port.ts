// The durable work queue between the inbound routes (webhooks) and the recompute worker:
// dirty CRM objects per tenant, the event ids already accepted, leases so a crashed
// worker's batch comes back, retries with backoff and a dead-letter list.
import type { TenantId } from './store.port.ts';

export const DIRTY_OBJECT_TYPES = ['company', 'deal', 'engagement', 'ticket', 'line_item'] as const;
export type DirtyObjectType = (typeof DIRTY_OBJECT_TYPES)[number];

/**
 * Why an object is dirty. Everything is re-read from the CRM, which settles out-of-order
 * events; only a company merged away into another is removed without asking (HubSpot
 * answers a merged id with the surviving record), and a deleted deal or activity is
 * removed because nothing can be read of it any more.
 */
export type DirtyReason = 'changed' | 'deleted' | 'merged_away' | 'association' | 'requested';

export interface DirtyObject {
  tenant: TenantId;
  objectType: DirtyObjectType;
  objectId: string;
  reason: DirtyReason;
  /** The CRM's own type of an engagement (HubSpot 0-48 = call), so it can be resolved to its companies. */
  crmType?: string;
}

/** One webhook event: its id (for dedupe) and the objects it makes dirty. */
export interface Delivery {
  tenant: TenantId;
  eventId: string;
  objects: DirtyObject[];
}

export interface AcceptOutcome {
  /** Events not seen before: their objects are queued. */
  accepted: number;
  /** Events already accepted earlier (HubSpot retries and duplicates): ignored. */
  duplicates: number;
}

export interface QueuedItem extends DirtyObject {
  id: string;
  /** Failed attempts before this one. */
  attempts: number;
  /** When the first event that made the object dirty was accepted (ms). */
  enqueuedAt: number;
  /** Opaque proof of the claim: completing or failing an item whose lease expired (and was claimed again) does nothing. */
  lease: string;
}

export interface DeadLetter extends DirtyObject {
  id: string;
  attempts: number;
  enqueuedAt: number;
  error: string;
  failedAt: number;
}

export interface QueueStats {
  /** Items waiting (ready, deferred by a retry, or not yet settled). */
  waiting: number;
  /** Items claimed by a worker right now. */
  leased: number;
  dead: number;
  /** Age of the oldest waiting item (ms), null when none waits. */
  oldestWaitingMs: number | null;
}

export interface FailOutcome {
  retried: number;
  dead: number;
}

/** Retries: attempt n (1-based) waits min(maxDelayMs, baseDelayMs × 2^(n−1)); after maxAttempts the item is dead. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 };

export function backoffMs(policy: RetryPolicy, failedAttempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
}

export interface WorkQueue {
  /**
   * Records the events' ids and queues the objects of those not seen before, in one
   * transaction: an event is either accepted with its objects or not at all. An object
   * already waiting is not queued twice.
   */
  acceptEvents(deliveries: readonly Delivery[]): Promise<AcceptOutcome>;
  /** Queues objects that come from no event (a manual or scheduled request). */
  enqueue(objects: readonly DirtyObject[]): Promise<void>;
  /** Whether an event id was accepted (kept for a week). */
  seenEvent(tenant: TenantId, eventId: string): Promise<boolean>;
  /**
   * Leases up to `limit` ready items (of any tenants; callers group them). A lease that is
   * not completed or failed in time expires and the items can be claimed again.
   */
  claim(limit: number): Promise<QueuedItem[]>;
  complete(items: readonly QueuedItem[]): Promise<void>;
  /** Retries the items after a backoff, or moves them to the dead letters after the last attempt. */
  fail(items: readonly QueuedItem[], error: string): Promise<FailOutcome>;
  /** Newest first. */
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  /** Queues dead letters again (all, or the given ids) with their attempts reset; answers how many. */
  retryDead(ids?: readonly string[]): Promise<number>;
  stats(): Promise<QueueStats>;
  close(): Promise<void>;
}

/** For each dirty record: the companies it belongs to now. Records that are gone come back in `gone`. */
export interface Resolution {
  /** Item id → company ids (empty when the record has no company). */
  companies: Map<string, string[]>;
  /** Deals and activities deleted in the CRM, as ids of the normalized model, to remove from the store. */
  gone: { dealIds: string[]; activityIds: string[] };
}

/** Resolves deals, engagements, tickets and line items to their companies (asks the CRM). */
export interface CompanyResolver {
  resolve(items: readonly QueuedItem[]): Promise<Resolution>;
}
