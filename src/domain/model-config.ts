// The settings the value model reads. The config file (src/config) validates and fills
// them; the engine trusts them. Defaults live in default-model-config.ts.
import type { GoalsConfig } from './goals.ts';
import type { ActivityType, ContactLayer, Segment } from './records.ts';

export const SCORE_ELEMENTS = [
  'revenue',
  'gross_margin',
  'net_contribution',
  'clv',
  'strategic_value',
  'growth_potential',
  'share_of_wallet',
  'retention',
  'satisfaction',
] as const;
export type ScoreElement = (typeof SCORE_ELEMENTS)[number];

export const CHANNELS = ['visit', 'meeting', 'call', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Touchpoint {
  /** Readable name for the plan, e.g. "process review". */
  name: string;
  /** The role on our side that makes the contact (matches Activity.ownerRole). */
  who: string;
  layer: ContactLayer;
  channel: Channel;
  everyDays: number;
}

export interface ValueModelConfig {
  window: { months: number };
  margin: { defaultPct: number; pipelines: Record<string, number> };
  retention: { years: number; max: number; default: number };
  clv: { discountRate: number };
  wallet: { perEmployee: Record<string, number> & { default: number }; preferredSupplierCap: number };
  strategic: {
    referralShare: number;
    influenceShare: number;
    parentInfluence: boolean;
    referenceBonus: number;
    knowledgeBonus: number;
  };
  weights: { potential: number };
  costs: {
    hourlyRate: Record<string, number> & { default: number };
    defaultMinutes: Record<ActivityType, number>;
    travelCost: number;
    orderHandling: number;
    ticketCost: number;
  };
  segmentation: {
    method: 'pareto' | 'score';
    pareto: { a: number; b: number };
    score: {
      elements: { element: ScoreElement; weight: number }[];
      /** value_score at or above `A` is A, at or above `B` is B, else C. */
      thresholds: { A: number; B: number };
    };
  };
  pyramid: { topShare: number };
  /** The zone whose calendar days count (an override's expiry date); the scheduler's zone too. */
  schedule: { timezone: string };
  contacts: { schedule: Record<Segment, Touchpoint[]> };
  service: { maxCostRatio: Record<Segment, number> };
  actions: {
    minOrderValue: number;
    maxDiscountShare: number;
    minAnnualRevenue: number;
    /** An A or B customer whose satisfaction (survey average) is below this gets management involved. */
    lowSatisfaction: number;
  };
  goals: GoalsConfig;
  /** The what-if options for loss-making and over-served customers (what-if.ts). */
  scenarios: ScenarioConfig;
}

export interface ScenarioConfig {
  /** Orders consolidated so that each is at least `value`: fewer orders to handle. */
  minimumOrder: { value: number };
  /** Discounts capped at this share of revenue (0 takes them away). */
  discount: { maxShare: number };
  /** A fee charged per order, per visit and per ticket: income without cost of goods. */
  serviceFee: { perOrder: number; perVisit: number; perTicket: number };
  /**
   * A minimum revenue per year: a customer already buying at least `liftFrom` × `amount` a
   * year lifts its revenue to it (at its own margin rate); one buying less parts ways.
   */
  minimumAnnualRevenue: { amount: number; liftFrom: number };
  /** Every visit and meeting replaced by this many calls and e-mails, made by `role`. */
  digital: { role: string; callsPerContact: number; emailsPerContact: number };
}
