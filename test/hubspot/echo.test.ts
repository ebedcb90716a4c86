// No echoes: the write-back moves hs_lastmodifieddate on every company it writes, yet the next
// incremental sync reads none of them again. With nothing else changed it makes one search per
// object type (plus the sweep for deletions); when a rep edits one deal, that deal's company
// is read and recomputed, and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreEchoLog } from '../../src/adapters/crm/hubspot/write/hubspot.echo-log.ts';
import { createHubSpotWriter } from '../../src/adapters/crm/hubspot/write/hubspot.writer.ts';
import { setupHubSpot } from '../../src/adapters/crm/hubspot/setup/hubspot.setup.ts';
import { ACTIVITY_OBJECTS, SYNCED_OBJECTS } from '../../src/adapters/crm/hubspot/read/hubspot.objects.ts';
import { HUBSPOT_PATHS } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import type { CrmSource, CrmWriter } from '../../src/app/ports/crm.port.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { Store } from '../../src/app/ports/store.port.ts';
import { RankingPopulation } from '../../src/app/ranking-population.ts';
import type { RecomputeDeps } from '../../src/app/recompute.ts';
import { refreshTenant } from '../../src/app/refresh-tenant.ts';
import { refreshCompanies } from '../../src/app/refresh-companies.ts';
import { generatePortfolio } from '../../src/app/sample/generate-portfolio.ts';
import { configHash } from '../../src/config/config-hash.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { hubspotSourceAgainstSimulator, type SourceAgainstSimulator } from '../support/hubspot-simulator/index.ts';

const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const portfolio = generatePortfolio({ companies: 400, seed: 5, asOf: AS_OF, dealsPerCompany: 4, activitiesPerCompany: 8 });
/** Deletions are swept by listing each type's archived records: one page each here. */
const SWEEP = ['companies', 'deals', ...ACTIVITY_OBJECTS.map((a) => a.objectType)].length;

// Steps of one story on one portal, in this order (kept so under --sequence.shuffle).
describe('no echoes of our own write-back', { shuffle: false }, () => {
  let hub: SourceAgainstSimulator;
  let store: Store;
  let deps: RecomputeDeps;
  let crm: { source: CrmSource; writer: CrmWriter };
  const tenant = 'hubspot:4242';
  const counters = () => hub.simulator.counters;
  const calls = (route: string) => counters().byRoute[route] ?? 0;

  beforeAll(async () => {
    store = createSqliteStore({ path: ':memory:' });
    await store.migrate();
    const echoes = createStoreEchoLog({ store, tenant });
    // The default overlap: each incremental pull re-reads five minutes before its marks.
    hub = await hubspotSourceAgainstSimulator(portfolio, { tenant, source: { echoes } });
    await setupHubSpot({ client: hub.client });
    crm = { source: hub.source, writer: createHubSpotWriter({ client: hub.client, tenant, echoes }) };
    let now = AS_OF;
    deps = { store, config: DEFAULT_MODEL_CONFIG, configHash: configHash(DEFAULT_MODEL_CONFIG), now: () => (now += 60_000), log: silentLogger, population: new RankingPopulation(store) };
    const full = await refreshTenant(deps, tenant, crm, 'full');
    expect(full.write!.written.length).toBeGreaterThan(300);
    hub.simulator.resetCounters();
  });
  afterAll(async () => {
    await hub.close();
    await store.close();
  });

  it('reads nothing again after a full write-back: one search per object type and the deletion sweep', async () => {
    const next = await refreshTenant(deps, tenant, crm, 'incremental');
    expect(next.sync!.changedCompanyIds).toEqual([]);
    expect(next.recompute).toBeNull();
    expect(counters().searchCalls).toBe(SYNCED_OBJECTS.length);
    expect(counters().calls).toBe(SYNCED_OBJECTS.length + SWEEP);
    expect(calls(`POST ${HUBSPOT_PATHS.batchRead('companies')}`) + calls(`POST ${HUBSPOT_PATHS.associationsBatchRead('companies', 'companies')}`)).toBe(0);
  });

  it('reads and recomputes exactly the company whose deal a rep edited, then again nothing', async () => {
    const inWindow = (d: (typeof portfolio.deals)[number]) => d.status === 'won' && d.closeDate > AS_OF - 300 * 86_400_000;
    const referral = portfolio.relations.find((r) => r.kind === 'referral' && portfolio.deals.some((d) => d.companyId === r.toCompanyId && inWindow(d)))!;
    const companyId = referral.toCompanyId;
    const deal = portfolio.deals.find((d) => d.companyId === companyId && inWindow(d))!;
    const { portal } = hub.simulator;
    const deals = portal.table('deals');
    deals.write(deals.live(deal.id)!, { amount: String(deal.amount + 12_345) }, portal.now());
    hub.simulator.resetCounters();

    const edited = await refreshTenant(deps, tenant, crm, 'incremental');
    expect(edited.sync!.changedCompanyIds).toEqual([companyId]);
    expect(edited.recompute!.results.map((r) => r.companyId)).toContain(companyId);
    expect(edited.write!.written.map((u) => u.companyId)).toContain(companyId);
    expect(counters().searchCalls).toBe(SYNCED_OBJECTS.length);
    // The deal's company and line items: one association read each (and the line items themselves).
    expect(calls(`POST ${HUBSPOT_PATHS.associationsBatchRead('deals', 'companies')}`)).toBe(1);
    expect(calls(`POST ${HUBSPOT_PATHS.batchRead('companies')}`)).toBe(0);
    expect(portal.table('companies').live(companyId)!.properties.kw_revenue_12m).toBe((await store.latestResult(tenant, companyId))!.revenue.toFixed(2));

    // That write-back, and one by a webhook refresh of another company, echo no more than the first.
    const other = portfolio.deals.find((d) => inWindow(d) && d.companyId !== companyId)!;
    deals.write(deals.live(other.id)!, { amount: String(other.amount + 999) }, portal.now());
    const refreshed = await refreshCompanies(deps, tenant, crm, { companyIds: [other.companyId] });
    expect(refreshed.write!.written.map((u) => u.companyId)).toEqual([other.companyId]);
    hub.simulator.resetCounters();
    // The refresh read that deal by its company; the sync meets it again, but neither company's write.
    const after = await refreshTenant(deps, tenant, crm, 'incremental');
    expect(after.sync!.changedCompanyIds).toEqual([other.companyId]);
    expect(after.write).toMatchObject({ written: [], apiCalls: 0 });
    expect(calls(`POST ${HUBSPOT_PATHS.batchRead('companies')}`) + calls(`POST ${HUBSPOT_PATHS.associationsBatchRead('companies', 'companies')}`)).toBe(0);
    hub.simulator.resetCounters();
    const quiet = await refreshTenant(deps, tenant, crm, 'incremental');
    expect(quiet.sync!.changedCompanyIds).toEqual([]);
    expect(counters().calls).toBe(SYNCED_OBJECTS.length + SWEEP);
  });

  it('still reads a company someone else changed after our write-back', async () => {
    const { portal } = hub.simulator;
    const companies = portal.table('companies');
    const id = portfolio.companies[7]!.id;
    companies.write(companies.live(id)!, { industry: 'wholesale' }, portal.now());
    hub.simulator.resetCounters();
    const next = await refreshTenant(deps, tenant, crm, 'incremental');
    expect(next.sync!.changedCompanyIds).toEqual([id]);
    expect((await store.loadCompanies(tenant, [id])).companies.find((c) => c.id === id)!.industry).toBe('wholesale');
    expect(counters().searchCalls).toBe(SYNCED_OBJECTS.length);
  });
});
