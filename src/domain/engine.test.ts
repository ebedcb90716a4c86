import { describe, expect, it } from 'vitest';
import { computePortfolio } from './engine.ts';
import { amount } from './format.ts';
import { AS_OF, activity, company, config, costFreeConfig, day, override, portfolio, relation, won } from './testing/builders.ts';

const bySegment = (r: { results: { companyId: string; segment: string | null }[] }) =>
  Object.fromEntries(r.results.map((x) => [x.companyId, x.segment]));

/** Total value equals revenue: margin 100%, no costs, CLV multiple 1 (r = 0.5, d = 0). */
const plainValue = costFreeConfig({ margin: { defaultPct: 1 }, retention: { max: 0.5 }, clv: { discountRate: 0 } });

describe('the seed chairman (seed 000)', () => {
  // Own spend 1,000; five members spend 500,000 together; thirty small customers.
  const members = Array.from({ length: 5 }, (_, i) => company(`member-${i}`));
  const small = Array.from({ length: 30 }, (_, i) => company(`small-${i}`));
  const chairman = company('chairman');
  const records = {
    companies: [chairman, ...members, ...small],
    deals: [won('chairman', 1000), ...members.map((m) => won(m.id, 100_000)), ...small.map((s) => won(s.id, 2000))],
    activities: [1, 2, 3].map(() => activity('chairman', 'visit', '2026-09-01', { durationMinutes: 90, ownerRole: 'account_manager' })),
  };

  it('values his influence on the members at 5% of their spend: 25,000', () => {
    const { results } = computePortfolio(
      portfolio({ ...records, relations: members.map((m) => relation('chairman', m.id, 'influence')) }),
      config(),
      AS_OF,
    );
    const result = results.find((r) => r.companyId === 'chairman')!;
    expect(result.revenue).toBe(1000);
    expect(result.influenceValue).toBeCloseTo(25_000, 6);
    expect(result.netContribution).toBeLessThan(0);
  });

  it('lifts him from D to B: his network value covers his loss', () => {
    const without = computePortfolio(portfolio(records), config(), AS_OF);
    const withNetwork = computePortfolio(
      portfolio({ ...records, relations: members.map((m) => relation('chairman', m.id, 'influence')) }),
      config(),
      AS_OF,
    );
    expect(bySegment(without).chairman).toBe('D');
    expect(bySegment(withNetwork).chairman).toBe('B');
  });
});

