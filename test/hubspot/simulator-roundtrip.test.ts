// The HubSpot connector against the local simulator: a known portfolio comes back as HubSpot
// holds it; changes, deletions and merges come back incrementally; setup and write-back land.
import { afterEach, describe, expect, it } from 'vitest';
import { createHubSpotWriter } from '../../src/adapters/crm/hubspot/write/hubspot.writer.ts';
import { setupHubSpot } from '../../src/adapters/crm/hubspot/setup/hubspot.setup.ts';
import { createHubSpotActionCallbacks } from '../../src/adapters/crm/hubspot/inbound/hubspot.action-callbacks.ts';
import { createHubSpotCompanyResolver } from '../../src/adapters/crm/hubspot/inbound/hubspot.company-resolver.ts';
import { isHubSpotError } from '../../src/adapters/crm/hubspot/client/hubspot.errors.ts';
import { API_VERSION } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';
import { anyBody } from '../../src/adapters/crm/hubspot/client/hubspot.schemas.ts';
import { SMALL_PORTFOLIO } from '../fixtures/hubspot/small-portfolio.ts';
import { hubspotSourceAgainstSimulator, pullAll, type SourceAgainstSimulator } from '../support/hubspot-simulator/index.ts';

describe('HubSpot connector against the simulator', () => {
  let setup: SourceAgainstSimulator | undefined;
  afterEach(async () => {
    await setup?.close();
    setup = undefined;
  });

  it('gives back a seeded portfolio on a full pull, as HubSpot can hold it', async () => {
    setup = await hubspotSourceAgainstSimulator(SMALL_PORTFOLIO);
    const pulled = await pullAll(setup.source, 'full');
    expect(pulled.skipped).toEqual([]);
    expect(pulled.portfolio).toEqual(setup.expected);
    expect(JSON.parse(pulled.checkpoint!).modified).toHaveProperty('tickets');
  });

  it('brings changes, deletions and a merge on an incremental pull', async () => {
    setup = await hubspotSourceAgainstSimulator(SMALL_PORTFOLIO, { source: { overlapMs: 0 } });
    const { portal } = setup.simulator;
    const full = await pullAll(setup.source, 'full');
    const companies = portal.table('companies');
    companies.write(companies.live('102')!, { name: 'Beta Holding' }, portal.now());
    portal.table('deals').archive('202', portal.now());
    portal.table('calls').put('308', { hs_timestamp: '2026-10-15T10:00:00Z', hs_call_duration: '600000' }, { createdAt: portal.now(), modifiedAt: portal.now() });
    portal.associations.link('calls', '308', 'companies', '102', [182], [181]);
    // HubSpot merges 104 into 103: 104 goes, its deal and ticket now hang under 103.
    portal.associations.link('companies', '103', 'deals', '204', [342], [341]);
    portal.associations.link('companies', '103', 'tickets', '307', [340], [339]);
    companies.archive('104', portal.now());
    companies.write(companies.live('103')!, { hs_merged_object_ids: '104' }, portal.now());

    const next = await pullAll(setup.source, 'incremental', full.checkpoint);
    expect(next.portfolio.companies.map((c) => [c.id, c.name])).toEqual([
      ['102', 'Beta Holding'],
      ['103', 'Chairman BV'],
    ]);
    expect(next.portfolio.activities.find((a) => a.id === '308')).toEqual({ id: '308', companyId: '102', type: 'call', occurredAt: Date.parse('2026-10-15T10:00:00Z'), durationMinutes: 10 });
    expect(next.portfolio.deals.find((d) => d.id === '204')).toMatchObject({ companyId: '103' });
    expect(next.portfolio.activities.find((a) => a.id === 'ticket:307')).toMatchObject({ companyId: '103' });
    expect(next.deleted.deals).toEqual(['202']);
    expect(new Set(next.deleted.companies)).toEqual(new Set(['104']));
    expect(next.skipped).toEqual([]);
    expect(next.checkpoint).not.toBe(full.checkpoint);
  });

  it('gives fresh copies of given companies with their deals, activities and relations', async () => {
    setup = await hubspotSourceAgainstSimulator(SMALL_PORTFOLIO);
    setup.simulator.portal.table('companies').archive('104', setup.simulator.portal.now());
    const page = await setup.source.pullCompanies(['101', '104']);
    expect(page.changes.companies!.map((c) => c.id)).toEqual(['101']);
    expect(page.changes.deletedCompanyIds).toEqual(['104']);
    expect(page.changes.deals!.map((d) => d.id).sort()).toEqual(['201', '202']);
    expect(page.changes.activities!.map((a) => [a.id, a.type]).sort()).toEqual([
      ['301', 'call'],
      ['302', 'visit'],
    ]);
    expect(page.changes.relations).toEqual([{ fromCompanyId: '101', toCompanyId: '103', kind: 'referral' }]);
  });

  it('brings the portal\'s owners by name on a full pull, and none on an incremental one', async () => {
    setup = await hubspotSourceAgainstSimulator(SMALL_PORTFOLIO);
    const full = await pullAll(setup.source, 'full');
    const owners = full.pages.flatMap((p) => p.changes.owners ?? []);
    expect(owners.map((o) => o.id).sort()).toEqual([...setup.simulator.portal.owners.keys()].sort());
    const rep = setup.simulator.portal.owners.get('55')!;
    expect(owners.find((o) => o.id === '55')).toEqual({ id: '55', firstName: rep.firstName, lastName: rep.lastName, email: rep.email });
    const next = await pullAll(setup.source, 'incremental', full.checkpoint);
    expect(next.pages.flatMap((p) => p.changes.owners ?? [])).toEqual([]);
  });

  it('goes on without names when the token may not read owners', async () => {
    setup = await hubspotSourceAgainstSimulator(SMALL_PORTFOLIO);
    setup.simulator.failNext(1, 403, /\/crm\/owners\//);
    const full = await pullAll(setup.source, 'full');
    expect(full.pages.flatMap((p) => p.changes.owners ?? [])).toEqual([]);
    expect(full.portfolio).toEqual(setup.expected);
  });

  it('calls only dated paths in every flow: setup, full and incremental pulls, company refresh, write-back, webhook resolving, action callbacks', async () => {
    setup = await hubspotSourceAgainstSimulator(SMALL_PORTFOLIO, { source: { overlapMs: 0 } });
    const { client, simulator } = setup;
    await setupHubSpot({ client, accessToken: 'simulated-token' });
    const full = await pullAll(setup.source, 'full');
    await pullAll(setup.source, 'incremental', full.checkpoint);
    await setup.source.pullCompanies(['101', '102']);
    await createHubSpotWriter({ client, tenant: setup.source.tenant }).write([{ companyId: '101', values: { segment: 'A' } }], async () => {});
    await createHubSpotCompanyResolver({ client }).resolve([{ id: 'q1', tenant: setup.source.tenant, objectType: 'deal', objectId: '201', reason: 'changed', attempts: 0, enqueuedAt: 0, lease: 'l' }]);
    await createHubSpotActionCallbacks({ clientFor: () => client }).complete(setup.source.tenant, 'ap-1-2-3', { hs_execution_state: 'SUCCESS' });
    expect(simulator.portal.completedCallbacks.get('ap-1-2-3')).toEqual({ hs_execution_state: 'SUCCESS' });
    // The exceptions: every route still called on a numeric version (HubSpot retires them).
    expect(simulator.counters.numeric).toEqual({});
    expect(Object.keys(simulator.counters.byVersion)).toEqual([API_VERSION]);
  });

  it('refuses a numeric path the way HubSpot does once it is retired', async () => {
    setup = await hubspotSourceAgainstSimulator(SMALL_PORTFOLIO);
    const failure = await setup.client.send({ method: 'GET', path: '/crm/v3/properties/companies' }, anyBody).catch((e: unknown) => e);
    expect(isHubSpotError(failure, 'crm.not_found')).toBe(true);
    expect(setup.simulator.counters.numeric).toEqual({ 'GET /crm/v3/properties/companies': 1 });
  });

  it('skips and reports a record that does not parse, and reads the rest', async () => {
    setup = await hubspotSourceAgainstSimulator(SMALL_PORTFOLIO);
    const deals = setup.simulator.portal.table('deals');
    deals.write(deals.live('203')!, { closedate: 'next quarter' }, setup.simulator.portal.now());
    const pulled = await pullAll(setup.source, 'full');
    expect(pulled.skipped).toEqual([{ object: 'deal', id: '203', reason: "closedate: not a date ('next quarter')" }]);
    expect(pulled.portfolio.deals.map((d) => d.id)).toEqual(['201', '202', '204']);
  });

  it('sets up the portal once, then finds everything in place', async () => {
    setup = await hubspotSourceAgainstSimulator(SMALL_PORTFOLIO);
    const first = await setupHubSpot({ client: setup.client, accessToken: 'simulated-token' });
    const second = await setupHubSpot({ client: setup.client, accessToken: 'simulated-token' });
    expect(first.created.length).toBeGreaterThan(20);
    expect(first.scopes!.missing).toEqual([]);
    expect(second).toMatchObject({ group: 'existing', created: [], differs: [], failed: [] });
    expect(second.labels.existing).toHaveLength(2);
  });

  it('writes values that land on the companies and refuses a value outside the options', async () => {
    setup = await hubspotSourceAgainstSimulator(SMALL_PORTFOLIO);
    await setupHubSpot({ client: setup.client });
    const writer = createHubSpotWriter({ client: setup.client, tenant: setup.source.tenant });
    const report = await writer.write(
      [
        { companyId: '101', values: { segment: 'A', total_value: '1234.56' } },
        { companyId: '102', values: { segment: 'Z' } },
        { companyId: '999', values: { segment: 'B' } },
      ],
      async () => {},
    );
    expect(report.written.map((u) => u.companyId)).toEqual(['101']);
    expect(report.failed.map((f) => [f.companyId, f.code]).sort()).toEqual([
      ['102', 'crm.invalid_value'],
      ['999', 'crm.not_found'],
    ]);
    expect(setup.simulator.portal.table('companies').live('101')!.properties).toMatchObject({ kw_segment: 'A', kw_total_value: '1234.56' });
  });
});
