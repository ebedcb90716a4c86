// What each option for a loss-maker would earn (seed 004: a minimum order size, a revised
// discount, a service fee, a minimum annual revenue; seed 003: digital service or parting
// decently). Every option is a change to the customer's own records — fewer orders, smaller
// discounts, a fee deal, a lift deal, calls instead of visits, no records at all — worked out
// here from the figures the engine kept, so running the engine over records changed that way
// gives the same net contribution (test/what-if-portfolio.test.ts holds it to that). Volumes
// stay as they were: the customer is assumed to keep ordering and calling as before.
import { rateOf } from './cost-to-serve.ts';
import type { ValueModelConfig } from './model-config.ts';
import type { ActionCode, CompanyResult } from './results.ts';

export const WHAT_IF_OPTIONS = ['minimum_order_size', 'revised_discount', 'service_fee', 'minimum_annual_revenue', 'digital_channel', 'part_ways'] as const;
export type WhatIfOption = (typeof WHAT_IF_OPTIONS)[number];

/** What the what-ifs read of a company's result. */
export type WhatIfFacts = Pick<
  CompanyResult,
  | 'isCustomer'
  | 'segment'
  | 'serviceFlag'
  | 'recommendedAction'
  | 'revenue'
  | 'grossMargin'
  | 'orders'
  | 'costBreakdown'
  | 'netContribution'
  | 'strategicValue'
  | 'activityCounts'
  | 'valueToOthers'
>;

export interface WhatIf {
  option: WhatIfOption;
  /** Projected net contribution over the window (0 when the customer parts ways). */
  netContribution: number;
  /** Projected minus today's net contribution. */
  effect: number;
  /** The option the recommended action points at. */
  recommended: boolean;
  /** The customer leaves: its margin and costs are gone, and the strategic value below with them. */
  partsWays: boolean;
  /** Its own strategic value plus what others draw from it (referrals, influence), when it parts ways; else 0. */
  strategicValueLost: number;
  /**
   * The figure the option changes, before and after: orders (minimum order size), discounts
   * (revised discount), fee income (service fee), revenue per year (minimum annual revenue),
   * visits and meetings → calls and e-mails (digital channel), revenue (part ways).
   */
  before: number;
  after: number;
}

export interface CompanyWhatIf {
  /** Today's net contribution. */
  netContribution: number;
  /** Best effect first; equal effects in WHAT_IF_OPTIONS order. */
  options: WhatIf[];
  recommended: WhatIfOption | null;
}

/** The customers the what-ifs are for: D customers and over-served ones. */
export function hasWhatIfs(r: Pick<CompanyResult, 'isCustomer' | 'segment' | 'serviceFlag'>): boolean {
  return r.isCustomer && (r.segment === 'D' || r.serviceFlag === 'over_served');
}

type Projection = Omit<WhatIf, 'effect' | 'recommended'>;

const kept = (option: WhatIfOption, netContribution: number, before: number, after: number): Projection => ({
  option,
  netContribution,
  partsWays: false,
  strategicValueLost: 0,
  before,
  after,
});

function partWays(r: WhatIfFacts, option: WhatIfOption, before: number): Projection {
  return { option, netContribution: 0, partsWays: true, strategicValueLost: r.strategicValue + (r.valueToOthers ?? 0), before, after: 0 };
}

/** Orders consolidated so each is at least the minimum: at most ⌊revenue / minimum⌋ of them (one at least), each handled at costs.orderHandling. */
function minimumOrderSize(r: WhatIfFacts, config: ValueModelConfig): Projection {
  const minimum = config.scenarios.minimumOrder.value;
  const fit = minimum > 0 ? Math.max(1, Math.floor(r.revenue / minimum)) : r.orders;
  const orders = Math.min(r.orders, fit);
  return kept('minimum_order_size', r.netContribution + (r.orders - orders) * config.costs.orderHandling, r.orders, orders);
}

/** Discounts capped at a share of revenue; the revenue stays what it was. */
function revisedDiscount(r: WhatIfFacts, config: ValueModelConfig): Projection {
  const before = r.costBreakdown.discounts;
  const after = Math.min(before, config.scenarios.discount.maxShare * r.revenue);
  return kept('revised_discount', r.netContribution + (before - after), before, after);
}

