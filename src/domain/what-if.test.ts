import { describe, expect, it } from 'vitest';
import { computePortfolio } from './engine.ts';
import type { ValueModelConfig } from './model-config.ts';
import type { Portfolio } from './records.ts';
import { companyWhatIf, type CompanyWhatIf, type WhatIfOption } from './what-if.ts';
import { AS_OF, activity, company, config, portfolio, relation, won } from './testing/builders.ts';

// Defaults: account_manager 85, management 120, inside_sales 55, customer_service 50 per hour;
// visit 90 min, meeting 60, call 15, email 5, ticket 30; travel 45 per visit, 35 per order, 20 per
// ticket; margin 25%. Scenarios: minimum order 250, discounts capped at 10% of revenue, fees 15 per
// order, 45 per visit, 20 per ticket, minimum 5,000 a year (lifted from 2,500), digital by
// inside sales with one call (13.75) and one e-mail (4.58⅓) per visit or meeting: 18.33⅓ each.

function whatIfOf(records: Portfolio, id: string, cfg: ValueModelConfig = config()): CompanyWhatIf | null {
  const result = computePortfolio(records, cfg, AS_OF).results.find((r) => r.companyId === id)!;
  return companyWhatIf(result, cfg);
}

const cents = (n: number) => n.toFixed(2);
const option = (w: CompanyWhatIf, o: WhatIfOption) => w.options.find((x) => x.option === o)!;

describe('what-if for a loss-maker', () => {
  // Ten small orders of 120 (discount 30 each), four visits, two management meetings, three tickets.
  // Margin 300; costs: visits 4 × 127.50 = 510, travel 180, meetings 2 × 120 = 240,
  // tickets 3 × (25 + 20) = 135, orders 10 × 35 = 350, discounts 300: 1,715. Net −1,415.
  const small = portfolio({
    companies: [company('small')],
    deals: Array.from({ length: 10 }, (_, i) => won('small', 120, `2026-0${(i % 9) + 1}-10`, { discount: 30 })),
    activities: [
      ...Array.from({ length: 4 }, () => activity('small', 'visit', '2026-05-01', { ownerRole: 'account_manager' })),
      ...Array.from({ length: 2 }, () => activity('small', 'meeting', '2026-06-01', { ownerRole: 'management' })),
      ...Array.from({ length: 3 }, () => activity('small', 'ticket', '2026-07-01', { ownerRole: 'customer_service' })),
    ],
  });
  const w = whatIfOf(small, 'small')!;

  it('starts from the net contribution the engine computed', () => {
    expect(cents(w.netContribution)).toBe('-1415.00');
    expect(w.recommended).toBe('minimum_order_size');
  });

  it('consolidates the orders to the minimum order value: ⌊1,200 / 250⌋ = 4 orders instead of 10', () => {
    const o = option(w, 'minimum_order_size');
    expect([o.before, o.after]).toEqual([10, 4]);
    expect(cents(o.netContribution)).toBe('-1205.00');
    expect(cents(o.effect)).toBe('210.00');
    expect(o.recommended).toBe(true);
  });

  it('caps the discount at 10% of revenue: 300 becomes 120', () => {
    const o = option(w, 'revised_discount');
    expect([o.before, o.after]).toEqual([300, 120]);
    expect(cents(o.netContribution)).toBe('-1235.00');
    expect(cents(o.effect)).toBe('180.00');
  });

  it('adds the service fee: 10 orders × 15 + 4 visits × 45 + 3 tickets × 20 = 390', () => {
    const o = option(w, 'service_fee');
    expect(o.after).toBe(390);
    expect(cents(o.netContribution)).toBe('-1025.00');
  });

  it('parts ways over a minimum annual revenue the customer is far below (1,200 < half of 5,000)', () => {
    const o = option(w, 'minimum_annual_revenue');
    expect(o.partsWays).toBe(true);
    expect([o.before, o.after]).toEqual([1200, 0]);
    expect(cents(o.netContribution)).toBe('0.00');
    expect(cents(o.effect)).toBe('1415.00');
  });

  it('replaces the 6 visits and meetings by 6 calls and 6 e-mails: −930 of visits, travel and meetings, +110', () => {
    const o = option(w, 'digital_channel');
    expect([o.before, o.after]).toEqual([6, 12]);
    expect(cents(o.netContribution)).toBe('-595.00');
    expect(cents(o.effect)).toBe('820.00');
  });

  it('parts ways: the loss is gone, with no strategic value', () => {
    const o = option(w, 'part_ways');
    expect(cents(o.netContribution)).toBe('0.00');
    expect(cents(o.effect)).toBe('1415.00');
    expect(o.strategicValueLost).toBe(0);
  });

  it('ranks the options by effect, ties in the order of the options', () => {
    expect(w.options.map((o) => o.option)).toEqual(['minimum_annual_revenue', 'part_ways', 'digital_channel', 'service_fee', 'minimum_order_size', 'revised_discount']);
    expect(w.options.filter((o) => o.recommended).map((o) => o.option)).toEqual(['minimum_order_size']);
  });

  it('uses the scenario settings', () => {
    const removed = whatIfOf(small, 'small', config({ scenarios: { discount: { maxShare: 0 }, minimumOrder: { value: 600 } } }))!;
    expect(cents(option(removed, 'revised_discount').effect)).toBe('300.00');
    // ⌊1,200 / 600⌋ = 2 orders: 8 fewer × 35.
    expect(cents(option(removed, 'minimum_order_size').effect)).toBe('280.00');
  });
});

