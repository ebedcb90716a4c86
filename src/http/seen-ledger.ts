// Keys seen before: a signed request that changes something is served once (a replay within its
// 5 minutes is refused), and a dashboard session that logged out stays out. The server keeps them
// in the work queue's ledger of accepted event ids — on PostgreSQL shared by every instance, kept
// 7 days — and tests (or a process without a queue) in memory, each key for a given time.
import { createHash } from 'node:crypto';
import type { WorkQueue } from '../app/ports/queue.port.ts';

export interface SeenLedger {
  /** Records the key; true when it had not been recorded before. */
  firstSight(key: string): Promise<boolean>;
  /** Whether the key was recorded (and is still kept). */
  seen(key: string): Promise<boolean>;
}

/** Keys are hashed: a ledger row says nothing of the signature or session it stands for. */
export function ledgerKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n'), 'utf8').digest('base64url');
}

/** This process only, each key kept `keepMs` (at least as long as it can be replayed). */
export function memoryLedger(options: { keepMs: number; now?: () => number }): SeenLedger {
  const now = options.now ?? Date.now;
  // Insertion order is expiry order (one keepMs for all): expired keys are dropped from the front.
  const expiries = new Map<string, number>();
  const prune = (at: number) => {
    for (const [key, expires] of expiries) {
      if (expires > at) break;
      expiries.delete(key);
    }
  };
  return {
    async firstSight(key) {
      const at = now();
      prune(at);
      if (expiries.has(key)) return false;
      expiries.set(key, at + options.keepMs);
      return true;
    },
    async seen(key) {
      prune(now());
      return expiries.has(key);
    },
  };
}

/** The work queue's ledger of accepted event ids (kept a week), under a scope of its own beside the tenants. */
export function queueLedger(queue: Pick<WorkQueue, 'acceptEvents' | 'seenEvent'>, scope: string): SeenLedger {
  return {
    async firstSight(key) {
      const outcome = await queue.acceptEvents([{ tenant: scope, eventId: key, objects: [] }]);
      return outcome.accepted === 1;
    },
    seen: (key) => queue.seenEvent(scope, key),
  };
}