describe('Pareto segmentation', () => {
  it('keeps ties at a boundary together, whatever the input order', () => {
    // Totals 50, 20, 20, 10: the two 20s straddle 80% of 100 and both stay A.
    const companies = ['x', 'y', 'z', 'w'].map((id) => company(id));
    const deals = [won('x', 50), won('y', 20), won('z', 20), won('w', 10)];
    const forward = bySegment(computePortfolio(portfolio({ companies, deals }), plainValue, AS_OF));
    const backward = bySegment(computePortfolio(portfolio({ companies: [...companies].reverse(), deals: [...deals].reverse() }), plainValue, AS_OF));
    expect(forward).toEqual({ x: 'A', y: 'A', z: 'A', w: 'B' });
    expect(backward).toEqual(forward);
  });

  it('puts a tie that starts exactly at 80% of the value in B together', () => {
    const companies = ['x', 'y', 'z', 'u'].map((id) => company(id));
    const deals = [won('x', 80), won('y', 9), won('z', 9), won('u', 2)];
    expect(bySegment(computePortfolio(portfolio({ companies, deals }), plainValue, AS_OF))).toEqual({ x: 'A', y: 'B', z: 'B', u: 'C' });
  });

  it('makes a single customer A', () => {
    const { results } = computePortfolio(portfolio({ companies: [company('only')], deals: [won('only', 5000)] }), config(), AS_OF);
    expect(results[0]!.segment).toBe('A');
    expect(results[0]!.valueRank).toBe(1);
    expect(results[0]!.pyramidLevel).toBe('top');
  });

  it('puts every customer in D when all are loss-making, and none in A', () => {
    const companies = ['p', 'q'].map((id) => company(id));
    const deals = [won('p', 100), won('q', 200)];
    const activities = ['p', 'q'].flatMap((id) => [1, 2, 3, 4].map(() => activity(id, 'visit')));
    expect(bySegment(computePortfolio(portfolio({ companies, deals, activities }), config(), AS_OF))).toEqual({ p: 'D', q: 'D' });
  });

  it('gives companies without revenue no segment but a pyramid level', () => {
    const companies = ['zero', 'prospect', 'suspect', 'former', 'lost', 'customer'].map((id) => company(id));
    const deals = [
      won('zero', 0),
      { ...won('prospect', 10_000), status: 'open' as const },
      won('former', 8000, '2024-03-01'),
      { ...won('lost', 4000), status: 'lost' as const },
      won('customer', 3000),
    ];
    const { results } = computePortfolio(portfolio({ companies, deals }), config(), AS_OF);
    const get = (id: string) => results.find((r) => r.companyId === id)!;
    for (const id of ['zero', 'prospect', 'suspect', 'former', 'lost']) {
      expect(get(id).segment).toBeNull();
      expect(get(id).isCustomer).toBe(false);
      expect(get(id).valueRank).toBeNull();
    }
    expect(get('prospect').pyramidLevel).toBe('prospect');
    expect(get('suspect').pyramidLevel).toBe('suspect');
    expect(get('lost').pyramidLevel).toBe('suspect');
    expect(get('former').pyramidLevel).toBe('inactive');
    expect(get('customer').segment).toBe('A');
  });

  it('counts a deal closed exactly at the window start out and one at asOf in', () => {
    const deals = [won('c', 100, '2025-11-01'), won('c', 7, '2026-11-01')];
    const { results } = computePortfolio(portfolio({ companies: [company('c')], deals }), config(), AS_OF);
    expect(results[0]!.revenue).toBe(7);
  });
});

describe('D and overrides', () => {
  const companies = ['big', 'mid', 'small'].map((id) => company(id));
  const deals = [won('big', 900_000), won('mid', 50_000), won('small', 20_000)];

  it('puts a loss-making customer in D whatever its revenue', () => {
    // The biggest customer gets discounts larger than its margin.
    const lossy = [won('big', 900_000, '2026-06-01', { discount: 300_000 }), won('mid', 50_000), won('small', 20_000)];
    const result = computePortfolio(portfolio({ companies, deals: lossy }), config(), AS_OF);
    expect(bySegment(result).big).toBe('D');
    expect(result.results.find((r) => r.companyId === 'big')!.revenue).toBe(900_000);
  });

  it('lets an override win while segment_computed keeps the model answer, and reports agreement', () => {
    const overrides = [override('small', 'A', { reason: 'strategic account' }), override('big', 'A')];
    const { results, agreement } = computePortfolio(portfolio({ companies, deals, overrides }), config(), AS_OF);
    const small = results.find((r) => r.companyId === 'small')!;
    expect(small.segment).toBe('A');
    expect(small.segmentComputed).not.toBe('A');
    expect(small.override?.reason).toBe('strategic account');
    expect(small.pyramidLevel).toBe('small');
    expect(agreement).toEqual({ overrides: 2, agreeing: 1, rate: 0.5 });
  });

  it('ignores an expired override and one that starts after asOf', () => {
    const overrides = [
      override('small', 'A', { expiresAt: Date.parse('2026-10-15T00:00:00Z') }),
      override('mid', 'D', { at: Date.parse('2026-12-01T00:00:00Z') }),
    ];
    const { results } = computePortfolio(portfolio({ companies, deals, overrides }), config(), AS_OF);
    expect(results.every((r) => r.override === null && r.segment === r.segmentComputed)).toBe(true);
  });
});

