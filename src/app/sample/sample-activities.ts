// The sample generator's activities for one company besides its contact schedule
// (sample-contacts.ts): every type, owner roles with the default hourly rates, contact
// layers, and the habits that make cost-to-serve differ (demanding small customers, the rep
// who visits everyone).
import type { Activity, ActivityType, ContactLayer } from '../../domain/records.ts';
import { cumulate, pickWeighted, type Random } from './prng.ts';
import { DEMANDS, KIND_CUSTOMER, KIND_FORMER, SMALL_SPEND, TRAIT_DEMANDING, TRAIT_OVER_SERVED, type CompanyProfiles, type Demand } from './company-profiles.ts';
import { awayFromYearEnds, DAY } from './sample-days.ts';

const MINUTE = 60_000;
const TYPES: readonly ActivityType[] = ['call', 'meeting', 'visit', 'email', 'note', 'task', 'ticket'];
// Weights in the order of TYPES.
const MIX_NORMAL = cumulate([25, 10, 8, 30, 10, 10, 7]);
/** Small customers are mostly phoned and mailed. */
const MIX_SMALL = cumulate([40, 0, 0, 45, 5, 8, 2]);
const MIX_DEMANDING: Record<Demand, number[]> = {
  drops: cumulate([30, 5, 10, 25, 5, 10, 15]),
  discounts: cumulate([30, 15, 15, 25, 5, 5, 5]),
  tickets: cumulate([10, 2, 5, 15, 3, 5, 60]),
};
const MIX_OVER_SERVED = cumulate([10, 10, 45, 15, 8, 7, 5]);
const MIX_PROSPECTING = cumulate([35, 10, 5, 40, 5, 5, 0]);

const ROLES = ['account_manager', 'management', 'inside_sales', 'customer_service'] as const;
// Weights in the order of ROLES, per type.
const ROLE_MIX: Record<ActivityType, number[]> = {
  call: cumulate([35, 0, 50, 15]),
  meeting: cumulate([50, 35, 0, 15]),
  visit: cumulate([85, 15, 0, 0]),
  email: cumulate([30, 5, 35, 30]),
  note: cumulate([50, 0, 40, 10]),
  task: cumulate([45, 0, 45, 10]),
  ticket: cumulate([0, 0, 10, 90]),
};
const LAYERS: readonly ContactLayer[] = ['decision', 'management', 'operational'];
const LAYER_FACE_TO_FACE = cumulate([20, 30, 50]);
const LAYER_REMOTE = cumulate([10, 30, 60]);
/** Typical minutes per type: [min, max]. */
export const MINUTES: Record<ActivityType, [number, number]> = {
  call: [3, 30],
  meeting: [30, 120],
  visit: [45, 180],
  email: [2, 10],
  note: [2, 10],
  task: [5, 45],
  ticket: [10, 90],
};

export interface ActivityCursor {
  next: number;
  activities: Activity[];
}

export function activityId(n: number): string {
  return `a-${String(n).padStart(8, '0')}`;
}

export function generateActivities(p: CompanyProfiles, i: number, count: number, asOfDay: number, random: Random, out: ActivityCursor): void {
  const traits = p.traits[i]!;
  const kind = p.kind[i];
  const demand = traits & TRAIT_DEMANDING ? DEMANDS[p.demand[i]!]! : null;
  const mix = demand
    ? MIX_DEMANDING[demand]
    : traits & TRAIT_OVER_SERVED
      ? MIX_OVER_SERVED
      : kind === KIND_CUSTOMER || kind === KIND_FORMER
        ? p.spend[i]! < SMALL_SPEND
          ? MIX_SMALL
          : MIX_NORMAL
        : MIX_PROSPECTING;
  // Customers' activities span the two years the CRM has been in daily use (their kept
  // schedules go back further); what makes a small customer cost too much is this year's
  // story; former customers' mostly lie before their last year; prospects and suspects are recent.
  const costly = demand !== null || (traits & TRAIT_OVER_SERVED) !== 0;
  const spanDays = !costly && (kind === KIND_CUSTOMER || kind === KIND_FORMER) ? 2 * 365 : 365;
  for (let k = 0; k < count; k++) {
    const type = TYPES[pickWeighted(mix, random)]!;
    let daysAgo = 1 + Math.floor(random.next() * spanDays);
    if (kind === KIND_FORMER && random.chance(0.8)) daysAgo = random.int(380, 3 * 365);
    const activity: Activity = { id: activityId(out.next++), companyId: p.ids[i]!, type, occurredAt: officeHours(asOfDay, awayFromYearEnds(daysAgo), random) };
    if (random.chance(0.7)) activity.durationMinutes = minutes(type, random);
    // The over-serving rep's Friday-afternoon visits are the account manager's own.
    if (type === 'visit' && traits & TRAIT_OVER_SERVED) activity.ownerRole = 'account_manager';
    else if (random.chance(0.95)) activity.ownerRole = ROLES[pickWeighted(ROLE_MIX[type], random)]!;
    const layer = contactLayer(type, random);
    if (layer) activity.contactLayer = layer;
    out.activities.push(activity);
  }
}

/** An instant in office hours (08:00–18:00 UTC) `daysAgo` days before the sample's date. */
export function officeHours(asOfDay: number, daysAgo: number, random: Random): number {
  return asOfDay - daysAgo * DAY + random.int(8 * 60, 18 * 60 - 1) * MINUTE;
}

export function minutes(type: ActivityType, random: Random): number {
  const [min, max] = MINUTES[type];
  return random.int(min, max);
}

function contactLayer(type: ActivityType, random: Random): ContactLayer | undefined {
  switch (type) {
    case 'visit':
    case 'meeting':
      return random.chance(0.85) ? LAYERS[pickWeighted(LAYER_FACE_TO_FACE, random)] : undefined;
    case 'call':
    case 'email':
      return random.chance(0.85) ? LAYERS[pickWeighted(LAYER_REMOTE, random)] : undefined;
    case 'ticket':
      return random.chance(0.6) ? 'operational' : undefined;
    default:
      return random.chance(0.2) ? LAYERS[pickWeighted(LAYER_REMOTE, random)] : undefined;
  }
}
