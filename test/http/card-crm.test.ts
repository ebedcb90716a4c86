// The card API as the server wires it with HubSpot connected (the local simulator): a signed
// Recalculate re-reads the company from HubSpot and writes the new figures back; an override
// set or removed on the card lands in the company's kw_ properties, where reports see it.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeAll } from '../../src/app/recompute.ts';
import { syncTenant } from '../../src/app/sync.ts';
import { writeBack } from '../../src/app/write-back.ts';
import type { Runtime } from '../../src/composition/runtime.ts';
import { seedPortfolio, type HubSpotSimulator } from '../support/hubspot-simulator/index.ts';
import { plainPortfolio } from '../webhooks/hubspot-rig.ts';
import { signedCardApp, type Method, type SignedCardApp } from './signed-card-app.ts';

describe('card API with HubSpot connected', () => {
  let card: SignedCardApp;
  let simulator: HubSpotSimulator;
  let runtime: Runtime;
  let app: SignedCardApp['app'];
  let portal: number;

  const company = (id: string) => simulator.portal.table('companies').live(id)!.properties;
  const call = (method: Method, path: string, body?: object) => card.call(method, path, body);

  beforeAll(async () => {
    card = await signedCardApp(plainPortfolio(6), {
      ready: async (runtime, tenant) => {
        await syncTenant(runtime.store, runtime.crm.sourceFor(tenant)!, 'full', runtime.log);
        await writeBack(runtime.store, runtime.crm.writerFor(tenant)!, (await recomputeAll(runtime.recompute, tenant)).updates, runtime.log);
      },
    });
    ({ simulator, runtime, app, portal } = card);
  });
  afterAll(() => card?.close());

  it('recalculates from HubSpot: a changed deal gives new figures on the card and in the properties', async () => {
    const before = await call('GET', '/api/companies/1003');
    expect(before.status).toBe(200);
    expect(before.body.result.revenue).toBe(3000 + 3100);

    const deals = simulator.portal.table('deals');
    deals.write(deals.live('10030')!, { amount: '9000' }, simulator.portal.now());
    const after = await call('POST', '/api/companies/1003/recalculate');
    expect(after.status).toBe(200);
    expect(after.body.result.revenue).toBe(9000 + 3100);
    expect(after.body.previous.revenue).toBe(6100);
    expect(company('1003').kw_revenue_12m).toBe('12100.00');
  });

  it('writes an override to the company properties, and clears them when it is removed', async () => {
    const set = await call('PUT', '/api/companies/1001/override', { segment: 'A', reason: 'Strategic partner for the new product line', expiresAt: '2099-06-30' });
    expect(set.status).toBe(200);
    expect(set.body.result.segment).toBe('A');
    expect(set.body.result.override).toMatchObject({ segment: 'A', by: 'rep@example.com', expiresAt: Date.parse('2099-06-30T00:00:00Z') });
    expect(company('1001')).toMatchObject({
      kw_segment: 'A',
      kw_segment_override: 'A',
      kw_segment_override_reason: 'Strategic partner for the new product line',
      kw_segment_override_by: 'rep@example.com',
      kw_segment_override_expires: '2099-06-30',
    });

    // The next sync reads the override back from HubSpot: it stays.
    await syncTenant(runtime.store, runtime.crm.sourceFor(`hubspot:${portal}`)!, 'full', runtime.log);
    expect((await call('GET', '/api/companies/1001')).body.result.override).toMatchObject({ segment: 'A', reason: 'Strategic partner for the new product line' });

    const removed = await call('DELETE', '/api/companies/1001/override');
    expect(removed.status).toBe(200);
    expect(removed.body.result.override).toBeNull();
    expect(removed.body.result.segment).toBe(removed.body.result.segmentComputed);
    expect(company('1001').kw_segment_override ?? '').toBe('');
    expect(company('1001').kw_segment_override_reason ?? '').toBe('');
    expect(company('1001').kw_segment).toBe(removed.body.result.segmentComputed);
  });

  it('computes a company created in HubSpot since the last sync when the card asks for it', async () => {
    const created = plainPortfolio(7);
    seedPortfolio(simulator.portal, { ...created, companies: created.companies.slice(6), deals: created.deals.filter((d) => d.companyId === '1007'), activities: [] });
    expect((await call('GET', '/api/companies/1007')).status).toBe(404);
    const computed = await call('POST', '/api/companies/1007/recalculate');
    expect(computed.status).toBe(200);
    expect(computed.body.result.revenue).toBe(7000 + 7100);
    expect(computed.body.previous).toBeNull();
    expect(company('1007').kw_revenue_12m).toBe('14100.00');
  });

  it('answers another portal’s company as a company nobody has: 404 with the same body, for reads and changes', async () => {
    const same = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: (id: string) => string, body?: object) => {
      const foreign = await call(method, path('other-1'), body);
      const unknown = await call(method, path('424242'), body);
      expect([foreign.status, unknown.status]).toEqual([404, 404]);
      expect(foreign.body.error.code).toBe('company.not_found');
      expect(JSON.stringify(foreign.body).replace('other-1', 'X')).toBe(JSON.stringify(unknown.body).replace('424242', 'X'));
      expect(JSON.stringify(foreign.body)).not.toContain('Andere Portal');
    };
    await same('GET', (id) => `/api/companies/${id}`);
    // HubSpot has no such company either: recalculating it is a 404 too.
    await same('POST', (id) => `/api/companies/${id}/recalculate`);
    await same('PUT', (id) => `/api/companies/${id}/override`, { segment: 'A', reason: 'x' });
    await same('DELETE', (id) => `/api/companies/${id}/override`);
  });
  it('recalculates the companies a bulk action selected and answers for each one', async () => {
    const deals = simulator.portal.table('deals');
    deals.write(deals.live('10050')!, { amount: '15000' }, simulator.portal.now());
    simulator.validationRules.set('1006', 'Next contact date is required when Lifecycle stage is Customer');
    deals.write(deals.live('10060')!, { amount: '16000' }, simulator.portal.now());
    const res = await call('POST', '/api/companies/recalculate', { ids: [1005, '1006', '1002', '9999', 'other-1'] });
    simulator.validationRules.clear();
    expect(res.status).toBe(200);
    const byId = Object.fromEntries((res.body.results as { companyId: string; status: string }[]).map((r) => [r.companyId, r]));
    expect((res.body.results as { companyId: string }[]).map((r) => r.companyId)).toEqual(['1005', '1006', '1002', '9999', 'other-1']);
    expect(byId['1005']).toMatchObject({ status: 'recalculated', name: 'Klant 4', written: true, segment: expect.any(String) });
    expect(company('1005').kw_revenue_12m).toBe('20100.00');
    expect(byId['1006']).toMatchObject({ status: 'refused', message: expect.stringContaining('Next contact date is required') });
    expect(byId['1002']).toMatchObject({ status: 'recalculated', name: 'Klant 1', written: expect.any(Boolean) });
    expect(byId['9999']).toMatchObject({ status: 'not_found' });
    // Another account's company reads exactly like one that does not exist.
    expect(byId['other-1']).toStrictEqual({ ...byId['9999'], companyId: 'other-1', message: (byId['9999'] as unknown as { message: string }).message.replace('9999', 'other-1') });
  });

  it('refuses more than 100 companies at once, and an unsigned bulk request', async () => {
    const many = await call('POST', '/api/companies/recalculate', { ids: Array.from({ length: 101 }, (_, i) => String(1001 + i)) });
    expect(many.status).toBe(400);
    expect(many.body.error).toMatchObject({ code: 'request.invalid', message: expect.stringContaining('at most 100') });
    const unsigned = await request(app).post(`/api/companies/recalculate?portalId=${portal}`).send({ ids: ['1001'] });
    expect(unsigned.status).toBe(401);
  });
});
