// The webhook side as the server wires it, against the HubSpot simulator: a seeded and set-up
// portal, the runtime from the environment, a first full run written back, startWebhookProcessing
// and the webhook, workflow-action and metrics routes on createApp.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHubSpotClient } from '../../src/adapters/crm/hubspot/client/hubspot.client.ts';
import { setupHubSpot } from '../../src/adapters/crm/hubspot/setup/hubspot.setup.ts';
import { recomputeAll } from '../../src/app/recompute.ts';
import { syncTenant } from '../../src/app/sync.ts';
import { writeBack } from '../../src/app/write-back.ts';
import { openRuntime, type Runtime } from '../../src/composition/runtime.ts';
import { startWebhookProcessing, type WebhookProcessing } from '../../src/composition/webhook-processing.ts';
import type { Portfolio } from '../../src/domain/records.ts';
import { hubspotActionRoutes } from '../../src/http/actions/hubspot-recalculate.route.ts';
import { createApp } from '../../src/http/app.ts';
import { metricsRoutes } from '../../src/http/metrics.routes.ts';
import { hubspotWebhookRoutes } from '../../webhooks/hubspot/webhook.route.ts';
import { FAST_LIMITS, seedPortfolio, startHubSpotSimulator, type HubSpotSimulator } from '../support/hubspot-simulator/index.ts';
import { PUBLIC_URL, SECRET } from './signing.ts';

export interface WiredServer {
  simulator: HubSpotSimulator;
  runtime: Runtime;
  processing: WebhookProcessing;
  app: ReturnType<typeof createApp>;
  tenant: string;
  close(): Promise<void>;
}

/** `now` pins the runtime's clock (the real one when absent). */
export async function startWiredServer(portfolio: Portfolio, options: { workerThread: boolean; now?: () => number }): Promise<WiredServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kw-wired-'));
  const simulator = await startHubSpotSimulator({ limits: FAST_LIMITS });
  seedPortfolio(simulator.portal, portfolio);
  await setupHubSpot({ client: createHubSpotClient({ accessToken: 'simulated-token', baseUrl: simulator.url }) });
  writeFileSync(join(dir, 'klantwaarde.config.yaml'), `hubspot:\n  portalId: ${simulator.portal.hubId}\n  rateLimit: 1000\n`);
  const io = {
    cwd: dir,
    env: { HUBSPOT_ACCESS_TOKEN: 'simulated-token', HUBSPOT_BASE_URL: simulator.url, HUBSPOT_CLIENT_SECRET: SECRET, PUBLIC_URL, KLANTWAARDE_DATA_DIR: join(dir, 'data'), KLANTWAARDE_CONFIG: join(dir, 'klantwaarde.config.yaml'), LOG_LEVEL: 'silent' },
    ...(options.now ? { now: options.now } : {}),
  };
  const runtime = await openRuntime({ io });
  const tenant = `hubspot:${simulator.portal.hubId}`;
  await syncTenant(runtime.store, runtime.crm.sourceFor(tenant)!, 'full', runtime.log);
  await writeBack(runtime.store, runtime.crm.writerFor(tenant)!, (await recomputeAll(runtime.recompute, tenant)).updates, runtime.log);

  const processing = await startWebhookProcessing({ runtime, io, workerThread: options.workerThread, workerIntervalMs: 50 });
  const { log } = runtime;
  const app = createApp({
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
  return {
    simulator,
    runtime,
    processing,
    app,
    tenant,
    async close() {
      await processing.stop();
      await runtime.close();
      await simulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
