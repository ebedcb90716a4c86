// Revenue, gross margin, orders, discounts and retention per company from its deals (§3.1).
import type { ValueModelConfig } from './model-config.ts';
import { own } from './lookup.ts';
import type { Deal, Instant } from './records.ts';
import { inWindow, subtractMonths, trailingWindow, type Window } from './time.ts';

export interface DealFigures {
  revenue: number;
  grossMargin: number;
  wonDeals: number;
  orders: number;
  discounts: number;
  /** Any won deal closed on or before asOf. */
  wonEver: boolean;
  hasOpenDeal: boolean;
  retention: number;
  /** Revenue in the window ending one year before asOf: was it a customer then (§3.4 retention)? */
  revenueYearBefore: number;
}

export function emptyDealFigures(retentionDefault: number): DealFigures {
  return { revenue: 0, grossMargin: 0, wonDeals: 0, orders: 0, discounts: 0, wonEver: false, hasOpenDeal: false, retention: retentionDefault, revenueYearBefore: 0 };
}

/** Gross margin of one won deal: actual cost → deal margin → pipeline default → global default. */
export function dealMargin(deal: Deal, config: ValueModelConfig): number {
  if (deal.cost !== undefined) return deal.amount - deal.cost;
  const pct = deal.marginPct ?? own(config.margin.pipelines, deal.pipeline) ?? config.margin.defaultPct;
  return deal.amount * pct;
}

/**
 * Accumulates deal figures for every company in one pass over the deals.
 * `indexOf` maps a company id to its slot; deals of unknown companies are ignored here
 * (the connectors report them as dangling before they reach the engine).
 */
export function computeDealFigures(
  deals: readonly Deal[],
  indexOf: ReadonlyMap<string, number>,
  companyCount: number,
  config: ValueModelConfig,
  asOf: Instant,
  window: Window,
): DealFigures[] {
  const figures = Array.from({ length: companyCount }, () => emptyDealFigures(config.retention.default));
  const yearBefore = trailingWindow(subtractMonths(asOf, 12), config.window.months);
  const years = config.retention.years;
  // periodEnds[k] is the end of the k-th 12-month period counted back from asOf.
  const periodEnds = Array.from({ length: years + 1 }, (_, k) => subtractMonths(asOf, 12 * k));
  const wonPeriods = new Uint32Array(companyCount); // bit k: a won deal in period k
  const firstWon = new Float64Array(companyCount).fill(Number.POSITIVE_INFINITY);

  for (const deal of deals) {
    const i = indexOf.get(deal.companyId);
    if (i === undefined) continue;
    const f = figures[i]!;
    if (deal.status === 'open') {
      f.hasOpenDeal = true;
      continue;
    }
    if (deal.status !== 'won' || deal.closeDate > asOf) continue;
    f.wonEver = true;
    if (deal.closeDate < firstWon[i]!) firstWon[i] = deal.closeDate;
    for (let k = 0; k < years; k++) {
      if (deal.closeDate > periodEnds[k + 1]!) {
        wonPeriods[i]! |= 1 << k;
        break;
      }
    }
    if (inWindow(yearBefore, deal.closeDate)) f.revenueYearBefore += deal.amount;
    if (!inWindow(window, deal.closeDate)) continue;
    f.revenue += deal.amount;
    f.grossMargin += dealMargin(deal, config);
    f.wonDeals += 1;
    f.orders += deal.orderCount ?? 1;
    f.discounts += deal.discount ?? 0;
  }

  for (let i = 0; i < companyCount; i++) {
    if (!figures[i]!.wonEver) continue;
    figures[i]!.retention = retentionOf(wonPeriods[i]!, firstWon[i]!, periodEnds, config.retention.max);
  }
  return figures;
}

/**
 * The share of 12-month periods, counted back from asOf to the period holding the first
 * won deal (at most retention.years of them), that hold a won deal; capped at max.
 */
function retentionOf(mask: number, firstWon: Instant, periodEnds: readonly Instant[], max: number): number {
  const years = periodEnds.length - 1;
  let periods = years;
  for (let k = 0; k < years; k++) {
    if (firstWon > periodEnds[k + 1]!) {
      periods = k + 1;
      break;
    }
  }
  let held = 0;
  for (let k = 0; k < periods; k++) if (mask & (1 << k)) held++;
  return Math.min(max, held / periods);
}
