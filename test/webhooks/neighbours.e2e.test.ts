// End to end through the HubSpot simulator, wired as the server wires it: a signed webhook about
// one company's deal — or the same change found by the incremental sync — updates, in HubSpot,
// the companies whose figures read that company: the one that influences it (5% of its revenue)
// and the one that referred it (25% of its margin), without waiting for the nightly full run
// (PRODUCT.md §3.7).
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeAll } from '../../src/app/recompute.ts';
import { refreshTenant } from '../../src/app/refresh-tenant.ts';
import { money } from '../../src/domain/crm-properties.ts';
import { AS_OF, plainPortfolio } from './hubspot-rig.ts';
import { hubspotEvent, PUBLIC_URL, v3Headers } from './signing.ts';
import { startWiredServer, type WiredServer } from './wired-server.ts';

// Steps of one story on one portal, in this order (kept so under --sequence.shuffle).
describe('a webhook about a deal reaches the companies that depend on its company', { shuffle: false }, () => {
  let server: WiredServer;
  let simulator: WiredServer['simulator'];
  let runtime: WiredServer['runtime'];
  let app: WiredServer['app'];
  let tenant: string;

  beforeAll(async () => {
    // 1001 influences 1002 (a chairman and a member); 1004 referred 1002.
    const relations = [
      { fromCompanyId: '1001', toCompanyId: '1002', kind: 'influence' as const },
      { fromCompanyId: '1004', toCompanyId: '1002', kind: 'referral' as const },
    ];
    server = await startWiredServer({ ...plainPortfolio(6), relations }, { workerThread: false, now: () => AS_OF });
    ({ simulator, runtime, app, tenant } = server);
  });
  afterAll(async () => {
    await server?.close();
  });

  const inHubSpot = (companyId: string) => simulator.portal.table('companies').live(companyId)!.properties;

  it("updates the influencer's and the referrer's kw_strategic_value in HubSpot", async () => {
    const before = { influencer: inHubSpot('1001').kw_strategic_value, referrer: inHubSpot('1004').kw_strategic_value };
    const deals = simulator.portal.table('deals');
    deals.write(deals.live('10020')!, { amount: '400000' }, simulator.portal.now());
    const body = JSON.stringify([hubspotEvent({ portalId: simulator.portal.hubId, subscriptionType: 'deal.propertyChange', objectId: 10020, propertyName: 'amount', propertyValue: '400000' })]);
    expect((await request(app).post('/webhooks/hubspot').set(v3Headers(`${PUBLIC_URL}/webhooks/hubspot`, body)).send(body)).status).toBe(204);

    for (let i = 0; i < 200 && inHubSpot('1001').kw_strategic_value === before.influencer; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    // What a full run over the same data gives.
    const full = await recomputeAll(runtime.recompute, tenant, { dryRun: true });
    const expected = (id: string) => money(full.results.find((r) => r.companyId === id)!.strategicValue);
    // 1002's revenue went from 4,100 to 402,100: 5% of the 398,000 more is 19,900 more influence.
    expect(Number(expected('1001')) - Number(before.influencer)).toBeCloseTo(19_900, 2);
    expect(inHubSpot('1001').kw_strategic_value).toBe(expected('1001'));
    expect(inHubSpot('1004').kw_strategic_value).toBe(expected('1004'));
    expect(inHubSpot('1004').kw_strategic_value).not.toBe(before.referrer);
    expect(inHubSpot('1002').kw_revenue_12m).toBe('402100.00');
  });

  it('updates them too when the incremental sync finds the change (a page with just the deal)', async () => {
    const before = inHubSpot('1001').kw_strategic_value;
    const deals = simulator.portal.table('deals');
    deals.write(deals.live('10030')!, { amount: '250000' }, simulator.portal.now());
    deals.write(deals.live('10020')!, { amount: '300000' }, simulator.portal.now());
    const refresh = await refreshTenant(runtime.recompute, tenant, { source: runtime.crm.sourceFor(tenant), writer: runtime.crm.writerFor(tenant) }, 'incremental');
    // (The pull may bring more companies back: those the last write-back touched.)
    expect(refresh.recompute?.results.map((r) => r.companyId)).toEqual(expect.arrayContaining(['1001', '1002', '1003', '1004']));
    const full = await recomputeAll(runtime.recompute, tenant, { dryRun: true });
    for (const id of ['1001', '1004']) expect(inHubSpot(id).kw_strategic_value).toBe(money(full.results.find((r) => r.companyId === id)!.strategicValue));
    expect(Number(inHubSpot('1001').kw_strategic_value) - Number(before)).toBeCloseTo(-5_000, 2);
  });
});
