// Revenue, gross margin, orders, discounts and retention per company from its deals (§3.1).
import type { ValueModelConfig } from './model-config.ts';
import { own } from './lookup.ts';
import type { Deal, Instant } from './records.ts';

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
export function dealMargin(deal: Pick<Deal, 'amount' | 'cost' | 'marginPct' | 'pipeline'>, config: ValueModelConfig): number {
  if (deal.cost !== undefined) return deal.amount - deal.cost;
  const pct = deal.marginPct ?? own(config.margin.pipelines, deal.pipeline) ?? config.margin.defaultPct;
  return deal.amount * pct;
}

/**
 * The share of 12-month periods, counted back from asOf to the period holding the first
 * won deal (at most retention.years of them), that hold a won deal; capped at max.
 */
export function retentionOf(mask: number, firstWon: Instant, periodEnds: readonly Instant[], max: number): number {
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
