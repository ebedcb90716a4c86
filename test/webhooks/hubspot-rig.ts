// A connected HubSpot tenant for the webhook and workflow tests: the local simulator seeded
// with a portfolio, set up (kw_ properties), synced into a real SQLite store, computed and
// written back once — the state a running installation is in when webhooks start coming.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHubSpotCompanyResolver } from '../../src/adapters/crm/hubspot/inbound/hubspot.company-resolver.ts';
import { setupHubSpot } from '../../src/adapters/crm/hubspot/setup/hubspot.setup.ts';
import { createHubSpotWriter } from '../../src/adapters/crm/hubspot/write/hubspot.writer.ts';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import type { Logger } from '../../src/app/ports/logger.port.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { Store } from '../../src/app/ports/store.port.ts';
import { RankingPopulation } from '../../src/app/ranking-population.ts';
import { recomputeAll, type RecomputeDeps } from '../../src/app/recompute.ts';
import type { TenantCrm } from '../../src/app/recompute-worker.ts';
import { syncTenant } from '../../src/app/sync.ts';
import { writeBack } from '../../src/app/write-back.ts';
import { configHash } from '../../src/config/config-hash.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import type { Activity, Company, Deal, Portfolio } from '../../src/domain/records.ts';
import { hubspotSourceAgainstSimulator, type SourceAgainstSimulator } from '../support/hubspot-simulator/index.ts';

export const AS_OF = Date.parse('2026-11-01T09:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

/** Companies 1001… each with two won deals and a call; no relations, so a change moves one company. */
export function plainPortfolio(companies: number): Portfolio {
  const p = { companies: [] as Company[], deals: [] as Deal[], activities: [] as Activity[], relations: [], overrides: [] };
  for (let i = 0; i < companies; i++) {
    const id = String(1001 + i);
    p.companies.push({ id, name: `Klant ${i}`, industry: 'retail', employees: 10 + i, createdAt: AS_OF - 900 * DAY });
    for (let d = 0; d < 2; d++) {
      p.deals.push({ id: `${id}${d}`, companyId: id, amount: 1_000 * (i + 1) + 100 * d, closeDate: AS_OF - (30 + 60 * d) * DAY, status: 'won', pipeline: 'default', cost: 400 * (i + 1) });
    }
    p.activities.push({ id: `${id}9`, companyId: id, type: 'call', occurredAt: AS_OF - 10 * DAY, durationMinutes: 20, ownerRole: 'account_manager' });
  }
  return p;
}

export interface HubSpotRig {
  tenant: string;
  hub: SourceAgainstSimulator;
  store: Store;
  recompute: RecomputeDeps;
  crm: TenantCrm;
  /** Calls the simulator answered per route since the last reset, e.g. `POST ${HUBSPOT_PATHS.batchUpdate('companies')}`. */
  calls(route: string): number;
  close(): Promise<void>;
}

export async function hubspotRig(portfolio: Portfolio, options: { log?: Logger; latencyMs?: number; dir?: string } = {}): Promise<HubSpotRig> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kw-rig-'));
  const hub = await hubspotSourceAgainstSimulator(portfolio);
  const tenant = hub.source.tenant;
  const log = options.log ?? silentLogger;
  const store = createSqliteStore({ path: join(dir, 'klantwaarde.db') });
  await store.migrate();
  const recompute: RecomputeDeps = { store, config: DEFAULT_MODEL_CONFIG, configHash: configHash(DEFAULT_MODEL_CONFIG), now: () => AS_OF, log, population: new RankingPopulation(store) };
  const writer = createHubSpotWriter({ client: hub.client, tenant });
  const setup = await setupHubSpot({ client: hub.client });
  if (setup.failed.length > 0) throw new Error(`setup failed: ${JSON.stringify(setup.failed)}`);
  await syncTenant(store, hub.source, 'full', log);
  const first = await recomputeAll(recompute, tenant);
  await writeBack(store, writer, first.updates, log);
  hub.simulator.resetCounters();
  return {
    tenant,
    hub,
    store,
    recompute,
    crm: { source: hub.source, writer, resolver: createHubSpotCompanyResolver({ client: hub.client }) },
    calls: (route) => hub.simulator.counters.byRoute[route] ?? 0,
    async close() {
      await hub.close();
      await store.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Changes a deal's amount in the simulated portal, as a user would in HubSpot. */
export function changeDealAmount(rig: HubSpotRig, dealId: string, amount: number): void {
  const { portal } = rig.hub.simulator;
  const deals = portal.table('deals');
  deals.write(deals.live(dealId)!, { amount: String(amount) }, portal.now());
}

/** The kw_ properties the simulated portal holds for a company. */
export function written(rig: HubSpotRig, companyId: string): Record<string, string | null> {
  const record = rig.hub.simulator.portal.table('companies').live(companyId)!;
  return Object.fromEntries(Object.entries(record.properties).filter(([k]) => k.startsWith('kw_')));
}
