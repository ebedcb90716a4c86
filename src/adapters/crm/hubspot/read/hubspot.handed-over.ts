// The records a pull handed over close to each type's mark, kept for the checkpoint: the next
// incremental pull re-reads a few minutes before the mark and skips those it finds unchanged.
import type { ObjectType } from '../client/hubspot.paths.ts';
import type { CrmObject } from '../client/hubspot.schemas.ts';
import type { HandedOver, Watermarks } from './hubspot.checkpoint.ts';
import { MODIFIED_AT } from './hubspot.objects.ts';
import { parseInstant } from './hubspot.values.ts';

/** Records kept per type: beyond it the oldest are re-read next time (costing calls, losing nothing). */
const KEEP = 200;

export function modifiedAtOf(object: CrmObject): number | undefined {
  return parseInstant(object.properties[MODIFIED_AT] ?? object.updatedAt ?? '');
}

export class HandedOverTracker {
  private readonly byType = new Map<ObjectType, Map<string, number>>();
  private readonly before: HandedOver;
  private readonly windowMs: number;

  /** `windowMs`: how far before the mark the next pull re-reads. */
  constructor(before: HandedOver, windowMs: number) {
    this.before = before;
    this.windowMs = windowMs;
    for (const [type, ids] of Object.entries(before) as [ObjectType, Record<string, number>][]) this.byType.set(type, new Map(Object.entries(ids)));
  }

  /** Whether the previous pull handed this record over as it is now. */
  has(type: ObjectType, id: string, modifiedAt: number): boolean {
    return this.before[type]?.[id] === modifiedAt;
  }

  /** Records about to be handed over (call right before the page that carries their mark). */
  note(type: ObjectType, objects: readonly CrmObject[]): void {
    let ids = this.byType.get(type);
    if (!ids) this.byType.set(type, (ids = new Map()));
    for (const object of objects) {
      const at = modifiedAtOf(object);
      if (at !== undefined) ids.set(object.id, at);
    }
    if (ids.size > 4 * KEEP) this.byType.set(type, new Map([...ids].sort((a, b) => b[1] - a[1]).slice(0, KEEP)));
  }

  /** What the checkpoint for `marks` keeps: per type, the newest records within the window up to its mark. */
  snapshot(marks: Watermarks): HandedOver {
    const out: HandedOver = {};
    for (const [type, ids] of this.byType) {
      const mark = marks[type];
      if (mark === undefined) continue;
      const kept = [...ids].filter(([, at]) => at <= mark && at >= mark - this.windowMs).sort((a, b) => b[1] - a[1]).slice(0, KEEP);
      if (kept.length > 0) out[type] = Object.fromEntries(kept);
    }
    return out;
  }
}
