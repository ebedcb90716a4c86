// The contact schedule per segment (§3.5, seed 003's "contactschema"): for each
// touchpoint the last matching contact, the next due date and whether it is overdue.
import { flat } from './format.ts';
import type { Touchpoint } from './model-config.ts';
import type { Activity, Instant, Segment } from './records.ts';
import type { TouchpointStatus } from './results.ts';
import { addDays, DAY_MS, isoDate } from './time.ts';

/** An activity counts for a touchpoint when its channel matches and its role and layer, when known, do too. */
export function matchesTouchpoint(activity: Pick<Activity, 'type' | 'contactLayer' | 'ownerRole'>, touchpoint: Touchpoint): boolean {
  return (
    activity.type === touchpoint.channel &&
    (activity.contactLayer === undefined || activity.contactLayer === touchpoint.layer) &&
    (activity.ownerRole === undefined || activity.ownerRole === touchpoint.who)
  );
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

/** A touchpoint as the plan words it, made once per touchpoint of the config (every company's plan repeats them). */
const TOUCHPOINT_WORDS = new WeakMap<Touchpoint, string>();

function touchpointWords(t: Touchpoint): string {
  let words = TOUCHPOINT_WORDS.get(t);
  if (words === undefined) {
    words = `${t.name}: ${t.who.replaceAll('_', ' ')} → ${t.layer} layer, ${t.channel} every ${t.everyDays} days`;
    TOUCHPOINT_WORDS.set(t, words);
  }
  return words;
}

export function summarizeSchedule(segment: Segment | null, contacts: readonly TouchpointStatus[]): ScheduleSummary {
  if (segment === null) return { nextContactDate: null, contactOverdue: false, contactPlan: 'No contact schedule: not a customer in the window.' };
  if (contacts.length === 0) {
    return { nextContactDate: null, contactOverdue: false, contactPlan: flat`${segment}: digital only (newsletter), no personal touchpoint.` };
  }
  // One pass (this runs for every company): the plan's parts, the earliest due date, any overdue.
  const parts: string[] = [];
  let nextContactDate = Number.POSITIVE_INFINITY;
  let contactOverdue = false;
  for (const c of contacts) {
    const state = c.overdue ? 'overdue since ' : 'next ';
    parts.push(`${touchpointWords(c.touchpoint)} (${state}${isoDate(c.nextDue)})`);
    if (c.nextDue < nextContactDate) nextContactDate = c.nextDue;
    contactOverdue ||= c.overdue;
  }
  return { nextContactDate, contactOverdue, contactPlan: flat`${segment}: ${parts.join('; ')}.` };
}
