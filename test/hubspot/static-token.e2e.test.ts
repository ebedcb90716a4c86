// A newcomer's start: a static token and nothing else (no hubspot.portalId, no client secret).
// The portal comes from the account details, setup warns which scopes it could not verify and
// still succeeds, and sync and recalc run. With the app's client id and secret, introspection
// checks the scopes. Every call the CLI makes is on the dated API (the simulator refuses others).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';
import { generatePortfolio } from '../../src/app/sample/generate-portfolio.ts';
import { cli } from '../cli/cli-support.ts';
import { FAST_LIMITS, seedPortfolio, startHubSpotSimulator, type HubSpotSimulator } from '../support/hubspot-simulator/index.ts';

const portfolio = generatePortfolio({ companies: 30, seed: 8, asOf: Date.parse('2026-11-01T00:00:00Z'), dealsPerCompany: 3, activitiesPerCompany: 5 });
const dir = mkdtempSync(join(tmpdir(), 'kw-static-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Steps of one story on one portal, in this order (kept so under --sequence.shuffle).
describe('a static token without a portal id', { shuffle: false }, () => {
  let sim: HubSpotSimulator;
  beforeAll(async () => {
    sim = await startHubSpotSimulator({ limits: FAST_LIMITS, hubId: 7788, clientId: 'kw-app' });
    seedPortfolio(sim.portal, portfolio);
  });
  afterAll(() => sim.close());

  it('completes setup hubspot (warning about the scopes), sync and recalc, on portal 7788', async () => {
    const env = { HUBSPOT_ACCESS_TOKEN: 'pat-static', HUBSPOT_BASE_URL: sim.url, KLANTWAARDE_DATA_DIR: join(dir, 'plain') };
    const setup = await cli(['setup', 'hubspot'], env);
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain('HubSpot hubspot:7788: property group created');
    expect(setup.stdout).toMatch(/WARNING: scopes not verified \(.*HUBSPOT_CLIENT_SECRET.*\): crm\.objects\.companies\.read \(read companies\), .*crm\.objects\.owners\.read/);
    const sync = await cli(['sync'], env);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/^hubspot:7788: full sync stored \d+ records/);
    // A live run at the sample's own date (an --as-of in the past would be a what-if that writes nothing).
    const recalc = await cli(['recalc', '--format', 'json'], env, undefined, { now: Date.parse('2026-11-01T00:00:00Z') });
    expect(recalc.code).toBe(0);
    const rows = JSON.parse(recalc.stdout) as { company_id: string; segment: string | null }[];
    expect(rows).toHaveLength(30);
    for (const row of rows) expect(sim.portal.table('companies').live(row.company_id)!.properties.kw_segment ?? null).toBe(row.segment);
    expect(sim.counters.numeric).toEqual({});
    expect(Object.keys(sim.counters.byVersion)).toEqual([API_VERSION]);
  });

  it('checks the scopes by token introspection when the app\'s client id and secret are set', async () => {
    const env = { HUBSPOT_ACCESS_TOKEN: 'pat-static', HUBSPOT_CLIENT_ID: 'kw-app', HUBSPOT_CLIENT_SECRET: 'kw-secret', HUBSPOT_BASE_URL: sim.url, KLANTWAARDE_DATA_DIR: join(dir, 'app') };
    sim.resetCounters();
    const setup = await cli(['setup', 'hubspot'], env);
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain('HubSpot hubspot:7788:');
    expect(setup.stdout).toContain('scopes missing: none');
    expect(setup.stdout).not.toContain('WARNING');
    expect(sim.counters.byRoute[`POST /oauth/${API_VERSION}/token/introspect`]).toBeGreaterThanOrEqual(1);
  });

  it('fails setup when introspection shows a needed scope is missing, and only warns for an optional one', async () => {
    const env = { HUBSPOT_ACCESS_TOKEN: 'pat-static', HUBSPOT_CLIENT_ID: 'kw-app', HUBSPOT_CLIENT_SECRET: 'kw-secret', HUBSPOT_BASE_URL: sim.url, KLANTWAARDE_DATA_DIR: join(dir, 'app') };
    const all = sim.portal.scopes;
    sim.portal.scopes = all.filter((s) => s !== 'crm.objects.owners.read');
    const optional = await cli(['setup', 'hubspot'], env);
    expect(optional.code).toBe(0);
    expect(optional.stdout).toContain('WARNING: optional scopes missing: crm.objects.owners.read');
    sim.portal.scopes = all.filter((s) => s !== 'tickets');
    const missing = await cli(['setup', 'hubspot'], env);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('scopes missing: tickets or crm.objects.tickets.read (read tickets)');
    sim.portal.scopes = all;
  });
});