describe('override expiry (it stops counting after its date, in schedule.timezone)', () => {
  const companies = ['big', 'small'].map((id) => company(id));
  const deals = [won('big', 900_000), won('small', 20_000)];
  const segmentOfSmall = (expiresAt: number, asOf: number, timezone = 'Europe/Amsterdam') =>
    computePortfolio(portfolio({ companies, deals, overrides: [override('small', 'A', { expiresAt })] }), config({ schedule: { timezone } }), asOf).results.find((r) => r.companyId === 'small')!.segment;

  it('counts on its own date until the end of that day, and not the day after', () => {
    const expiresOn = day('2026-11-01');
    expect(segmentOfSmall(expiresOn, day('2026-11-01'))).toBe('A');
    expect(segmentOfSmall(expiresOn, Date.parse('2026-11-01T22:59:59.999Z'))).toBe('A'); // 23:59:59.999 in Amsterdam
    expect(segmentOfSmall(expiresOn, Date.parse('2026-11-01T23:00:00Z'))).not.toBe('A'); // midnight in Amsterdam
    expect(segmentOfSmall(expiresOn, day('2026-11-02'))).not.toBe('A');
  });

  it('ends the day in the configured zone, across a change of summer time', () => {
    // New York leaves summer time on 1 November 2026: that day ends at 05:00 UTC.
    expect(segmentOfSmall(day('2026-11-01'), Date.parse('2026-11-02T04:59:59Z'), 'America/New_York')).toBe('A');
    expect(segmentOfSmall(day('2026-11-01'), Date.parse('2026-11-02T05:00:00Z'), 'America/New_York')).not.toBe('A');
  });

  it('takes an expiry with a time as the date it falls on in the zone', () => {
    // 23:30 UTC on 1 November is half past midnight on 2 November in Amsterdam.
    const expiresAt = Date.parse('2026-11-01T23:30:00Z');
    expect(segmentOfSmall(expiresAt, Date.parse('2026-11-02T22:59:00Z'))).toBe('A');
    expect(segmentOfSmall(expiresAt, Date.parse('2026-11-02T23:00:00Z'))).not.toBe('A');
  });
});

describe('an override on a company that is not a customer (§3.3)', () => {
  const records = portfolio({
    companies: [company('prospect', { employees: 50 }), company('customer')],
    deals: [{ ...won('prospect', 40_000), status: 'open' as const }, won('customer', 10_000)],
    activities: [activity('prospect', 'visit', '2026-08-01', { ownerRole: 'account_manager', contactLayer: 'operational' })],
    overrides: [override('prospect', 'A', { reason: 'strategic prospect', by: 'rep@example.com' })],
  });
  const result = computePortfolio(records, config(), AS_OF).results.find((r) => r.companyId === 'prospect')!;

  it('takes the override as its segment and leaves the computed one empty; the pyramid still says prospect', () => {
    expect([result.segment, result.segmentComputed, result.pyramidLevel, result.isCustomer]).toEqual(['A', null, 'prospect', false]);
  });

  it('gives it the schedule, the service flag and the action of that segment', () => {
    expect(result.contacts.map((c) => c.touchpoint.name)).toEqual(config().contacts.schedule.A.map((t) => t.name));
    expect(result.contactPlan).toMatch(/^A: account visit: .* \(overdue since 2026-08-31\)/);
    expect(result.contactOverdue).toBe(true);
    // The visit is 62 days late on a 30-day interval.
    expect(result.serviceFlag).toBe('under_served');
    expect(result.recommendedAction).toBe('restore_contact');
  });

  it('explains that the segment is a rep\'s choice, and why', () => {
    expect(result.explanation).toBe(
      "Override to A by rep@example.com (strategic prospect): a rep's choice; the model gives a company without revenue in the window no segment — Prospect: open deals, nothing bought yet.",
    );
  });
});

