// What the write-back wrote, so the next incremental sync can tell its own writes from other
// people's edits. Each write-back stamps kw_calculated_at with its run's time and HubSpot
// answers each record's updatedAt: per stamp, the server-time window of those writes is kept
// (in a store checkpoint), until the sync checkpoint has moved past it.
import type { Store, TenantId } from '../../../../app/ports/store.port.ts';

/** Companies written with one kw_calculated_at value, between two server times (inclusive). */
export interface WriteSet {
  /** kw_calculated_at as epoch ms. */
  stamp: number;
  from: number;
  to: number;
  count: number;
}

export interface EchoLog {
  /** Adds writes HubSpot accepted (merged per stamp). */
  record(sets: readonly WriteSet[]): Promise<void>;
  /** The sets a sync reading from `since` on could meet; older ones are dropped. */
  pending(since: number): Promise<WriteSet[]>;
}

export const ECHO_CHECKPOINT_KEY = 'hubspot.writes';
/** Sets kept at most: the newest by window end (a dropped set only costs re-reading its companies). */
const KEEP = 32;

/** Merges sets with the same stamp into one window. */
export function mergeSets(sets: readonly WriteSet[]): WriteSet[] {
  const byStamp = new Map<number, WriteSet>();
  for (const set of sets) {
    const current = byStamp.get(set.stamp);
    byStamp.set(set.stamp, current ? { stamp: set.stamp, from: Math.min(current.from, set.from), to: Math.max(current.to, set.to), count: current.count + set.count } : { ...set });
  }
  return [...byStamp.values()].sort((a, b) => b.to - a.to).slice(0, KEEP);
}

function decode(value: string | null): WriteSet[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((s): s is WriteSet => typeof s === 'object' && s !== null && ['stamp', 'from', 'to', 'count'].every((k) => Number.isFinite((s as Record<string, unknown>)[k])));
  } catch {
    return [];
  }
}

/**
 * The echo log in the store's checkpoints. Updates in this process go one after another; two
 * processes writing at once may lose a set, which only makes its companies be read again.
 */
export function createStoreEchoLog(options: { store: Pick<Store, 'getCheckpoint' | 'setCheckpoint'>; tenant: TenantId }): EchoLog {
  const { store, tenant } = options;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const read = async () => decode(await store.getCheckpoint(tenant, ECHO_CHECKPOINT_KEY));
  const write = (sets: WriteSet[]) => store.setCheckpoint(tenant, ECHO_CHECKPOINT_KEY, JSON.stringify(sets));
  return {
    record: (sets) => (sets.length === 0 ? Promise.resolve() : serial(async () => write(mergeSets([...(await read()), ...sets])))),
    pending: (since) =>
      serial(async () => {
        const all = await read();
        const live = all.filter((s) => s.to >= since);
        if (live.length !== all.length) await write(live);
        return live;
      }),
  };
}
