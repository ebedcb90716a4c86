// What the value model says about each company (PRODUCT.md §3), before it is formatted
// as CRM properties (see crm-properties.ts).
import type { Touchpoint } from './model-config.ts';
import type { ActivityType, Instant, Override, Segment } from './records.ts';

export const PYRAMID_LEVELS = ['top', 'large', 'medium', 'small', 'inactive', 'prospect', 'suspect'] as const;
export type PyramidLevel = (typeof PYRAMID_LEVELS)[number];

export const SERVICE_FLAGS = ['ok', 'over_served', 'under_served'] as const;
export type ServiceFlag = (typeof SERVICE_FLAGS)[number];

export const ACTION_CODES = [
  'minimum_order_size',
  'revise_discount',
  'service_fee_or_self_service',
  'minimum_annual_revenue',
  'move_to_digital_or_part_ways',
  'reduce_effort',
  'restore_contact',
  'develop_cross_sell',
  'retain_and_involve_management',
  'maintain',
] as const;
export type ActionCode = (typeof ACTION_CODES)[number];

/** Cost-to-serve per line (§3.2); the lines add up to costToServe. */
export interface CostBreakdown {
  calls: number;
  meetings: number;
  visits: number;
  emails: number;
  notes: number;
  tasks: number;
  /** Ticket time plus the per-ticket handling cost. */
  tickets: number;
  travel: number;
  orderHandling: number;
  discounts: number;
}
export type CostLine = keyof CostBreakdown;

/** How many activities of each type a company had in the window. */
export type ActivityCounts = Record<ActivityType, number>;

export interface TouchpointStatus {
  touchpoint: Touchpoint;
  lastContact: Instant | null;
  nextDue: Instant;
  overdue: boolean;
  /** Whole days past nextDue (0 when not overdue). */
  daysOverdue: number;
}

export interface Driver {
  element: string;
  kind: 'value' | 'cost';
  amount: number;
  /** Share of total value (value drivers) or of cost-to-serve (cost drivers), 0..1. */
  share: number;
}

export interface CompanyResult {
  companyId: string;
  name: string;
  ownerId: string | null;
  isCustomer: boolean;
  /** A customer in the window ending one year before asOf (revenue > 0 then): the base of §3.4's retention. */
  customerYearBefore: boolean;

  revenue: number;
  grossMargin: number;
  wonDeals: number;
  orders: number;
  averageOrderValue: number | null;
  retention: number;
  clv: number;
  estimatedWallet: number | null;
  shareOfWallet: number | null;
  growthPotential: number;

  referralValue: number;
  influenceValue: number;
  referenceValue: number;
  knowledgeValue: number;
  strategicValue: number;
  totalValue: number;
  satisfaction: number | null;
  /** Survey responses behind `satisfaction`; null when it was typed in or is unknown. */
  satisfactionResponses: number | null;

  costBreakdown: CostBreakdown;
  costToServe: number;
  netContribution: number;
  costToServeRatio: number | null;
  /**
   * The volumes behind the cost lines, and the strategic value other companies draw from this
   * one (referral and influence): what the what-ifs read (what-if.ts). Absent from results
   * stored before they were kept, until the company is computed again.
   */
  activityCounts?: ActivityCounts;
  valueToOthers?: number;

  segment: Segment | null;
  segmentComputed: Segment | null;
  override: Override | null;
  valueScore: number | null;
  valueRank: number | null;
  pyramidLevel: PyramidLevel;

  contacts: TouchpointStatus[];
  nextContactDate: Instant | null;
  contactOverdue: boolean;
  contactPlan: string;

  serviceFlag: ServiceFlag;
  /** Human detail behind the flag: the budget exceeded, or the late touchpoint. */
  serviceDetail: string | null;
  recommendedAction: ActionCode;
  recommendedActionText: string;
  drivers: Driver[];
  explanation: string;
}

export interface OverrideAgreement {
  /** Active overrides on companies that have a computed segment. */
  overrides: number;
  agreeing: number;
  /** agreeing / overrides, null when there are none. */
  rate: number | null;
}
