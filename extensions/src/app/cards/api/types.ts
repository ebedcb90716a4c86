// The card API's answer, as the backend sends it (GET/POST/PUT/DELETE /api/companies/:id…).
// A card-side copy: the card is bundled by HubSpot on its own and cannot import the backend's
// src/. Keep it in step with src/app/company-card.ts and src/domain/results.ts.

export type Segment = 'A' | 'B' | 'C' | 'D';
export const SEGMENTS: readonly Segment[] = ['A', 'B', 'C', 'D'];

export type PyramidLevel = 'top' | 'large' | 'medium' | 'small' | 'inactive' | 'prospect' | 'suspect';
export type ServiceFlag = 'ok' | 'over_served' | 'under_served';
export type ActionCode =
  | 'minimum_order_size'
  | 'revise_discount'
  | 'service_fee_or_self_service'
  | 'minimum_annual_revenue'
  | 'move_to_digital_or_part_ways'
  | 'reduce_effort'
  | 'restore_contact'
  | 'develop_cross_sell'
  | 'retain_and_involve_management'
  | 'maintain';

export interface CostBreakdown {
  calls: number;
  meetings: number;
  visits: number;
  emails: number;
  notes: number;
  tasks: number;
  tickets: number;
  travel: number;
  orderHandling: number;
  discounts: number;
}
export type CostLine = keyof CostBreakdown;
export const COST_LINES: readonly CostLine[] = ['calls', 'meetings', 'visits', 'emails', 'notes', 'tasks', 'tickets', 'travel', 'orderHandling', 'discounts'];

export interface Override {
  companyId: string;
  segment: Segment;
  reason: string;
  by: string;
  /** ms since the epoch */
  at: number;
  /** ms since the epoch */
  expiresAt?: number;
}

export interface Touchpoint {
  name: string;
  /** e.g. account_manager */
  who: string;
  /** e.g. management */
  layer: string;
  /** visit | call | meeting | email | … */
  channel: string;
  everyDays: number;
}

export interface ContactStatus {
  touchpoint: Touchpoint;
  lastContact: number | null;
  nextDue: number;
  overdue: boolean;
  daysOverdue: number;
}

export interface Driver {
  /** clv, growth_potential, referral, influence, reference, knowledge, or a cost line */
  element: string;
  kind: 'value' | 'cost';
  amount: number;
  /** 0..1 */
  share: number;
}

export interface CompanyResult {
  companyId: string;
  name: string;
  ownerId: string | null;
  isCustomer: boolean;
  /** A customer in the window ending a year before asOf (the dashboard's retention of last year's customers). */
  customerYearBefore: boolean;
  revenue: number;
  grossMargin: number;
  wonDeals: number;
  orders: number;
  averageOrderValue: number | null;
  retention: number;
  clv: number;
  estimatedWallet: number | null;
  /** 0..1 */
  shareOfWallet: number | null;
  growthPotential: number;
  referralValue: number;
  influenceValue: number;
  referenceValue: number;
  knowledgeValue: number;
  strategicValue: number;
  totalValue: number;
  satisfaction: number | null;
  /** survey responses behind `satisfaction`; null when it was typed in (absent in older answers) */
  satisfactionResponses?: number | null;
  costBreakdown: CostBreakdown;
  costToServe: number;
  netContribution: number;
  costToServeRatio: number | null;
  /** activities per type in the window, and the strategic value others draw from this company (the what-if's inputs) */
  activityCounts?: Record<'call' | 'meeting' | 'visit' | 'email' | 'note' | 'task' | 'ticket', number>;
  valueToOthers?: number;
  /** effective: the override when there is one */
  segment: Segment | null;
  segmentComputed: Segment | null;
  override: Override | null;
  valueScore: number | null;
  valueRank: number | null;
  pyramidLevel: PyramidLevel;
  contacts: ContactStatus[];
  nextContactDate: number | null;
  contactOverdue: boolean;
  contactPlan: string;
  serviceFlag: ServiceFlag;
  /** English */
  serviceDetail: string | null;
  recommendedAction: ActionCode;
  /** English */
  recommendedActionText: string;
  drivers: Driver[];
  /** English */
  explanation: string;
}

