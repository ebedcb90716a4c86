// One instance of the shared-limiter test, in a thread of its own: its own pg pool, its own
// limiter (shared through PostgreSQL, or an in-process one when SHARED is off) and HubSpot
// client, writing back its companies. Posts 'ready', waits for 'go' when asked to, posts its report.
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { createHubSpotClient } from '../../src/adapters/crm/hubspot/client/hubspot.client.ts';
import { createPgCallLimits } from '../../src/adapters/crm/hubspot/client/pg-call-limiter.ts';
import { createHubSpotWriter } from '../../src/adapters/crm/hubspot/write/hubspot.writer.ts';

export interface InstanceData {
  simUrl: string;
  tenant: string;
  databaseUrl: string;
  schema: string;
  shared: boolean;
  limit: number;
  windowMs: number;
  companyIds: string[];
  batchSize: number;
  waitForGo: boolean;
}

const data = workerData as InstanceData;
const port = parentPort!;
const pool = new pg.Pool({ connectionString: data.databaseUrl, max: 2 });
const settings = { limit: data.limit, windowMs: data.windowMs, searchLimit: 5, searchWindowMs: 1_000 };
const limits = data.shared ? await createPgCallLimits({ pool, schema: data.schema }) : null;
const client = createHubSpotClient({
  accessToken: 'simulated-token',
  baseUrl: data.simUrl,
  ...(limits ? { limiter: limits.limiter(data.tenant, settings) } : { rateLimit: data.limit, windowMs: data.windowMs }),
  maxRateLimitRetries: 3,
});
const writer = createHubSpotWriter({ client, tenant: data.tenant, batchSize: data.batchSize, concurrency: 2 });
port.postMessage({ type: 'ready' });
if (data.waitForGo) await new Promise((resolve) => port.once('message', resolve));
const report = await writer.write(
  data.companyIds.map((companyId) => ({ companyId, values: { total_value: '1250.50' } })),
  async () => {},
);
await pool.end();
port.postMessage({ type: 'done', written: report.written.length, failed: report.failed.length, stoppedBy: report.stoppedBy, rateLimited: client.stats.rateLimited });
