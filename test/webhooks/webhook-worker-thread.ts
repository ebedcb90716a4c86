// The recompute worker of the webhook server, in a thread of its own: the store, the CRM and
// the worker loop, so recomputing never holds up a webhook request; the queue is the main
// thread's, reached over the port.
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createHubSpotClient } from '../../src/adapters/crm/hubspot/client/hubspot.client.ts';
import { createHubSpotCompanyResolver } from '../../src/adapters/crm/hubspot/inbound/hubspot.company-resolver.ts';
import { createHubSpotSource } from '../../src/adapters/crm/hubspot/read/hubspot.source.ts';
import { createHubSpotWriter } from '../../src/adapters/crm/hubspot/write/hubspot.writer.ts';
import { queueOverPort } from '../../src/adapters/queue/queue-over-port.ts';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import { RankingPopulation } from '../../src/app/ranking-population.ts';
import { createRecomputeWorker } from '../../src/app/recompute-worker.ts';
import { configHash } from '../../src/config/config-hash.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';

const env = workerData as Record<string, string | undefined>;
const setting = (name: string, fallback: number) => Number(env[name] ?? fallback);
const dir = env.DATA_DIR!;
const tenant = env.TENANT!;
const asOf = Number(env.AS_OF);

const store = createSqliteStore({ path: join(dir, 'klantwaarde.db') });
await store.migrate();
const queue = queueOverPort(parentPort!);
const client = createHubSpotClient({ accessToken: 'simulated-token', baseUrl: env.SIM_URL!, rateLimit: setting('RATE_LIMIT', 1000), windowMs: setting('RATE_WINDOW_MS', 1000), searchRateLimit: 1000, searchWindowMs: 1000 });
const crm = {
  source: createHubSpotSource({ client, tenant, roles: JSON.parse(env.ROLES!) }),
  writer: createHubSpotWriter({ client, tenant }),
  resolver: createHubSpotCompanyResolver({ client }),
};
const recompute = { store, config: DEFAULT_MODEL_CONFIG, configHash: configHash(DEFAULT_MODEL_CONFIG), now: () => asOf, log: silentLogger, population: new RankingPopulation(store) };
createRecomputeWorker({ queue, recompute, crmFor: () => crm }, { intervalMs: setting('INTERVAL_MS', 50), batchSize: setting('BATCH_SIZE', 5_000) }).start();
