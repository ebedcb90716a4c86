// The sample generator's contact schedules as the reps keep them (seed 003's contactschema):
// each customer gets the touchpoints of the default schedule of the segment its rep treats it
// as — account visits, management meetings at the decision layer, process reviews — at about
// their interval, the last one within it. One rep lets the process reviews of their key
// accounts slide, so a few A customers come out under-served, not nearly all of them.
import { DEFAULT_MODEL_CONFIG } from '../../domain/default-model-config.ts';
import type { Touchpoint } from '../../domain/model-config.ts';
import type { Activity } from '../../domain/records.ts';
import type { Random } from './prng.ts';
import { SLIPPING_OWNER, type CompanyProfiles } from './company-profiles.ts';
import { activityId, minutes, officeHours, type ActivityCursor } from './sample-activities.ts';
import { awayFromYearEnds } from './sample-days.ts';

const SCHEDULES = DEFAULT_MODEL_CONFIG.contacts.schedule;
const HISTORY_DAYS = 3 * 365;
/** Reps keep to an interval loosely: the next contact comes after 75%–110% of it. */
const GAP = { min: 0.75, max: 1.1 };

/** About how many contacts a schedule of `historyDays` logs for one customer. */
export function expectedContacts(schedule: 'A' | 'B' | 'C', historyDays = HISTORY_DAYS): number {
  return SCHEDULES[schedule].reduce((sum, t) => sum + historyDays / (t.everyDays * ((GAP.min + GAP.max) / 2)), 0);
}

/**
 * Logs company i's touchpoints back to `historyDays` before the sample's date. A slipping
 * rep's last process review lies more than twice its interval back: overdue by more than the
 * interval, which is what under-served means.
 */
export function generateContacts(p: CompanyProfiles, i: number, historyDays: number, asOfDay: number, random: Random, out: ActivityCursor): void {
  const schedule = p.schedule[i];
  if (!schedule) return;
  for (const touchpoint of SCHEDULES[schedule]) {
    const slipping = p.owner[i] === SLIPPING_OWNER && touchpoint.name === 'process review';
    let daysAgo = slipping ? random.int(2 * touchpoint.everyDays + 10, 3 * touchpoint.everyDays) : random.int(1, Math.round(touchpoint.everyDays * GAP.max) - 1);
    while (daysAgo <= historyDays) {
      out.activities.push(contact(p.ids[i]!, touchpoint, officeHours(asOfDay, awayFromYearEnds(daysAgo), random), random, out));
      daysAgo += Math.round(touchpoint.everyDays * random.between(GAP.min, GAP.max));
    }
  }
}

function contact(companyId: string, t: Touchpoint, occurredAt: number, random: Random, out: ActivityCursor): Activity {
  const activity: Activity = { id: activityId(out.next++), companyId, type: t.channel, occurredAt, ownerRole: t.who, contactLayer: t.layer };
  if (random.chance(0.7)) activity.durationMinutes = minutes(t.channel, random);
  return activity;
}