describe('the explanation', () => {
  const records = portfolio({
    companies: [company('c', { employees: 100 }), company('referred'), company('other', { employees: 10 })],
    deals: [won('c', 56_000), won('referred', 30_000), won('other', 900_000)],
    activities: [activity('c', 'visit', '2026-10-01', { ownerRole: 'account_manager' })],
    relations: [relation('c', 'referred', 'referral')],
  });
  const results = computePortfolio(records, config(), AS_OF).results;
  const c = results.find((r) => r.companyId === 'c')!;

  it('names what it shows, so each amount equals the figure it names', () => {
    expect(c.growthPotential).toBeGreaterThan(0);
    expect(c.explanation).toContain(`CLV ${amount(c.clv)} (`);
    expect(c.explanation).toContain(`referrals ${amount(c.referralValue)} (`);
    expect(c.explanation).toContain(`half the growth potential ${amount(c.growthPotential)} (`);
    expect(c.explanation).toContain(`total value ${amount(c.totalValue)} from`);
    expect(c.explanation).not.toContain(`growth potential ${amount(c.growthPotential / 2)}`);
  });

  it('says which share of the growth potential counts when the weight is not a half', () => {
    const full = computePortfolio(records, config({ weights: { potential: 1 } }), AS_OF).results.find((r) => r.companyId === 'c')!;
    const quarter = computePortfolio(records, config({ weights: { potential: 0.25 } }), AS_OF).results.find((r) => r.companyId === 'c')!;
    expect(full.explanation).toContain(`, growth potential ${amount(full.growthPotential)} (`);
    expect(quarter.explanation).toContain(`25% of the growth potential ${amount(quarter.growthPotential)} (`);
  });
});

describe('score segmentation', () => {
  it('scores by quintile and maps value_score to A/B/C by the thresholds', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `s${i}`);
    const companies = ids.map((id) => company(id));
    const deals = ids.map((id, i) => won(id, 1000 * (i + 1)));
    const cfg = config({ segmentation: { method: 'score', score: { elements: [{ element: 'revenue', weight: 1 }] } } });
    const { results } = computePortfolio(portfolio({ companies, deals }), cfg, AS_OF);
    const score = (id: string) => results.find((r) => r.companyId === id)!;
    // Mid-rank percentiles 0.05 … 0.95 → quintile scores 1,1,2,2,3,3,4,4,5,5 → 0,0,25,25,50,50,75,75,100,100.
    expect(ids.map((id) => score(id).valueScore)).toEqual([0, 0, 25, 25, 50, 50, 75, 75, 100, 100]);
    expect(ids.map((id) => score(id).segment)).toEqual(['C', 'C', 'C', 'C', 'B', 'B', 'A', 'A', 'A', 'A']);
  });
});

describe('incremental runs', () => {
  it('gives the same results for dirty companies as a full run, measured against the stored population', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const companies = ids.map((id) => company(id, { employees: 10 + (id.length % 3) * 20 }));
    const deals = ids.map((id, i) => won(id, 1000 * (i % 13) + 500 * i));
    const activities = ids.flatMap((id, i) => (i % 4 === 0 ? [activity(id, 'visit'), activity(id, 'ticket')] : []));
    const relations = [relation('c3', 'c20', 'referral'), relation('c5', 'c30', 'influence')];
    const all = portfolio({ companies, deals, activities, relations });
    const full = computePortfolio(all, config(), AS_OF);

    const dirty = new Set(['c3', 'c17', 'c39']);
    const incremental = computePortfolio(all, config(), AS_OF, {
      only: dirty,
      population: full.results.filter((r) => !dirty.has(r.companyId)),
    });
    expect(incremental.results.map((r) => r.companyId).sort()).toEqual([...dirty].sort());
    for (const r of incremental.results) expect(r).toEqual(full.results.find((f) => f.companyId === r.companyId));
  });
});
