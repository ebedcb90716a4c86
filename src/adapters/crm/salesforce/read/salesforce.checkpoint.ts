// The sync checkpoint: per sObject, the latest SystemModstamp already handed over. An object
// without a mark has never finished a read and is read from the beginning.
import { SYNCED_OBJECTS, type SyncedObject } from './salesforce.objects.ts';

export type Watermarks = Partial<Record<SyncedObject, number>>;

export function encodeCheckpoint(marks: Watermarks): string {
  return JSON.stringify({ v: 1, modstamp: marks });
}

/** Marks from a stored checkpoint; an unreadable one counts as none (a full read). */
export function decodeCheckpoint(value: string | null): Watermarks {
  if (!value) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || !('modstamp' in parsed)) return {};
    const marks = parsed.modstamp;
    if (typeof marks !== 'object' || marks === null) return {};
    return Object.fromEntries(
      Object.entries(marks).filter(([k, v]) => (SYNCED_OBJECTS as readonly string[]).includes(k) && typeof v === 'number' && Number.isFinite(v)),
    ) as Watermarks;
  } catch {
    return {};
  }
}
