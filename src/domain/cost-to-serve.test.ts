import { describe, expect, it } from 'vitest';
import { computePortfolio } from './engine.ts';
import { AS_OF, activity, company, config, portfolio, won } from './testing/builders.ts';

describe('cost-to-serve', () => {
  // Defaults: rates account_manager 85, inside_sales 55, customer_service 50, default 60 per hour;
  // call 15 min, ticket 30 min by default; travel 45 per visit; 35 per order; 20 per ticket.
  const records = portfolio({
    companies: [company('hand')],
    deals: [won('hand', 10_000, '2026-03-15', { discount: 150 }), won('hand', 4_000, '2026-08-31')],
    activities: [
      activity('hand', 'call', '2026-05-01', { durationMinutes: 20, ownerRole: 'inside_sales' }), // 20 × 55/60 = 18.333…
      activity('hand', 'call', '2026-05-02'), // 15 × 60/60 = 15
      activity('hand', 'visit', '2026-05-03', { durationMinutes: 120, ownerRole: 'account_manager' }), // 170 + 45 travel
      activity('hand', 'ticket', '2026-05-04', { ownerRole: 'customer_service' }), // 30 × 50/60 = 25 + 20
      activity('hand', 'visit', '2025-10-01', { durationMinutes: 600 }), // before the window: not counted
    ],
  });

  it('matches a hand-computed customer to the cent', () => {
    const [r] = computePortfolio(records, config(), AS_OF).results;
    expect(r!.costBreakdown.calls).toBeCloseTo(33.33, 2);
    expect(r!.costBreakdown.visits).toBe(170);
    expect(r!.costBreakdown.travel).toBe(45);
    expect(r!.costBreakdown.tickets).toBe(45);
    expect(r!.costBreakdown.orderHandling).toBe(70);
    expect(r!.costBreakdown.discounts).toBe(150);
    expect(r!.costToServe.toFixed(2)).toBe('513.33');
    // Gross margin at the default 25%: 3,500; net 2,986.67; ratio 0.1467.
    expect(r!.grossMargin).toBe(3500);
    expect(r!.netContribution.toFixed(2)).toBe('2986.67');
    expect(r!.costToServeRatio!.toFixed(4)).toBe('0.1467');
  });

  it('counts order handling per order when a deal says how many orders it was', () => {
    const [r] = computePortfolio(
      portfolio({ companies: [company('c')], deals: [won('c', 1000, '2026-06-01', { orderCount: 12 })] }),
      config(),
      AS_OF,
    ).results;
    expect(r!.costBreakdown.orderHandling).toBe(12 * 35);
    expect(r!.averageOrderValue).toBeCloseTo(1000 / 12, 9);
  });

  it('leaves the cost ratio unknown when the margin is not positive', () => {
    const [r] = computePortfolio(
      portfolio({ companies: [company('c')], deals: [won('c', 1000, '2026-06-01', { cost: 1200 })] }),
      config(),
      AS_OF,
    ).results;
    expect(r!.grossMargin).toBe(-200);
    expect(r!.costToServeRatio).toBeNull();
  });
});
