// The service flag (§3.6, seed 001: Homburg's optimum of customer orientation) —
// over-served when cost-to-serve passes the segment's budget, under-served when an A or B
// customer's touchpoint is late by more than its own interval.
import type { ValueModelConfig } from './model-config.ts';
import type { Instant, Segment } from './records.ts';
import type { ServiceFlag, TouchpointStatus } from './results.ts';
import { amount, flat, percent } from './format.ts';
import { DAY_MS } from './time.ts';

export interface ServiceLevel {
  flag: ServiceFlag;
  detail: string | null;
}

/** The figures behind the flag, for screens that word it themselves (the card, in two languages). */
export interface ServiceStanding {
  flag: ServiceFlag;
  costToServeRatio: number | null;
  /** The segment's budget: the most cost-to-serve may be as a share of gross margin. */
  budgetRatio: number | null;
  /** Money over that budget per year (over-served only). */
  overBudget: number | null;
  /** The touchpoint furthest overdue (under-served only). */
  late: { name: string; daysOverdue: number; everyDays: number } | null;
}

/** The touchpoint furthest overdue among those late by more than their own interval (exact time, not whole days). */
function furthestLate(contacts: readonly TouchpointStatus[], asOf: Instant): TouchpointStatus | null {
  let late: TouchpointStatus | null = null;
  for (const c of contacts) {
    if (asOf - c.nextDue > c.touchpoint.everyDays * DAY_MS && (late === null || c.nextDue < late.nextDue)) late = c;
  }
  return late;
}

/** `asOf` is the moment the contacts were computed for. */
export function serviceStanding(
  segment: Segment | null,
  costToServeRatio: number | null,
  grossMargin: number,
  contacts: readonly TouchpointStatus[],
  config: ValueModelConfig,
  asOf: Instant,
): ServiceStanding {
  const budgetRatio = segment === null ? null : config.service.maxCostRatio[segment];
  const standing: ServiceStanding = { flag: 'ok', costToServeRatio, budgetRatio, overBudget: null, late: null };
  if (segment === null || budgetRatio === null) return standing;
  if (costToServeRatio !== null && costToServeRatio > budgetRatio) {
    return { ...standing, flag: 'over_served', overBudget: (costToServeRatio - budgetRatio) * grossMargin };
  }
  if (segment === 'A' || segment === 'B') {
    const late = furthestLate(contacts, asOf);
    if (late) {
      return { ...standing, flag: 'under_served', late: { name: late.touchpoint.name, daysOverdue: late.daysOverdue, everyDays: late.touchpoint.everyDays } };
    }
  }
  return standing;
}

export function serviceLevel(
  segment: Segment | null,
  costToServeRatio: number | null,
  grossMargin: number,
  contacts: readonly TouchpointStatus[],
  config: ValueModelConfig,
  asOf: Instant,
): ServiceLevel {
  const s = serviceStanding(segment, costToServeRatio, grossMargin, contacts, config, asOf);
  if (s.flag === 'over_served' && s.costToServeRatio !== null && s.budgetRatio !== null && s.overBudget !== null) {
    return {
      flag: s.flag,
      detail: flat`cost-to-serve is ${percent(s.costToServeRatio)} of gross margin against a budget of ${percent(s.budgetRatio)} for ${segment}: ${amount(s.overBudget)} over budget`,
    };
  }
  if (s.flag === 'under_served' && s.late) {
    return { flag: s.flag, detail: flat`${s.late.name} is ${s.late.daysOverdue} days overdue (due every ${s.late.everyDays} days)` };
  }
  return { flag: 'ok', detail: null };
}
