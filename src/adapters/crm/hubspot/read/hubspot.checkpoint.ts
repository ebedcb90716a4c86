// The sync checkpoint: per object type, the latest hs_lastmodifieddate already handed over.
// A type without a mark has never finished a page and is read from the beginning.
import type { ObjectType } from '../client/hubspot.paths.ts';

export type Watermarks = Partial<Record<ObjectType, number>>;

export function encodeCheckpoint(marks: Watermarks): string {
  return JSON.stringify({ v: 1, modified: marks });
}

/** Marks from a stored checkpoint; an unreadable one counts as none (a full read). */
export function decodeCheckpoint(value: string | null): Watermarks {
  if (!value) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || !('modified' in parsed)) return {};
    const modified = parsed.modified;
    if (typeof modified !== 'object' || modified === null) return {};
    return Object.fromEntries(Object.entries(modified).filter(([, v]) => typeof v === 'number' && Number.isFinite(v))) as Watermarks;
  } catch {
    return {};
  }
}
