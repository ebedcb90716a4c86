// The card API as the server wires it with HubSpot connected (the local simulator, seeded with
// a portfolio), signed requests as hubspot.fetch sends them, and a company of another portal
// in the same store: what the card API tests with a CRM share.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createHubSpotClient } from '../../src/adapters/crm/hubspot/client/hubspot.client.ts';
import { setupHubSpot } from '../../src/adapters/crm/hubspot/setup/hubspot.setup.ts';
import { openRuntime, type Runtime } from '../../src/composition/runtime.ts';
import type { Portfolio } from '../../src/domain/records.ts';
import { createApp } from '../../src/http/app.ts';
import { signedCardAuth } from '../../src/http/signed-card-auth.ts';
import { FAST_LIMITS, seedPortfolio, startHubSpotSimulator, type HubSpotSimulator } from '../support/hubspot-simulator/index.ts';
import { PUBLIC_URL, SECRET, v3Headers } from '../webhooks/signing.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface SignedCardApp {
  simulator: HubSpotSimulator;
  runtime: Runtime;
  app: ReturnType<typeof createApp>;
  portal: number;
  tenant: string;
  /** The request as HubSpot signs it for user rep@example.com: url, body text and headers. */
  signed(method: Method, path: string, body?: object): { url: string; text: string; headers: Record<string, string> };
  call(method: Method, path: string, body?: object): request.Test;
  close(): Promise<void>;
}

/**
 * Starts the simulator with `portfolio` (and whatever `prepare` adds), runs setup, opens the
 * runtime on a config of `hubspot.portalId`, `rateLimit` and `extraConfig`, and builds the app;
 * `ready` then syncs and computes as the test needs.
 */
export async function signedCardApp(portfolio: Portfolio, options: { extraConfig?: string; prepare?: (simulator: HubSpotSimulator) => void; ready: (runtime: Runtime, tenant: string) => Promise<void> }): Promise<SignedCardApp> {
  const dir = mkdtempSync(join(tmpdir(), 'kw-card-app-'));
  const simulator = await startHubSpotSimulator({ limits: FAST_LIMITS });
  const portal = simulator.portal.hubId;
  const tenant = `hubspot:${portal}`;
  seedPortfolio(simulator.portal, portfolio);
  options.prepare?.(simulator);
  await setupHubSpot({ client: createHubSpotClient({ accessToken: 'simulated-token', baseUrl: simulator.url }) });
  writeFileSync(join(dir, 'klantwaarde.config.yaml'), `hubspot:\n  portalId: ${portal}\n  rateLimit: 1000\n${options.extraConfig ?? ''}`);
  const runtime = await openRuntime({
    io: {
      cwd: dir,
      env: { HUBSPOT_ACCESS_TOKEN: 'simulated-token', HUBSPOT_BASE_URL: simulator.url, HUBSPOT_CLIENT_SECRET: SECRET, PUBLIC_URL, KLANTWAARDE_DATA_DIR: join(dir, 'data'), KLANTWAARDE_CONFIG: join(dir, 'klantwaarde.config.yaml'), LOG_LEVEL: 'silent' },
    },
  });
  await options.ready(runtime, tenant);
  // Another portal's company in the same store.
  await runtime.store.applyChanges('hubspot:999', { companies: [{ id: 'other-1', name: 'Andere Portal B.V.', createdAt: 0 }] });
  const app = createApp({ recompute: runtime.recompute, log: runtime.log, cardAuth: signedCardAuth({ clientSecret: SECRET, publicUrl: PUBLIC_URL }), crm: runtime.crm, ready: async () => true });

  const signed = (method: Method, path: string, body?: object) => {
    const url = `${path}?portalId=${portal}&userId=77&userEmail=rep%40example.com`;
    const text = body === undefined ? '' : JSON.stringify(body);
    return { url, text, headers: v3Headers(`${PUBLIC_URL}${url}`, text, { method }) };
  };
  const call = (method: Method, path: string, body?: object) => {
    const { url, text, headers } = signed(method, path, body);
    const r = method === 'GET' ? request(app).get(url) : method === 'POST' ? request(app).post(url) : method === 'PUT' ? request(app).put(url) : request(app).delete(url);
    return body === undefined ? r.set(headers) : r.set(headers).send(text);
  };
  return {
    simulator,
    runtime,
    app,
    portal,
    tenant,
    signed,
    call,
    async close() {
      await runtime.close();
      await simulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
