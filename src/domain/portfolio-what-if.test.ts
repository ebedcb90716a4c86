import { describe, expect, it } from 'vitest';
import { computePortfolio } from './engine.ts';
import { portfolioReport } from './portfolio-report.ts';
import { AS_OF, activity, company, config, portfolio, won } from './testing/builders.ts';

describe('portfolio what-if', () => {
  // whale: 100,000 at 25%, one order: 24,965. talker: 6,000 in one order, twenty management
  // meetings: −935, digital makes it 1,098.33. tiny: 1,000 in one order and ten visits at the
  // default rate (90 + 45 travel each): −1,135, far below the minimum annual revenue: parts ways.
  const records = portfolio({
    companies: [company('whale'), company('talker'), company('tiny')],
    deals: [won('whale', 100_000), won('talker', 6000), won('tiny', 1000)],
    activities: [
      ...Array.from({ length: 20 }, () => activity('talker', 'meeting', '2026-05-01', { ownerRole: 'management' })),
      ...Array.from({ length: 10 }, () => activity('tiny', 'visit', '2026-05-01')),
    ],
  });
  const { results } = computePortfolio(records, config(), AS_OF);
  const report = portfolioReport(results, config(), null);

  it('applies every D customer\'s recommended option: the total, the effect and who parts ways', () => {
    const w = report.whatIf!;
    expect(w.applied).toMatchObject({ digital_channel: 1, minimum_annual_revenue: 1, part_ways: 0 });
    expect(w.today.toFixed(2)).toBe('22895.00');
    expect(w.totalNetContribution.toFixed(2)).toBe('26063.33');
    expect(w.effect.toFixed(2)).toBe('3168.33');
    expect(w.partingWays).toBe(1);
  });

  it('draws the new whale curve without the customer that parts ways, and finds its peak', () => {
    const w = report.whatIf!;
    expect(w.whaleCurve.map((p) => p.companyId)).toEqual(['whale', 'talker']);
    expect(w.whaleCurve[0]!.contributionShare).toBeCloseTo(24_965 / 26_063.333333, 6);
    expect(w.whalePeak).toEqual({ rank: 2, customerShare: 1, contributionShare: 1 });
    expect(report.whalePeak!.rank).toBe(1);
    expect(report.whalePeak!.contributionShare).toBeCloseTo(24_965 / 22_895, 9);
  });

  it('is unknown while a D customer\'s result lacks the volumes (stored before them)', () => {
    const old = results.map((r) => (r.companyId === 'tiny' ? { ...r, activityCounts: undefined } : r));
    expect(portfolioReport(old, config(), null).whatIf).toBeNull();
  });
});
