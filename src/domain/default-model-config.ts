// The value model's defaults (PRODUCT.md §3). The config file overrides any of them;
// klantwaarde.config.example.yaml documents each one.
import type { ValueModelConfig } from './model-config.ts';

export const DEFAULT_MODEL_CONFIG: ValueModelConfig = {
  window: { months: 12 },
  margin: { defaultPct: 0.25, pipelines: {} },
  retention: { years: 3, max: 0.95, default: 0.5 },
  clv: { discountRate: 0.1 },
  wallet: { perEmployee: { default: 1500 }, preferredSupplierCap: 0.8 },
  strategic: {
    referralShare: 0.25,
    influenceShare: 0.05,
    parentInfluence: false,
    referenceBonus: 5000,
    knowledgeBonus: 5000,
  },
  weights: { potential: 0.5 },
  costs: {
    hourlyRate: {
      default: 60,
      account_manager: 85,
      management: 120,
      inside_sales: 55,
      customer_service: 50,
    },
    defaultMinutes: { call: 15, meeting: 60, visit: 90, email: 5, note: 5, task: 15, ticket: 30 },
    travelCost: 45,
    orderHandling: 35,
    ticketCost: 20,
  },
  segmentation: {
    method: 'pareto',
    pareto: { a: 0.8, b: 0.95 },
    score: {
      elements: [
        { element: 'revenue', weight: 0.3 },
        { element: 'gross_margin', weight: 0.3 },
        { element: 'strategic_value', weight: 0.2 },
        { element: 'growth_potential', weight: 0.1 },
        { element: 'satisfaction', weight: 0.1 },
      ],
      thresholds: { A: 70, B: 40 },
    },
  },
  pyramid: { topShare: 0.01 },
  schedule: { timezone: 'Europe/Amsterdam' },
  contacts: {
    schedule: {
      A: [
        { name: 'account visit', who: 'account_manager', layer: 'operational', channel: 'visit', everyDays: 30 },
        { name: 'management meeting', who: 'management', layer: 'decision', channel: 'meeting', everyDays: 90 },
        { name: 'process review', who: 'customer_service', layer: 'operational', channel: 'meeting', everyDays: 90 },
      ],
      B: [{ name: 'account visit', who: 'account_manager', layer: 'management', channel: 'visit', everyDays: 60 }],
      C: [{ name: 'check-in call', who: 'inside_sales', layer: 'operational', channel: 'call', everyDays: 120 }],
      D: [],
    },
  },
  service: { maxCostRatio: { A: 0.25, B: 0.2, C: 0.15, D: 0.1 } },
  scenarios: {
    minimumOrder: { value: 250 },
    discount: { maxShare: 0.1 },
    serviceFee: { perOrder: 15, perVisit: 45, perTicket: 20 },
    minimumAnnualRevenue: { amount: 5000, liftFrom: 0.5 },
    digital: { role: 'inside_sales', callsPerContact: 1, emailsPerContact: 1 },
  },
  actions: { minOrderValue: 250, maxDiscountShare: 0.1, minAnnualRevenue: 5000, lowSatisfaction: 7 },
  // Seed 004: keep 90% of last year's customers; the other goals are the user's to set.
  goals: { retention: 0.9, developed: [], maxCostRatio: {} },
};
