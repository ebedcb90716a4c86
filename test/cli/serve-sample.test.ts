// `npm start` in local mode shows the sample portal the same way a year later (issue 19 item
// 9): the same store, started again on a day a year on, moves the sample on to that day
// before it computes, so the dashboard's segments, whale curve and company figures stay.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import type { PortfolioOverview } from '../../src/app/portfolio-overview.ts';
import type { CompanyCard } from '../../src/app/company-card.ts';
import { startServer } from '../../src/main.ts';

const SILENT = { LOG_LEVEL: 'silent', DATABASE_URL: '', HOST: '', HUBSPOT_ACCESS_TOKEN: '', SALESFORCE_ACCESS_TOKEN: '' };
const dir = mkdtempSync(join(tmpdir(), 'kw-serve-sample-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the server on `now`, reads the overview and one company, and stops it. */
async function lookOn(now: number) {
  const server = await startServer({ io: { env: { ...SILENT, KLANTWAARDE_DATA_DIR: join(dir, 'data') }, cwd: dir, now: () => now }, port: 0 });
  try {
    const overview = (await request(server.url).get('/dashboard/api/overview')).body as PortfolioOverview;
    const card = (await request(server.url).get('/dashboard/api/companies/c-000001')).body as CompanyCard;
    const { segments, whalePeak, retention, pyramid, customers } = overview.report;
    const r = card.result;
    return {
      asOf: overview.lastFullRun!.asOf,
      report: { segments, whalePeak, retention, pyramid, customers },
      company: { segment: r.segment, totalValue: r.totalValue, netContribution: r.netContribution, serviceFlag: r.serviceFlag, serviceDetail: r.serviceDetail, recommendedAction: r.recommendedAction, nextContactIn: r.nextContactDate === null ? null : r.nextContactDate - now },
    };
  } finally {
    await server.stop();
  }
}

describe('npm start on the sample portal', () => {
  it('shows the same segments and figures when started again a year later', async () => {
    const first = await lookOn(Date.parse('2027-01-15T08:00:00Z'));
    const aYearLater = await lookOn(Date.parse('2028-01-15T08:00:00Z'));
    expect(first.asOf).toBe(Date.parse('2027-01-15T08:00:00Z'));
    expect(aYearLater.asOf).toBe(Date.parse('2028-01-15T08:00:00Z'));
    expect(aYearLater.report).toEqual(first.report);
    expect(aYearLater.company).toEqual(first.company);
    expect(first.report.whalePeak!.contributionShare).toBeGreaterThan(1.1);
  }, 60_000);
});