/** A fee per order, visit and ticket: income without cost of goods (in the records, one won deal of that amount at cost 0 and no order). */
function serviceFee(r: WhatIfFacts, counts: NonNullable<WhatIfFacts['activityCounts']>, config: ValueModelConfig): Projection {
  const fee = config.scenarios.serviceFee;
  const income = fee.perOrder * r.orders + fee.perVisit * counts.visit + fee.perTicket * counts.ticket;
  return kept('service_fee', r.netContribution + income, 0, income);
}

/**
 * The customer is asked for a minimum revenue per year. Already there: nothing changes. Buying
 * at least `liftFrom` of it: it lifts its revenue to the minimum (over the window: amount ×
 * months / 12), at its own margin rate, in the orders it places anyway. Below that: it parts ways.
 */
function minimumAnnualRevenue(r: WhatIfFacts, config: ValueModelConfig): Projection {
  const { amount, liftFrom } = config.scenarios.minimumAnnualRevenue;
  const months = config.window.months;
  const yearly = (r.revenue * 12) / months;
  if (yearly >= amount) return kept('minimum_annual_revenue', r.netContribution, yearly, yearly);
  if (yearly < liftFrom * amount) return partWays(r, 'minimum_annual_revenue', yearly);
  const extra = (amount * months) / 12 - r.revenue;
  return kept('minimum_annual_revenue', r.netContribution + extra * marginRate(r, config), yearly, amount);
}

/** The customer's own gross margin per unit of revenue (the default margin without revenue). */
export function marginRate(r: Pick<WhatIfFacts, 'revenue' | 'grossMargin'>, config: ValueModelConfig): number {
  return r.revenue > 0 ? r.grossMargin / r.revenue : config.margin.defaultPct;
}

/** Visits (their time and travel) and meetings go; each is replaced by calls and e-mails of the scenario's role, at the default minutes. */
function digitalChannel(r: WhatIfFacts, counts: NonNullable<WhatIfFacts['activityCounts']>, config: ValueModelConfig): Projection {
  const { role, callsPerContact, emailsPerContact } = config.scenarios.digital;
  const rate = rateOf(role, config);
  const minutes = config.costs.defaultMinutes;
  const replaced = counts.visit + counts.meeting;
  const removed = r.costBreakdown.visits + r.costBreakdown.travel + r.costBreakdown.meetings;
  const added = replaced * ((callsPerContact * minutes.call * rate) / 60 + (emailsPerContact * minutes.email * rate) / 60);
  return kept('digital_channel', r.netContribution + removed - added, replaced, replaced * (callsPerContact + emailsPerContact));
}

/** The option a recommended action points at; "digital or part ways" is digital when that stops the loss (net contribution + strategic value ≥ 0). */
function recommendedOption(action: ActionCode, projections: readonly Projection[], strategicValue: number): WhatIfOption | null {
  switch (action) {
    case 'minimum_order_size':
      return 'minimum_order_size';
    case 'revise_discount':
      return 'revised_discount';
    case 'service_fee_or_self_service':
      return 'service_fee';
    case 'minimum_annual_revenue':
      return 'minimum_annual_revenue';
    case 'move_to_digital_or_part_ways': {
      const digital = projections.find((p) => p.option === 'digital_channel')!;
      return digital.netContribution + strategicValue >= 0 ? 'digital_channel' : 'part_ways';
    }
    case 'reduce_effort':
      return 'digital_channel';
    default:
      return null;
  }
}

/**
 * Every option for a D or over-served customer with its projected net contribution and
 * effect, best first; null for any other company, and for a result stored before the
 * volumes were kept (compute it again to see them).
 */
export function companyWhatIf(r: WhatIfFacts, config: ValueModelConfig): CompanyWhatIf | null {
  if (!hasWhatIfs(r) || !r.activityCounts) return null;
  const counts = r.activityCounts;
  const projections: Projection[] = [
    minimumOrderSize(r, config),
    revisedDiscount(r, config),
    serviceFee(r, counts, config),
    minimumAnnualRevenue(r, config),
    digitalChannel(r, counts, config),
    partWays(r, 'part_ways', r.revenue),
  ];
  const recommended = recommendedOption(r.recommendedAction, projections, r.strategicValue);
  const options = projections
    .map((p): WhatIf => ({ ...p, effect: p.netContribution - r.netContribution, recommended: p.option === recommended }))
    .sort((a, b) => b.effect - a.effect || WHAT_IF_OPTIONS.indexOf(a.option) - WHAT_IF_OPTIONS.indexOf(b.option));
  return { netContribution: r.netContribution, options, recommended };
}
