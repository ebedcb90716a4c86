// The service flag (§3.6, seed 001: Homburg's optimum of customer orientation) —
// over-served when cost-to-serve passes the segment's budget, under-served when an A or B
// customer's touchpoint is late by more than its own interval.
import type { ValueModelConfig } from './model-config.ts';
import type { Segment } from './records.ts';
import type { ServiceFlag, TouchpointStatus } from './results.ts';
import { amount, percent } from './format.ts';

export interface ServiceLevel {
  flag: ServiceFlag;
  detail: string | null;
}

export function serviceLevel(
  segment: Segment | null,
  costToServeRatio: number | null,
  grossMargin: number,
  contacts: readonly TouchpointStatus[],
  config: ValueModelConfig,
): ServiceLevel {
  if (segment === null) return { flag: 'ok', detail: null };
  const budget = config.service.maxCostRatio[segment];
  if (costToServeRatio !== null && costToServeRatio > budget) {
    const over = (costToServeRatio - budget) * grossMargin;
    return {
      flag: 'over_served',
      detail: `cost-to-serve is ${percent(costToServeRatio)} of gross margin against a budget of ${percent(budget)} for ${segment}: ${amount(over)} over budget`,
    };
  }
  if (segment === 'A' || segment === 'B') {
    const late = contacts.filter((c) => c.daysOverdue > c.touchpoint.everyDays).sort((x, y) => y.daysOverdue - x.daysOverdue)[0];
    if (late) {
      return {
        flag: 'under_served',
        detail: `${late.touchpoint.name} is ${late.daysOverdue} days overdue (due every ${late.touchpoint.everyDays} days)`,
      };
    }
  }
  return { flag: 'ok', detail: null };
}
