// The contact schedule per segment (§3.5, seed 003's "contactschema"): for each
// touchpoint the last matching contact, the next due date and whether it is overdue.
import type { Touchpoint, ValueModelConfig } from './model-config.ts';
import { SEGMENTS, type Activity, type Instant, type Segment } from './records.ts';
import type { TouchpointStatus } from './results.ts';
import { addDays, DAY_MS, isoDate } from './time.ts';

/** An activity counts for a touchpoint when its channel matches and its role and layer, when known, do too. */
export function matchesTouchpoint(activity: Activity, touchpoint: Touchpoint): boolean {
  return (
    activity.type === touchpoint.channel &&
    (activity.contactLayer === undefined || activity.contactLayer === touchpoint.layer) &&
    (activity.ownerRole === undefined || activity.ownerRole === touchpoint.who)
  );
}

/** The last contact of a company (by its index) for each touchpoint of a segment's list; null when never. */
export type LastContacts = (companyIndex: number, segment: Segment) => (Instant | null)[];

/**
 * The last contact per company per touchpoint of any segment, up to asOf, in one pass.
 * `lastContact(companyIndex, segment)` then gives the instants for that segment's list.
 */
export function indexLastContacts(
  activities: readonly Activity[],
  indexOf: ReadonlyMap<string, number>,
  companyCount: number,
  config: ValueModelConfig,
  asOf: Instant,
): LastContacts {
  const schedule = config.contacts.schedule;
  const all = SEGMENTS.flatMap((s) => schedule[s]);
  const offset = new Map<Segment, number>();
  let at = 0;
  for (const s of SEGMENTS) {
    offset.set(s, at);
    at += schedule[s].length;
  }
  const width = all.length;
  const last = new Float64Array(companyCount * width).fill(Number.NEGATIVE_INFINITY);
  if (width > 0) {
    for (const activity of activities) {
      if (activity.occurredAt > asOf) continue;
      const i = indexOf.get(activity.companyId);
      if (i === undefined) continue;
      for (let t = 0; t < width; t++) {
        const slot = i * width + t;
        if (activity.occurredAt > last[slot]! && matchesTouchpoint(activity, all[t]!)) last[slot] = activity.occurredAt;
      }
    }
  }
  return (companyIndex, segment) => {
    const start = companyIndex * width + offset.get(segment)!;
    return schedule[segment].map((_, t) => {
      const v = last[start + t]!;
      return v === Number.NEGATIVE_INFINITY ? null : v;
    });
  };
}

export function touchpointStatus(touchpoint: Touchpoint, lastContact: Instant | null, asOf: Instant): TouchpointStatus {
  const nextDue = lastContact === null ? asOf : addDays(lastContact, touchpoint.everyDays);
  const overdue = nextDue < asOf;
  return { touchpoint, lastContact, nextDue, overdue, daysOverdue: overdue ? Math.floor((asOf - nextDue) / DAY_MS) : 0 };
}

export interface ScheduleSummary {
  nextContactDate: Instant | null;
  contactOverdue: boolean;
  contactPlan: string;
}

export function summarizeSchedule(segment: Segment | null, contacts: readonly TouchpointStatus[]): ScheduleSummary {
  if (segment === null) return { nextContactDate: null, contactOverdue: false, contactPlan: 'No contact schedule: not a customer in the window.' };
  if (contacts.length === 0) {
    return { nextContactDate: null, contactOverdue: false, contactPlan: `${segment}: digital only (newsletter), no personal touchpoint.` };
  }
  const parts = contacts.map((c) => {
    const { name, who, layer, channel, everyDays } = c.touchpoint;
    const state = c.overdue ? `overdue since ${isoDate(c.nextDue)}` : `next ${isoDate(c.nextDue)}`;
    return `${name}: ${who.replaceAll('_', ' ')} → ${layer} layer, ${channel} every ${everyDays} days (${state})`;
  });
  return {
    nextContactDate: Math.min(...contacts.map((c) => c.nextDue)),
    contactOverdue: contacts.some((c) => c.overdue),
    contactPlan: `${segment}: ${parts.join('; ')}.`,
  };
}