describe('what-if for a loss-maker with a network', () => {
  // 'mid' buys 3,000 at 20% (margin 600) in one order, takes ten visits (1,275 + 450 travel) and
  // 35 order handling: net −1,160. It influences 'member' (revenue 10,000: 500 influence value) and
  // was referred by 'scout' (who draws 600 × 25% = 150 from it). −1,160 + 500 < 0: D, and below
  // 5,000 a year: minimum_annual_revenue.
  const records = portfolio({
    companies: [company('mid'), company('member'), company('scout')],
    deals: [won('mid', 3000, '2026-08-01', { marginPct: 0.2 }), won('member', 10_000)],
    activities: Array.from({ length: 10 }, () => activity('mid', 'visit', '2026-05-15', { ownerRole: 'account_manager' })),
    relations: [relation('mid', 'member', 'influence'), relation('scout', 'mid', 'referral')],
  });
  const w = whatIfOf(records, 'mid')!;

  it('lifts a customer buying at least half the minimum to it, at its own margin rate: 2,000 more at 20%', () => {
    expect(cents(w.netContribution)).toBe('-1160.00');
    expect(w.recommended).toBe('minimum_annual_revenue');
    const o = option(w, 'minimum_annual_revenue');
    expect(o.partsWays).toBe(false);
    expect([o.before, o.after]).toEqual([3000, 5000]);
    expect(cents(o.netContribution)).toBe('-760.00');
    expect(cents(o.effect)).toBe('400.00');
  });

  it('counts the strategic value lost when parting: its own 500 and the 150 its referrer drew from it', () => {
    const o = option(w, 'part_ways');
    expect(cents(o.effect)).toBe('1160.00');
    expect(cents(o.strategicValueLost)).toBe('650.00');
  });

  it('lifts over a shorter window to the minimum for that window', () => {
    // Six months: 3,000 is 6,000 a year, above the minimum: nothing changes.
    const halfYear = whatIfOf(records, 'mid', config({ window: { months: 6 } }))!;
    const o = option(halfYear, 'minimum_annual_revenue');
    expect([o.before, o.after]).toEqual([6000, 6000]);
    expect(o.effect).toBe(0);
  });

  it('replaces ten visits by ten calls and ten e-mails: 1,725 less, 183.33 more', () => {
    expect(cents(option(w, 'digital_channel').netContribution)).toBe('381.67');
  });
});

describe('which option the recommended action points at', () => {
  // 6,000 in one order (margin 1,500), twenty management meetings (2,400), one order (35): −935.
  const meetings = portfolio({
    companies: [company('talker')],
    deals: [won('talker', 6000)],
    activities: Array.from({ length: 20 }, () => activity('talker', 'meeting', '2026-05-01', { ownerRole: 'management' })),
  });

  it('moves to digital when that stops the loss', () => {
    const w = whatIfOf(meetings, 'talker')!;
    expect(cents(w.netContribution)).toBe('-935.00');
    // 20 × 18.33⅓ = 366.67 for calls and e-mails instead of 2,400 of meetings.
    expect(cents(option(w, 'digital_channel').netContribution)).toBe('1098.33');
    expect(w.recommended).toBe('digital_channel');
    // 6,000 a year is above the minimum already.
    expect(option(w, 'minimum_annual_revenue').effect).toBe(0);
  });

  it('parts ways when digital service would still lose money', () => {
    // Ten calls (30 each) and ten e-mails (10 each) by management per meeting: 400 × 20 = 8,000.
    const cfg = config({ scenarios: { digital: { role: 'management', callsPerContact: 10, emailsPerContact: 10 } } });
    const w = whatIfOf(meetings, 'talker', cfg)!;
    expect(cents(option(w, 'digital_channel').netContribution)).toBe('-6535.00');
    expect(w.recommended).toBe('part_ways');
  });

  it('points an over-served customer that is not D at the digital channel (reduce effort)', () => {
    // 20,000 at 25% = 5,000 margin; ten visits 1,725 and two orders 70: ratio 36% > A's 25%.
    const records = portfolio({
      companies: [company('pampered')],
      deals: [won('pampered', 10_000), won('pampered', 10_000, '2026-07-01')],
      activities: Array.from({ length: 10 }, () => activity('pampered', 'visit', '2026-05-01', { ownerRole: 'account_manager' })),
    });
    const w = whatIfOf(records, 'pampered')!;
    expect(cents(w.netContribution)).toBe('3205.00');
    expect(w.recommended).toBe('digital_channel');
    expect(cents(option(w, 'digital_channel').netContribution)).toBe('4746.67');
    // Parting with a profitable customer costs its contribution.
    expect(cents(option(w, 'part_ways').effect)).toBe('-3205.00');
    expect(w.options.at(-1)!.option).toBe('part_ways');
  });

  it('has no what-if for a customer that is neither D nor over-served, nor for a result without volumes', () => {
    const records = portfolio({ companies: [company('fine')], deals: [won('fine', 10_000)] });
    expect(whatIfOf(records, 'fine')).toBeNull();
    const result = computePortfolio(meetings, config(), AS_OF).results[0]!;
    expect(companyWhatIf({ ...result, activityCounts: undefined }, config())).toBeNull();
  });
});