export interface HistoryPoint {
  runId: string;
  asOf: number;
  segment: Segment | null;
  segmentComputed: Segment | null;
  pyramidLevel: string;
  totalValue: number;
  netContribution: number;
  revenue: number;
  grossMargin: number;
  costToServe: number;
  clv: number;
  strategicValue: number;
}

export interface ServiceStanding {
  flag: ServiceFlag;
  costToServeRatio: number | null;
  /** the segment's maximum cost-to-serve / gross margin */
  budgetRatio: number | null;
  /** money over budget per year */
  overBudget: number | null;
  late: { name: string; daysOverdue: number; everyDays: number } | null;
}

/** A touchpoint of the contact schedule with its open task in the CRM (tasks.enabled). */
export interface TouchpointTask {
  /** what "Create task now" sends back */
  key: string;
  task: {
    /** the HubSpot task (engagement) id; null while the CRM has not confirmed it */
    crmId: string | null;
    /** YYYY-MM-DD */
    dueDate: string;
    subject: string;
    status: 'open' | 'pending';
    owner: { id: string; name: string | null } | null;
  } | null;
}

export interface CardResponse {
  result: CompanyResult;
  /** the run before the latest; null after the first run */
  previous: HistoryPoint | null;
  /** newest first, up to 24 runs */
  history: HistoryPoint[];
  /** ms since the epoch */
  calculatedAt: number;
  service: ServiceStanding;
  /** the company's owner; name null when the CRM names no one (show the id) */
  owner?: { id: string; name: string | null } | null;
  /** the satisfaction grade and the survey responses it averages (responses null: typed in); null when unknown */
  satisfaction?: { score: number; responses: number | null } | null;
  /** only with tasks on: one entry per touchpoint of result.contacts, in the same order */
  tasks?: TouchpointTask[];
  /** D and over-served customers: what each option for a loss-maker would earn; null for others */
  whatIf?: CompanyWhatIf | null;
}

export type WhatIfOption = 'minimum_order_size' | 'revised_discount' | 'service_fee' | 'minimum_annual_revenue' | 'digital_channel' | 'part_ways';

export interface WhatIf {
  option: WhatIfOption;
  /** projected net contribution over the window (0 when the customer parts ways) */
  netContribution: number;
  /** projected minus today's net contribution */
  effect: number;
  /** the option the recommended action points at */
  recommended: boolean;
  partsWays: boolean;
  /** strategic value lost when the customer parts ways (its own and what others drew from it) */
  strategicValueLost: number;
  /** the figure the option changes, before and after */
  before: number;
  after: number;
}

export interface CompanyWhatIf {
  netContribution: number;
  /** best effect first */
  options: WhatIf[];
  recommended: WhatIfOption | null;
}

/** POST /api/companies/:id/tasks: "Create task now" for one touchpoint. */
export interface CreateTaskRequest {
  touchpoint: string;
}

/** One selected company's answer to POST /api/companies/recalculate (the bulk action). */
export type BulkOutcome =
  | { companyId: string; status: 'recalculated'; name: string; segment: Segment | null; serviceFlag: ServiceFlag; totalValue: number; written: boolean }
  | { companyId: string; status: 'not_found' | 'refused' | 'postponed'; message: string };

/** POST /api/companies/recalculate with `{ ids }` (at most 100). */
export interface BulkRecalculateResponse {
  results: BulkOutcome[];
}

/** PUT /api/companies/:id/override */
export interface OverrideRequest {
  segment: Segment;
  /** required, 1..1000 characters */
  reason: string;
  /** YYYY-MM-DD */
  expiresAt?: string;
}

/** Every error answer: `{ error: { code, message } }` with a 4xx/5xx status. */
export interface ErrorBody {
  error: { code: string; message: string };
}
