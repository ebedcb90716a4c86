// The commands a user runs against a connected CRM, end to end through the real adapters
// and the local simulators: setup, sync, recalc → the properties are on every company.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePortfolio } from '../../src/app/sample/generate-portfolio.ts';
import { FAST_LIMITS, seedPortfolio as seedHubSpot, startHubSpotSimulator, type HubSpotSimulator } from '../support/hubspot-simulator/index.ts';
import { seedPortfolio as seedSalesforce, startSalesforceSimulator, type SalesforceSimulator } from '../support/salesforce-simulator/index.ts';
import { cli } from './cli-support.ts';

const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const portfolio = generatePortfolio({ companies: 40, seed: 3, asOf: AS_OF, dealsPerCompany: 4, activitiesPerCompany: 6 });
const dataDir = mkdtempSync(join(tmpdir(), 'kw-e2e-'));
const cwd = process.cwd();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Steps of one story on one portal, in this order (kept so under --sequence.shuffle).
describe('HubSpot: setup, sync, recalc', { shuffle: false }, () => {
  let sim: HubSpotSimulator;
  let env: Record<string, string>;
  beforeAll(async () => {
    sim = await startHubSpotSimulator({ limits: FAST_LIMITS });
    seedHubSpot(sim.portal, portfolio);
    env = { HUBSPOT_ACCESS_TOKEN: 'simulated-token', HUBSPOT_BASE_URL: sim.url, KLANTWAARDE_DATA_DIR: join(dataDir, 'hubspot') };
  });
  afterAll(() => sim.close());

  it('writes the kw_ properties on every company', async () => {
    const setup = await cli(['setup', 'hubspot'], env);
    expect(setup.stderr).toBe('');
    expect(setup.stdout).toContain('property group created');
    // As on a terminal: the records stored and the companies written show as they go.
    const sync = await cli(['sync'], env, undefined, { terminal: true });
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/full sync stored \d+ records/);
    expect(sync.stderr).toMatch(/stored [\d,]+ records \| [\d,]+ records\/s/);
    const recalc = await cli(['recalc', '--format', 'json'], env, cwd, { terminal: true, now: AS_OF });
    expect(recalc.stderr).toMatch(/writing \[=+\] 100% \| 40 companies \| [\d,]+ companies\/s/);
    expect(recalc.code).toBe(0);
    const rows = JSON.parse(recalc.stdout) as { company_id: string; segment: string | null; total_value: number }[];
    expect(rows).toHaveLength(40);
    // What the write-back left in the (simulated) portal, for every company.
    for (const row of rows) {
      const stored = sim.portal.table('companies').live(row.company_id)!;
      expect(stored.properties.kw_segment ?? null).toBe(row.segment);
      expect(Number(stored.properties.kw_total_value)).toBeCloseTo(row.total_value, 2);
    }
    // A second recalc with nothing changed writes nothing.
    const again = await cli(['recalc', '--format', 'json'], env, cwd, { now: AS_OF });
    expect(again.code).toBe(0);
  });

  it('prints a what-if (a past --as-of) but leaves the portal, the live results and the runs as they were', async () => {
    const before = rowsOfPortal(sim);
    const report = await cli(['report', '--format', 'json'], env, cwd, { now: AS_OF });
    const whatIf = await cli(['recalc', '--as-of', '2026-06-01', '--format', 'json'], env, cwd, { now: AS_OF });
    expect(whatIf.code).toBe(0);
    expect(whatIf.stderr).toContain('a what-if as of 2026-06-01T00:00:00.000Z: printed only');
    const rows = JSON.parse(whatIf.stdout) as { company_id: string; revenue_12m: number }[];
    expect(rows).toHaveLength(40);
    expect(rows.map((r) => r.revenue_12m)).not.toEqual(before.map((p) => Number(p.kw_revenue_12m)));
    expect(rowsOfPortal(sim)).toEqual(before);
    expect((await cli(['report', '--format', 'json'], env, cwd, { now: AS_OF })).stdout).toBe(report.stdout);
    // With --company too: only that company is printed, and nothing is written.
    const one = await cli(['recalc', '--as-of', '2026-06-01', '--company', rows[0]!.company_id, '--format', 'json'], env, cwd, { now: AS_OF });
    expect((JSON.parse(one.stdout) as unknown[]).length).toBe(1);
    expect(rowsOfPortal(sim)).toEqual(before);
  });
});

/** Every company's kw_ properties as the simulated portal holds them. */
function rowsOfPortal(sim: HubSpotSimulator): Record<string, string | null | undefined>[] {
  return portfolio.companies.map((c) => {
    const properties = sim.portal.table('companies').live(c.id)!.properties;
    return Object.fromEntries(Object.entries(properties).filter(([name]) => name.startsWith('kw_')));
  });
}

// Steps of one story on one portal, in this order (kept so under --sequence.shuffle).
describe('Salesforce: setup, sync, recalc', { shuffle: false }, () => {
  let sim: SalesforceSimulator;
  let env: Record<string, string>;
  beforeAll(async () => {
    sim = await startSalesforceSimulator();
    seedSalesforce(sim.org, portfolio);
    env = { SALESFORCE_ACCESS_TOKEN: 'simulated-token', SALESFORCE_INSTANCE_URL: sim.url, SALESFORCE_LOGIN_URL: sim.url, KLANTWAARDE_DATA_DIR: join(dataDir, 'salesforce') };
  });
  afterAll(() => sim.close());

  it('fills the KW_ fields on every account', async () => {
    const setup = await cli(['setup', 'salesforce'], env);
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    const sync = await cli(['sync'], env);
    expect(sync.stderr).toBe('');
    expect(sync.code).toBe(0);
    const recalc = await cli(['recalc', '--format', 'json'], env, cwd, { now: AS_OF });
    expect(recalc.stderr).toBe('');
    expect(recalc.code).toBe(0);
    const rows = JSON.parse(recalc.stdout) as { company_id: string; segment: string | null }[];
    expect(rows).toHaveLength(40);
    const accounts = sim.org.tables.get('Account')!;
    for (const row of rows) expect(accounts.get(row.company_id)?.KW_Segment__c ?? null).toBe(row.segment);
    expect(setup.stdout).toContain('Flow callout secret: none');
  });

  it('issues the Flow callout secret once when it can keep it sealed', async () => {
    const sealed = { ...env, TOKEN_ENCRYPTION_KEY: 'd'.repeat(64) };
    const first = await cli(['setup', 'salesforce'], sealed);
    expect(first.code).toBe(0);
    const secret = /Flow callout secret \(shown once.*\): (\S+)/.exec(first.stdout)?.[1];
    expect(secret?.length).toBeGreaterThanOrEqual(24);
    const again = await cli(['setup', 'salesforce'], sealed);
    expect(again.stdout).toContain('Flow callout secret: already issued');
    expect(again.stdout).not.toContain(secret!);
  });
});
