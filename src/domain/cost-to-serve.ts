// Time-driven activity-based cost-to-serve per company (§3.2).
import type { ValueModelConfig } from './model-config.ts';
import { own } from './lookup.ts';
import type { ActivityType } from './records.ts';
import type { CostBreakdown, CostLine } from './results.ts';

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

/** The cost line an activity's time goes to. */
export const LINE_OF: Record<ActivityType, CostLine> = {
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

/** The hourly rate of a role (the default rate for an unknown or missing role). */
export function rateOf(role: string | undefined, config: ValueModelConfig): number {
  return own(config.costs.hourlyRate, role) ?? config.costs.hourlyRate.default;
}

export function totalCost(breakdown: CostBreakdown): number {
  let sum = 0;
  for (const line of COST_LINES) sum += breakdown[line];
  return sum;
}
