// The sample tells the seeds' stories with the default model: a loss-making tail the whale
// curve shows (seed 004), overrides that disagree with the model (seed 003), a chairman worth
// his visits whose advice fits his schedule (seed 000), and A customers whose contact
// schedule is kept — not nearly all of them under-served.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_CONFIG } from '../../domain/default-model-config.ts';
import { computePortfolio } from '../../domain/engine.ts';
import { portfolioReport } from '../../domain/portfolio-report.ts';
import type { ActionCode } from '../../domain/results.ts';
import { generatePortfolio } from './generate-portfolio.ts';

const AS_OF = Date.parse('2026-11-01T00:00:00Z');
/** What advice can say without contradicting a schedule of visits and meetings. */
const FITS_A_SCHEDULE: readonly ActionCode[] = ['retain_and_involve_management', 'restore_contact', 'maintain', 'develop_cross_sell'];

// The committed sample (examples/sample-portal, test/file-connector.test.ts keeps them equal), and a bigger one.
const portals = [
  { name: 'the committed sample (300 companies, seed 42)', companies: 300, seed: 42 },
  { name: 'a portal of 2,000 companies (seed 7)', companies: 2000, seed: 7 },
];

describe.each(portals)('$name', ({ companies, seed }) => {
  const portfolio = generatePortfolio({ companies, seed, asOf: AS_OF });
  const { results, agreement } = computePortfolio(portfolio, DEFAULT_MODEL_CONFIG, AS_OF);
  const report = portfolioReport(results, DEFAULT_MODEL_CONFIG, null);

  it('has a loss-making tail: the whale curve peaks well above 110%', () => {
    expect(report.whalePeak!.contributionShare).toBeGreaterThan(1.1);
    const d = report.segments.find((s) => s.segment === 'D')!;
    expect(d.netContribution).toBeLessThan(0);
  });

  it('has overrides that disagree with the model, each with its reason', () => {
    const disagreeing = results.filter((r) => r.override && r.segmentComputed !== null && r.override.segment !== r.segmentComputed);
    expect(disagreeing.length).toBeGreaterThanOrEqual(1);
    for (const r of disagreeing) expect(r.override!.reason.length).toBeGreaterThan(0);
    expect(agreement.rate).toBeLessThan(1);
  });

  it('has a chairman whose network carries his loss and whose advice fits his schedule', () => {
    const chairmen = new Set(portfolio.relations.filter((r) => r.kind === 'influence').map((r) => r.fromCompanyId));
    expect(chairmen.size).toBeGreaterThanOrEqual(1);
    for (const id of chairmen) {
      const r = results.find((x) => x.companyId === id)!;
      expect(r.revenue).toBe(1000);
      expect(r.netContribution).toBeLessThan(0);
      expect(r.segment).not.toBe('D');
      expect(r.netContribution + r.strategicValue).toBeGreaterThan(0);
      // Visits and management meetings on his schedule, kept; and advice that does not say "visit less".
      expect(r.contacts.map((c) => c.touchpoint.channel)).toEqual(expect.arrayContaining(['visit', 'meeting']));
      expect(r.contacts.every((c) => c.lastContact !== null)).toBe(true);
      expect(r.serviceFlag).not.toBe('over_served');
      expect(FITS_A_SCHEDULE).toContain(r.recommendedAction);
    }
  });

  it('keeps the contact schedule of most A customers: under a fifth under-served', () => {
    const a = results.filter((r) => r.segment === 'A');
    const under = a.filter((r) => r.serviceFlag === 'under_served');
    expect(under.length / a.length).toBeLessThan(0.2);
    // The process reviews (seed 003) are logged, and kept for most.
    const reviewed = a.filter((r) => r.contacts.some((c) => c.touchpoint.name === 'process review' && c.lastContact !== null));
    expect(reviewed.length / a.length).toBeGreaterThan(0.8);
  });
});
