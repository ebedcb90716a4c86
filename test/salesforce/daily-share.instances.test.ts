// Two instances writing back to one Salesforce org stop together at the configured share of its
// daily allowance: Salesforce counts the org's calls itself and tells every answer (Sforce-Limit-
// Info), so each writer sees the other's calls too; past the share they go by at most the calls
// they had in flight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWithToken } from '../../src/adapters/crm/salesforce/client/salesforce.connection.ts';
import { setupSalesforce } from '../../src/adapters/crm/salesforce/setup/salesforce.setup.ts';
import { createSalesforceWriter } from '../../src/adapters/crm/salesforce/write/salesforce.writer.ts';
import { salesforceSourceAgainstSimulator, type SourceAgainstSimulator } from '../support/salesforce-simulator/against-simulator.ts';
import { plainPortfolio } from '../webhooks/hubspot-rig.ts';

const LIMIT = 16;
const SHARE = 0.5;

describe('the Salesforce daily share across instances', () => {
  let rig: SourceAgainstSimulator;
  beforeAll(async () => {
    rig = await salesforceSourceAgainstSimulator(plainPortfolio(2_400));
    await setupSalesforce({ conn: rig.conn });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('stops two writers on one org once together they used the share', async () => {
    const ids = rig.expected.companies.map((c) => c.id);
    const second = await connectWithToken({ accessToken: 'simulated-token', instanceUrl: rig.simulator.url, apiVersion: '62.0', orgId: rig.conn.orgId });
    rig.simulator.allowance.limit = LIMIT;
    rig.simulator.allowance.used = 0;
    // Each has 1,200 accounts to write: 6 collection calls of 200, one at a time.
    const writers = [rig.conn, second].map((conn) => createSalesforceWriter({ conn, dailyApiShare: SHARE, concurrency: 1 }));
    const reports = await Promise.all(
      writers.map((writer, n) => writer.write(ids.slice(n * 1_200, n * 1_200 + 1_200).map((companyId) => ({ companyId, values: { total_value: '1250.50' } })), async () => {})),
    );
    // Both go on while the org is below the share: together they get there (8 calls of the 12 they have).
    expect(reports.map((r) => r.stoppedBy)).toEqual(['crm.daily_limit', 'crm.daily_limit']);
    expect(reports.map((r) => r.failed.length)).toEqual([0, 0]);
    for (const r of reports) expect(r.written.length).toBeGreaterThanOrEqual(200);
    expect(rig.simulator.allowance.used).toBeGreaterThanOrEqual(SHARE * LIMIT);
    // …and past it by no more than the one call each had in flight.
    expect(rig.simulator.allowance.used).toBeLessThanOrEqual(SHARE * LIMIT + 2);
  });
});
