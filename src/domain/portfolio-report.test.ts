import { describe, expect, it } from 'vitest';
import { computePortfolio } from './engine.ts';
import { portfolioReport } from './portfolio-report.ts';
import { AS_OF, activity, company, config, portfolio, won } from './testing/builders.ts';

describe('portfolio report', () => {
  const records = portfolio({
    companies: [company('whale', { ownerId: 'o1' }), company('mid', { ownerId: 'o1' }), company('tail', { ownerId: 'o2' }), company('prospect')],
    deals: [won('whale', 100_000), won('mid', 20_000), won('tail', 500), { ...won('prospect', 1), status: 'open' }],
    activities: Array.from({ length: 6 }, () => activity('tail', 'visit', '2026-10-01', { ownerRole: 'account_manager' })),
  });
  const { results } = computePortfolio(records, config(), AS_OF);
  const report = portfolioReport(results, config(), null);

  it('sums the segments and draws the whale curve above 100% before the tail pulls it down', () => {
    expect(report.customers).toBe(3);
    expect(report.segments.reduce((s, r) => s + r.revenue, 0)).toBe(120_500);
    const tail = results.find((r) => r.companyId === 'tail')!;
    expect(tail.segment).toBe('D');
    const last = report.whaleCurve.at(-1)!;
    expect(last.customerShare).toBe(1);
    expect(last.contributionShare).toBeCloseTo(1, 12);
    expect(report.whalePeak!.rank).toBe(2);
    expect(report.whalePeak!.contributionShare).toBeGreaterThan(1);
  });

  it('counts the pyramid levels', () => {
    const levels = Object.fromEntries(report.pyramid.map((p) => [p.level, p.companies]));
    expect(levels).toMatchObject({ top: 1, prospect: 1, small: 1 });
    expect(report.pyramid.reduce((s, p) => s + p.companies, 0)).toBe(4);
  });

  it('computes the retention of last year\'s customers from the data: who bought in the window a year back and buys now', () => {
    // Window a year back: (2024-11-01, 2025-11-01]. Then a, b and d were customers; a still is, c is new.
    const history = portfolio({
      companies: ['a', 'b', 'c', 'd', 'e'].map((id) => company(id)),
      deals: [
        won('a', 1000, '2025-03-01'),
        won('a', 1000, '2026-03-01'),
        won('b', 1000, '2025-06-01'),
        won('c', 1000, '2026-06-01'),
        won('d', 1000, '2025-10-31'),
        { ...won('d', 1000, '2026-10-01'), status: 'open' as const },
        won('e', 1000, '2024-06-01'),
        won('e', 1000, '2026-11-02'),
      ],
    });
    const rs = computePortfolio(history, config(), AS_OF).results;
    expect(rs.filter((r) => r.customerYearBefore).map((r) => r.companyId)).toEqual(['a', 'b', 'd']);
    expect(portfolioReport(rs, config(), null).retention).toEqual({ customersYearBefore: 3, retained: 1, rate: 1 / 3 });
    expect(portfolioReport([], config(), null).retention).toEqual({ customersYearBefore: 0, retained: 0, rate: null });
  });

  it('reports migration against the previous levels when there are any', () => {
    const withPrevious = portfolioReport(results, config(), new Map([['tail', 'medium']]));
    expect(withPrevious.migration!.moves.find((m) => m.companyId === 'tail')!.direction).toBe('down');
  });

  it('holds the results against the configured goals', () => {
    const goals = config({ goals: { retention: 0.9, developed: [{ from: 'medium', to: 'top', count: 1 }], maxDCustomers: 0, maxCostRatio: { A: 0.5 } } });
    const withGoals = portfolioReport(results, goals, new Map([['whale', 'medium'], ['tail', 'medium']]));
    expect(withGoals.goals.map((g) => [g.key, g.value, g.met])).toEqual([
      ['retention', null, null],
      ['developed:medium:top', 1, true],
      ['max_d_customers', 1, false],
      ['max_cost_ratio:A', withGoals.segments[0]!.costToServeRatio, true],
    ]);
  });
});
