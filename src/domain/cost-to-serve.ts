// Time-driven activity-based cost-to-serve per company (§3.2).
import type { ValueModelConfig } from './model-config.ts';
import { own } from './lookup.ts';
import type { Activity, ActivityType } from './records.ts';
import type { CostBreakdown, CostLine } from './results.ts';
import type { Window } from './time.ts';

export const COST_LINES: readonly CostLine[] = [
  'calls',
  'meetings',
  'visits',
  'emails',
  'notes',
  'tasks',
  'tickets',
  'travel',
  'orderHandling',
  'discounts',
];

const LINE_OF: Record<ActivityType, CostLine> = {
  call: 'calls',
  meeting: 'meetings',
  visit: 'visits',
  email: 'emails',
  note: 'notes',
  task: 'tasks',
  ticket: 'tickets',
};

export function emptyBreakdown(): CostBreakdown {
  return { calls: 0, meetings: 0, visits: 0, emails: 0, notes: 0, tasks: 0, tickets: 0, travel: 0, orderHandling: 0, discounts: 0 };
}

/** What one activity costs: its time at its role's rate, plus travel for a visit and handling for a ticket. */
export function activityCost(activity: Activity, config: ValueModelConfig): { time: number; extra: number } {
  const { costs } = config;
  const minutes = activity.durationMinutes ?? costs.defaultMinutes[activity.type];
  const extra = activity.type === 'visit' ? costs.travelCost : activity.type === 'ticket' ? costs.ticketCost : 0;
  return { time: (minutes * rateOf(activity.ownerRole, config)) / 60, extra };
}

function rateOf(role: string | undefined, config: ValueModelConfig): number {
  return own(config.costs.hourlyRate, role) ?? config.costs.hourlyRate.default;
}

/**
 * Adds every activity in the window to its company's breakdown (travel kept as its own
 * line). This loop sees millions of activities: it allocates nothing per activity and
 * looks each role's rate up once.
 */
export function addActivityCosts(
  breakdowns: CostBreakdown[],
  activities: readonly Activity[],
  indexOf: ReadonlyMap<string, number>,
  config: ValueModelConfig,
  window: Window,
): void {
  const { costs } = config;
  const rates = new Map<string | undefined, number>();
  for (const activity of activities) {
    if (activity.occurredAt <= window.start || activity.occurredAt > window.end) continue;
    const i = indexOf.get(activity.companyId);
    if (i === undefined) continue;
    let rate = rates.get(activity.ownerRole);
    if (rate === undefined) {
      rate = rateOf(activity.ownerRole, config);
      rates.set(activity.ownerRole, rate);
    }
    const b = breakdowns[i]!;
    const minutes = activity.durationMinutes ?? costs.defaultMinutes[activity.type];
    const line = LINE_OF[activity.type];
    b[line] += (minutes * rate) / 60;
    if (activity.type === 'visit') b.travel += costs.travelCost;
    else if (activity.type === 'ticket') b.tickets += costs.ticketCost;
  }
}

export function totalCost(breakdown: CostBreakdown): number {
  let sum = 0;
  for (const line of COST_LINES) sum += breakdown[line];
  return sum;
}
