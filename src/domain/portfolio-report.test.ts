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

  it('reports migration against the previous levels when there are any', () => {
    const withPrevious = portfolioReport(results, config(), new Map([['tail', 'medium']]));
    expect(withPrevious.migration!.moves.find((m) => m.companyId === 'tail')!.direction).toBe('down');
  });
});
