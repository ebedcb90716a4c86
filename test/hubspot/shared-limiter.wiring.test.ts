// The runtime's HubSpot clients pace their calls through the shared limits when they are given
// (the runtime gives them with DATABASE_URL): one limiter per portal, keyed by its tenant, at
// the configured hubspot.rateLimit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient } from '../../src/adapters/crm/hubspot/client/hubspot.client.ts';
import { createLocalCallLimiter, type CallLimiter, type WindowSettings } from '../../src/adapters/crm/hubspot/client/call-limiter.ts';
import type { SharedCallLimits } from '../../src/adapters/crm/hubspot/client/pg-call-limiter.ts';
import { setupHubSpot } from '../../src/adapters/crm/hubspot/setup/hubspot.setup.ts';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import { connectCrms } from '../../src/composition/crm-connections.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import { parseEnv } from '../../src/config/env.schema.ts';
import { seedPortfolio, startHubSpotSimulator, type HubSpotSimulator } from '../support/hubspot-simulator/index.ts';
import { plainPortfolio } from '../webhooks/hubspot-rig.ts';

describe('the runtime with shared rate limits', () => {
  let simulator: HubSpotSimulator;
  beforeAll(async () => {
    simulator = await startHubSpotSimulator();
    seedPortfolio(simulator.portal, plainPortfolio(5));
    await setupHubSpot({ client: createHubSpotClient({ accessToken: 'simulated-token', baseUrl: simulator.url, rateLimit: 1_000, windowMs: 1_000 }) });
  });
  afterAll(async () => {
    await simulator?.close();
  });

  it('paces a portal\'s write-back through the limiter of that portal', async () => {
    const asked: { key: string; settings: WindowSettings }[] = [];
    let acquired = 0;
    const limits: SharedCallLimits = {
      limiter(key, settings): CallLimiter {
        asked.push({ key, settings });
        const local = createLocalCallLimiter(settings);
        return { ...local, acquire: (search) => ((acquired += 1), local.acquire(search)) };
      },
      close: async () => {},
    };
    const env = parseEnv({ HUBSPOT_ACCESS_TOKEN: 'simulated-token', HUBSPOT_BASE_URL: simulator.url });
    const config = parseConfig({ hubspot: { portalId: String(simulator.portal.hubId), rateLimit: 150 } }, 'test');
    if (!env.ok || !config.ok) throw new Error('bad test settings');
    const store = createSqliteStore({ path: ':memory:' });
    await store.migrate();
    const crm = await connectCrms({ env: env.env, config: config.config, store, log: silentLogger, mode: 'hubspot', callLimits: limits });
    const tenant = `hubspot:${simulator.portal.hubId}`;
    const report = await crm.writerFor(tenant)!.write([{ companyId: '1001', values: { total_value: '10.00' } }], async () => {});
    await store.close();

    expect(report.written).toHaveLength(1);
    expect(asked).toEqual([{ key: tenant, settings: { limit: 150, windowMs: 10_000, searchLimit: 5, searchWindowMs: 1_000 } }]);
    expect(acquired).toBe(1);
  });
});
