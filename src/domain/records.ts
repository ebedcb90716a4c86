// The normalized CRM model (PRODUCT.md §2): what every connector maps its CRM onto.
// Instants are epoch milliseconds (UTC): cheap to store and compare for millions of rows.

export type Instant = number;

export const SEGMENTS = ['A', 'B', 'C', 'D'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const DEAL_STATUSES = ['won', 'lost', 'open'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export const ACTIVITY_TYPES = ['call', 'meeting', 'visit', 'email', 'note', 'task', 'ticket'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const CONTACT_LAYERS = ['decision', 'management', 'operational'] as const;
export type ContactLayer = (typeof CONTACT_LAYERS)[number];

export const RELATION_KINDS = ['parent', 'referral', 'influence'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

/**
 * Each company's slot (its position in the run's list of companies) by its id: a Map, or
 * the ids a CSV read already keeps (no map of 100,000 ids built again).
 */
export interface SlotIndex {
  get(companyId: string): number | undefined;
}

export interface Company {
  id: string;
  name: string;
  parentId?: string;
  industry?: string;
  employees?: number;
  annualRevenue?: number;
  lifecycleStage?: string;
  ownerId?: string;
  createdAt: Instant;
  isReference?: boolean;
  codevelopment?: boolean;
  /** The company's own estimate of what it spends in our category per year. */
  estimatedWallet?: number;
  /**
   * Satisfaction grade as the customer gave it (seed 003 asks for at least an 8 out of 10): typed
   * in, or the average of the survey responses (NPS 0–10) of the company's contacts in the window.
   */
  satisfaction?: number;
  /** How many survey responses `satisfaction` averages (absent when it was typed in). */
  satisfactionResponses?: number;
}

export interface Deal {
  id: string;
  companyId: string;
  amount: number;
  closeDate: Instant;
  status: DealStatus;
  pipeline?: string;
  /** Cost of goods, when the CRM knows it. */
  cost?: number;
  /** Margin as a fraction of the amount (0.3 = 30%). */
  marginPct?: number;
  discount?: number;
  orderCount?: number;
}

export interface Activity {
  id: string;
  companyId: string;
  type: ActivityType;
  occurredAt: Instant;
  durationMinutes?: number;
  ownerRole?: string;
  contactLayer?: ContactLayer;
}

export interface Relation {
  fromCompanyId: string;
  toCompanyId: string;
  kind: RelationKind;
}

export interface Override {
  companyId: string;
  segment: Segment;
  reason: string;
  by: string;
  at: Instant;
  expiresAt?: Instant;
}

/** Everything the engine needs about one tenant's portfolio. */
export interface Portfolio {
  companies: readonly Company[];
  deals: readonly Deal[];
  activities: readonly Activity[];
  relations: readonly Relation[];
  overrides: readonly Override[];
}
