import { describe, expect, it } from 'vitest';
import { emptyBreakdown } from './cost-to-serve.ts';
import { recommendAction, type ActionFacts } from './recommended-action.ts';
import { config } from './testing/builders.ts';

// Defaults: minOrderValue 250, maxDiscountShare 0.10, minAnnualRevenue 5,000.
const base: ActionFacts = {
  segment: 'D',
  revenue: 20_000,
  averageOrderValue: 1000,
  costBreakdown: { ...emptyBreakdown(), visits: 1000 },
  costToServe: 1000,
  serviceFlag: 'ok',
  serviceDetail: null,
  shareOfWallet: null,
  growthPotential: 0,
  growthTopQuartile: false,
  satisfaction: null,
  satisfactionResponses: null,
};
const code = (f: Partial<ActionFacts>) => recommendAction({ ...base, ...f }, config()).code;

describe('recommended action', () => {
  it('asks a D customer with small orders for a minimum order size', () => {
    expect(code({ averageOrderValue: 120 })).toBe('minimum_order_size');
  });
  it('revises the discount of a D customer whose discounts pass the share', () => {
    expect(code({ costBreakdown: { ...emptyBreakdown(), discounts: 2500 }, costToServe: 2500 })).toBe('revise_discount');
  });
  it('proposes a service fee when tickets are more than half the cost', () => {
    expect(code({ costBreakdown: { ...emptyBreakdown(), tickets: 700, visits: 300 }, costToServe: 1000 })).toBe('service_fee_or_self_service');
  });
  it('asks for a minimum annual revenue from a small D customer', () => {
    expect(code({ revenue: 3000, averageOrderValue: 1000 })).toBe('minimum_annual_revenue');
  });
  it('annualises the revenue of a shorter window before comparing it with the minimum', () => {
    // Six months: 3,000 is 6,000 a year (above 5,000), 2,000 is 4,000 a year (below).
    const halfYear = config({ window: { months: 6 } });
    expect(recommendAction({ ...base, revenue: 3000 }, halfYear).code).toBe('move_to_digital_or_part_ways');
    expect(recommendAction({ ...base, revenue: 2000 }, halfYear)).toEqual({
      code: 'minimum_annual_revenue',
      text: 'Revenue of 4,000 a year is below 5,000: agree a minimum annual revenue.',
    });
  });
  it('moves any other D customer to digital or parts ways', () => {
    expect(code({})).toBe('move_to_digital_or_part_ways');
  });
  it('reduces effort for an over-served customer', () => {
    expect(code({ segment: 'C', serviceFlag: 'over_served', serviceDetail: 'x' })).toBe('reduce_effort');
  });
  it('restores contact for an under-served customer', () => {
    expect(code({ segment: 'A', serviceFlag: 'under_served', serviceDetail: 'x' })).toBe('restore_contact');
  });
  it('develops cross-selling at a low share of wallet with top-quartile potential', () => {
    expect(code({ segment: 'B', shareOfWallet: 0.3, growthPotential: 50_000, growthTopQuartile: true })).toBe('develop_cross_sell');
    expect(code({ segment: 'B', shareOfWallet: 0.6, growthPotential: 50_000, growthTopQuartile: true })).toBe('maintain');
    expect(code({ segment: 'B', shareOfWallet: 0.3, growthPotential: 50_000, growthTopQuartile: false })).toBe('maintain');
  });
  it('involves management for an A or B customer whose survey score is below actions.lowSatisfaction, before effort and contact', () => {
    const low = { satisfaction: 5.4, satisfactionResponses: 5 };
    expect(recommendAction({ ...base, segment: 'B', ...low }, config())).toEqual({
      code: 'retain_and_involve_management',
      text: 'Satisfaction 5.4 (5 responses) is below 7.0: involve management to retain this customer.',
    });
    expect(code({ segment: 'A', serviceFlag: 'over_served', serviceDetail: 'x', ...low })).toBe('retain_and_involve_management');
    expect(code({ segment: 'B', serviceFlag: 'under_served', serviceDetail: 'x', ...low })).toBe('retain_and_involve_management');
    expect(code({ segment: 'B', shareOfWallet: 0.3, growthTopQuartile: true, ...low })).toBe('retain_and_involve_management');
    // At the threshold, for C and D, and without a score, the other rules decide.
    expect(code({ segment: 'B', satisfaction: 7, satisfactionResponses: 3 })).toBe('maintain');
    expect(code({ segment: 'C', ...low })).toBe('maintain');
    expect(code({ segment: 'D', ...low })).toBe('move_to_digital_or_part_ways');
    expect(code({ segment: 'B', satisfaction: 6.5, satisfactionResponses: 2 })).toBe('retain_and_involve_management');
    expect(recommendAction({ ...base, segment: 'B', satisfaction: 6, satisfactionResponses: null }, config({ actions: { lowSatisfaction: 8 } })).text).toBe(
      'Satisfaction 6.0 is below 8.0: involve management to retain this customer.',
    );
  });

  it('retains and involves management for an A customer, and maintains the rest', () => {
    expect(code({ segment: 'A' })).toBe('retain_and_involve_management');
    expect(code({ segment: 'B' })).toBe('maintain');
  });
  it('takes the first rule that fits', () => {
    // Small orders, big discounts and heavy tickets at once: the order-size rule comes first.
    expect(code({ averageOrderValue: 100, costBreakdown: { ...emptyBreakdown(), discounts: 5000, tickets: 9000 }, costToServe: 14_000 })).toBe('minimum_order_size');
    expect(code({ costBreakdown: { ...emptyBreakdown(), discounts: 5000, tickets: 9000 }, costToServe: 14_000 })).toBe('revise_discount');
    // An over-served A customer is told to reduce effort before being told to retain.
    expect(code({ segment: 'A', serviceFlag: 'over_served', serviceDetail: 'x' })).toBe('reduce_effort');
    // Over-served wins over under-served and cross-sell.
    expect(code({ segment: 'B', serviceFlag: 'over_served', serviceDetail: 'x', shareOfWallet: 0.1, growthTopQuartile: true, growthPotential: 9 })).toBe('reduce_effort');
  });
});
