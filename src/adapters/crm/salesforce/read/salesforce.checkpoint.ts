// The sync checkpoint: per sObject, the latest SystemModstamp already handed over. An object
// without a mark has never finished a read and is read from the beginning.
import { SYNCED_OBJECTS, type SyncedObject } from './salesforce.objects.ts';

/** The synced sObjects, and the survey responses of salesforce.satisfaction (whatever their object is called). */
export type MarkKey = SyncedObject | typeof SURVEY_MARK;
export const SURVEY_MARK = 'SurveyResponses';
export type Watermarks = Partial<Record<MarkKey, number>>;

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
      Object.entries(marks).filter(([k, v]) => ([...SYNCED_OBJECTS, SURVEY_MARK] as readonly string[]).includes(k) && typeof v === 'number' && Number.isFinite(v)),
    ) as Watermarks;
  } catch {
    return {};
  }
}
