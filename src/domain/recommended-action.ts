// The recommended action (§3.6): the first rule that fits, with options for loss-making
// customers from seed 004 and parting decently from seed 003.
import type { ValueModelConfig } from './model-config.ts';
import type { Segment } from './records.ts';
import type { ActionCode, CostBreakdown, ServiceFlag } from './results.ts';
import { amount, flat, percent } from './format.ts';

export interface ActionFacts {
  segment: Segment | null;
  revenue: number;
  averageOrderValue: number | null;
  costBreakdown: CostBreakdown;
  costToServe: number;
  serviceFlag: ServiceFlag;
  serviceDetail: string | null;
  shareOfWallet: number | null;
  growthPotential: number;
  growthTopQuartile: boolean;
  /** The customer's satisfaction grade (survey average, 0–10) and how many responses it averages. */
  satisfaction: number | null;
  satisfactionResponses: number | null;
}

export interface RecommendedAction {
  code: ActionCode;
  text: string;
}

export function recommendAction(f: ActionFacts, config: ValueModelConfig): RecommendedAction {
  const { actions } = config;
  const yearly = (f.revenue * 12) / config.window.months;
  if (f.segment === 'D') {
    if (f.averageOrderValue !== null && f.averageOrderValue < actions.minOrderValue) {
      return {
        code: 'minimum_order_size',
        text: flat`Average order of ${amount(f.averageOrderValue)} is below ${amount(actions.minOrderValue)}: accept only orders above a minimum size, or charge an order fee.`,
      };
    }
    if (f.costBreakdown.discounts > actions.maxDiscountShare * f.revenue) {
      return {
        code: 'revise_discount',
        text: flat`Discounts of ${amount(f.costBreakdown.discounts)} exceed ${percent(actions.maxDiscountShare)} of revenue: revise the discount structure to raise the margin.`,
      };
    }
    if (f.costBreakdown.tickets > f.costToServe / 2) {
      return {
        code: 'service_fee_or_self_service',
        text: flat`Tickets take ${amount(f.costBreakdown.tickets)} of ${amount(f.costToServe)} cost-to-serve: charge a service fee or move support to self-service.`,
      };
    }
    if (yearly < actions.minAnnualRevenue) {
      return {
        code: 'minimum_annual_revenue',
        text: flat`Revenue of ${amount(yearly)} a year is below ${amount(actions.minAnnualRevenue)}: agree a minimum annual revenue.`,
      };
    }
    return {
      code: 'move_to_digital_or_part_ways',
      text: 'Costs more than it brings: serve it through digital channels only, or part ways decently.',
    };
  }
  // An unhappy key customer comes before effort and contact rules: management steps in (seed 003
  // asks for a grade of at least 8; reducing effort on a customer about to leave would be wrong).
  if ((f.segment === 'A' || f.segment === 'B') && f.satisfaction !== null && f.satisfaction < actions.lowSatisfaction) {
    const responses = f.satisfactionResponses === null ? '' : ` (${f.satisfactionResponses} ${f.satisfactionResponses === 1 ? 'response' : 'responses'})`;
    return {
      code: 'retain_and_involve_management',
      text: flat`Satisfaction ${grade(f.satisfaction)}${responses} is below ${grade(actions.lowSatisfaction)}: involve management to retain this customer.`,
    };
  }
  if (f.serviceFlag === 'over_served') {
    return { code: 'reduce_effort', text: flat`Over-served (${f.serviceDetail}): fewer visits, more contact by phone and e-mail.` };
  }
  if (f.serviceFlag === 'under_served') {
    return { code: 'restore_contact', text: flat`Under-served (${f.serviceDetail}): restore the contact schedule.` };
  }
  if (f.shareOfWallet !== null && f.shareOfWallet < 0.5 && f.growthTopQuartile) {
    return {
      code: 'develop_cross_sell',
      text: flat`Share of wallet is ${percent(f.shareOfWallet)} with ${amount(f.growthPotential)} margin still to win: develop cross- and up-selling.`,
    };
  }
  if (f.segment === 'A') {
    return { code: 'retain_and_involve_management', text: 'A key customer: retain it, and involve management in the relationship.' };
  }
  return { code: 'maintain', text: 'Keep to the contact schedule.' };
}

/** A grade with one decimal: 8.2. */
function grade(value: number): string {
  return (Math.round(value * 10) / 10).toFixed(1);
}
