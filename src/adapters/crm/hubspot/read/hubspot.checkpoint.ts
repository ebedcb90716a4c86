// The sync checkpoint: per object type, the latest hs_lastmodifieddate already handed over, and
// the records handed over just before it (id → hs_lastmodifieddate), so the overlap an
// incremental pull re-reads (for the search index's lag) does not hand them over again.
// A type without a mark has never finished a page and is read from the beginning.
import type { ObjectType } from '../client/hubspot.paths.ts';

export type Watermarks = Partial<Record<ObjectType, number>>;
export type HandedOver = Partial<Record<ObjectType, Record<string, number>>>;

export interface Checkpoint {
  marks: Watermarks;
  handedOver: HandedOver;
}

export function encodeCheckpoint(marks: Watermarks, handedOver: HandedOver = {}): string {
  const recent = Object.fromEntries(Object.entries(handedOver).filter(([, ids]) => Object.keys(ids).length > 0));
  return JSON.stringify({ v: 1, modified: marks, ...(Object.keys(recent).length > 0 ? { recent } : {}) });
}

const finiteNumbers = (value: unknown): Record<string, number> =>
  typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'number' && Number.isFinite(v))) : {};

/** Marks from a stored checkpoint; an unreadable one counts as none (a full read). */
export function decodeCheckpoint(value: string | null): Checkpoint {
  const none: Checkpoint = { marks: {}, handedOver: {} };
  if (!value) return none;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || !('modified' in parsed)) return none;
    const recent = 'recent' in parsed && typeof parsed.recent === 'object' && parsed.recent !== null ? parsed.recent : {};
    return {
      marks: finiteNumbers(parsed.modified) as Watermarks,
      handedOver: Object.fromEntries(Object.entries(recent).map(([type, ids]) => [type, finiteNumbers(ids)])) as HandedOver,
    };
  } catch {
    return none;
  }
}
