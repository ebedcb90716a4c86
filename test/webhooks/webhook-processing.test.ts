// The webhook side as the server wires it: the runtime from the environment (HubSpot at the
// simulator), startWebhookProcessing with the worker in its own thread, the routes on createApp.
// A signed webhook about a changed deal updates the company in HubSpot without a manual run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient } from '../../src/adapters/crm/hubspot/client/hubspot.client.ts';
import { setupHubSpot } from '../../src/adapters/crm/hubspot/setup/hubspot.setup.ts';
import { recomputeAll } from '../../src/app/recompute.ts';
import { syncTenant } from '../../src/app/sync.ts';
import { writeBack } from '../../src/app/write-back.ts';
import { openRuntime, type Runtime } from '../../src/composition/runtime.ts';
import { startWebhookProcessing, type WebhookProcessing } from '../../src/composition/webhook-processing.ts';
import { hubspotActionRoutes } from '../../src/http/actions/hubspot-recalculate.route.ts';
import { createApp } from '../../src/http/app.ts';
import { metricsRoutes } from '../../src/http/metrics.routes.ts';
import { hubspotWebhookRoutes } from '../../webhooks/hubspot/webhook.route.ts';
import { FAST_LIMITS, seedPortfolio, startHubSpotSimulator, type HubSpotSimulator } from '../support/hubspot-simulator/index.ts';
import { plainPortfolio } from './hubspot-rig.ts';
import { hubspotEvent, PUBLIC_URL, SECRET, v2Headers, v3Headers } from './signing.ts';

describe('webhook processing as the server wires it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-processing-'));
  let simulator: HubSpotSimulator;
  let runtime: Runtime;
  let processing: WebhookProcessing;
  let app: ReturnType<typeof createApp>;
  let tenant: string;

  beforeAll(async () => {
    simulator = await startHubSpotSimulator({ limits: FAST_LIMITS });
    seedPortfolio(simulator.portal, plainPortfolio(10));
    await setupHubSpot({ client: createHubSpotClient({ accessToken: 'simulated-token', baseUrl: simulator.url }) });
    writeFileSync(join(dir, 'klantwaarde.config.yaml'), `hubspot:\n  portalId: ${simulator.portal.hubId}\n  rateLimit: 1000\n`);
    const io = {
      cwd: dir,
      env: { HUBSPOT_ACCESS_TOKEN: 'simulated-token', HUBSPOT_BASE_URL: simulator.url, HUBSPOT_CLIENT_SECRET: SECRET, PUBLIC_URL, KLANTWAARDE_DATA_DIR: join(dir, 'data'), KLANTWAARDE_CONFIG: join(dir, 'klantwaarde.config.yaml'), LOG_LEVEL: 'silent' },
    };
    runtime = await openRuntime({ io });
    tenant = `hubspot:${simulator.portal.hubId}`;
    await syncTenant(runtime.store, runtime.crm.sourceFor(tenant)!, 'full', runtime.log);
    await writeBack(runtime.store, runtime.crm.writerFor(tenant)!, (await recomputeAll(runtime.recompute, tenant)).updates, runtime.log);

    processing = await startWebhookProcessing({ runtime, io, workerThread: true, workerIntervalMs: 50 });
    const { log } = runtime;
    app = createApp({
      recompute: runtime.recompute,
      log,
      cardAuth: async () => ({ tenant, user: 'test' }),
      ready: processing.ready,
      rawRouters: [
        hubspotWebhookRoutes({ clientSecret: SECRET, publicUrl: PUBLIC_URL, queue: processing.queue, isConnected: processing.isConnected, log, metrics: processing.metrics }),
        hubspotActionRoutes({ clientSecret: SECRET, publicUrl: PUBLIC_URL, isConnected: processing.isConnected, actions: processing.actions, log, metrics: processing.metrics }),
      ],
      routers: [metricsRoutes(() => processing.metrics.render())],
    });
  });
  afterAll(async () => {
    await processing?.stop();
    await runtime?.close();
    await simulator?.close();
    rmSync(dir, { recursive: true, force: true });
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
