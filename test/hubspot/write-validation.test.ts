// A portal's validation rules (enforced on API writes from version 2026-09 on) refuse some
// companies: the run writes the others, names the refused ones with the rule's message in its
// report, counts them in /metrics by code, and tries them again on the next run.
import { afterEach, describe, expect, it } from 'vitest';
import { createStoreEchoLog } from '../../src/adapters/crm/hubspot/write/hubspot.echo-log.ts';
import { createHubSpotWriter } from '../../src/adapters/crm/hubspot/write/hubspot.writer.ts';
import { setupHubSpot } from '../../src/adapters/crm/hubspot/setup/hubspot.setup.ts';
import { createPrometheusMetrics } from '../../src/adapters/metrics/prometheus.metrics.ts';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { Store } from '../../src/app/ports/store.port.ts';
import { RankingPopulation } from '../../src/app/ranking-population.ts';
import type { RecomputeDeps } from '../../src/app/recompute.ts';
import { refreshTenant } from '../../src/app/refresh-tenant.ts';
import { refusedWrites } from '../../src/app/write-back.ts';
import { portfolioOverview } from '../../src/app/portfolio-overview.ts';
import { describeOverview } from '../../src/cli/commands/report.command.ts';
import { createRefusalTally } from '../../src/composition/write-refusals.ts';
import { configHash } from '../../src/config/config-hash.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { hubspotSourceAgainstSimulator, type SourceAgainstSimulator } from '../support/hubspot-simulator/index.ts';
import { AS_OF, plainPortfolio } from '../webhooks/hubspot-rig.ts';

const RULE = 'Next contact date is required when Lifecycle stage is Customer';
const REFUSED = ['1012', '1047', '1088'];

describe('write validation: a portal rule refuses 3 of 100 companies', () => {
  let hub: SourceAgainstSimulator | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await hub?.close();
    await store?.close();
  });

  it('writes 97, reports the 3 by name with the rule, counts them by code, and writes them on the next run', async () => {
    store = createSqliteStore({ path: ':memory:' });
    await store.migrate();
    const tenant = 'hubspot:4242';
    const echoes = createStoreEchoLog({ store, tenant });
    hub = await hubspotSourceAgainstSimulator(plainPortfolio(100), { tenant, source: { echoes, overlapMs: 0 } });
    await setupHubSpot({ client: hub.client });
    const tally = createRefusalTally();
    const writer = tally.counted(createHubSpotWriter({ client: hub.client, tenant, echoes }));
    let now = AS_OF;
    const deps: RecomputeDeps = { store, config: DEFAULT_MODEL_CONFIG, configHash: configHash(DEFAULT_MODEL_CONFIG), now: () => now, log: silentLogger, population: new RankingPopulation(store) };
    for (const id of REFUSED) hub.simulator.validationRules.set(id, RULE);

    const first = await refreshTenant(deps, tenant, { source: hub.source, writer }, 'full');
    expect(first.write!.written).toHaveLength(97);
    expect(first.write!.failed).toEqual(REFUSED.map((companyId) => ({ companyId, code: 'crm.invalid_value', message: RULE })));
    const companies = hub.simulator.portal.table('companies');
    for (const id of REFUSED) expect(companies.live(id)!.properties.kw_segment).toBeUndefined();
    // The run's report: its counts, and the refused companies by name with the rule's words.
    const run = (await store.listRuns(tenant, 1))[0]!;
    expect(run.counts).toMatchObject({ written: 97, write_refused: 3 });
    expect(await refusedWrites(store, tenant)).toEqual(REFUSED.map((companyId) => ({ companyId, name: `Klant ${Number(companyId) - 1001}`, code: 'crm.invalid_value', message: RULE })));
    // `report` and the dashboard's overview list them the same way.
    const text = [...describeOverview(await portfolioOverview(store, tenant, DEFAULT_MODEL_CONFIG))].join('');
    expect(text).toContain(`Refused by the CRM (3; tried again on the next run)\n  Klant 11 (1012): ${RULE} [crm.invalid_value]`);
    // /metrics: a counter by tenant and code.
    const metrics = createPrometheusMetrics({ apiUsage: () => [{ tenant, calls: 0, rateLimited: 0, refusedWrites: tally.totals().get(tenant)! }], processMetrics: false });
    expect((await metrics.render()).body).toContain(`klantwaarde_crm_writes_refused_total{tenant="${tenant}",code="crm.invalid_value"} 3`);

    // The admin relaxes the rule; nothing else changes; the next (incremental) run writes the 3.
    hub.simulator.validationRules.clear();
    now += 60 * 60_000;
    const second = await refreshTenant(deps, tenant, { source: hub.source, writer }, 'incremental');
    expect(second.sync!.changedCompanyIds).toEqual([]);
    expect(second.write!.written.map((u) => u.companyId).sort()).toEqual(REFUSED);
    expect(second.write!.failed).toEqual([]);
    for (const id of REFUSED) expect(companies.live(id)!.properties.kw_segment).toBeDefined();
    expect(await refusedWrites(store, tenant)).toEqual([]);
  });
});
