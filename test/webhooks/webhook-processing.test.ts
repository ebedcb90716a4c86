// The webhook side as the server wires it: the runtime from the environment (HubSpot at the
// simulator), startWebhookProcessing with the worker in its own thread, the routes on createApp.
// A signed webhook about a changed deal updates the company in HubSpot without a manual run.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubSpotSimulator } from '../support/hubspot-simulator/index.ts';
import { plainPortfolio } from './hubspot-rig.ts';
import { hubspotEvent, PUBLIC_URL, v2Headers, v3Headers } from './signing.ts';
import { startWiredServer, type WiredServer } from './wired-server.ts';

describe('webhook processing as the server wires it', () => {
  let server: WiredServer;
  let simulator: HubSpotSimulator;
  let app: WiredServer['app'];
  let tenant: string;

  beforeAll(async () => {
    server = await startWiredServer(plainPortfolio(10), { workerThread: true });
    ({ simulator, app, tenant } = server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('updates a company in HubSpot after a webhook about its deal, with the worker in its own thread', async () => {
    const deals = simulator.portal.table('deals');
    deals.write(deals.live('10020')!, { amount: '44444' }, simulator.portal.now());
    const body = JSON.stringify([hubspotEvent({ portalId: simulator.portal.hubId, subscriptionType: 'deal.propertyChange', objectId: 10020, propertyName: 'amount', propertyValue: '44444' })]);
    const res = await request(app).post('/webhooks/hubspot').set(v3Headers(`${PUBLIC_URL}/webhooks/hubspot`, body)).send(body);
    expect(res.status).toBe(204);

    const company = () => simulator.portal.table('companies').live('1002')!.properties;
    for (let i = 0; i < 200 && company().kw_revenue_12m !== '46544.00'; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(company().kw_revenue_12m).toBe('46544.00');

    // The thread's figures reach /metrics on the main thread.
    let metrics = '';
    for (let i = 0; i < 50 && !metrics.includes('outcome="completed"'); i++) {
      metrics = (await request(app).get('/metrics')).text;
      if (!metrics.includes('outcome="completed"')) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(metrics).toContain(`klantwaarde_jobs_total{tenant="${tenant}",outcome="completed"} 1`);
    expect(metrics).toContain('klantwaarde_webhook_events_received_total{source="hubspot"} 1');
    expect(metrics).toMatch(/klantwaarde_queue_depth\{state="waiting"\} 0/);
    expect((await request(app).get('/ready')).status).toBe(200);
  });

  it('answers a workflow action with the company\'s figures', async () => {
    const body = JSON.stringify({ callbackId: 'cb-1', origin: { portalId: simulator.portal.hubId }, object: { objectId: 1003, objectType: 'COMPANY' }, inputFields: {} });
    const res = await request(app).post('/actions/hubspot/recalculate').set(v2Headers(`${PUBLIC_URL}/actions/hubspot/recalculate`, body)).send(body);
    expect(res.status).toBe(200);
    expect(res.body.outputFields).toMatchObject({ hs_execution_state: 'SUCCESS', total_value: expect.any(Number) });
  });

  it('refuses webhooks of portals that are not connected', async () => {
    const body = JSON.stringify([hubspotEvent({ portalId: 1, subscriptionType: 'company.creation', objectId: 5 })]);
    expect((await request(app).post('/webhooks/hubspot').set(v3Headers(`${PUBLIC_URL}/webhooks/hubspot`, body)).send(body)).status).toBe(403);
  });
});
