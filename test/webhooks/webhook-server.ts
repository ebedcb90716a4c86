// A webhook server process, wired as the production one: the webhook route and the queue (the
// embedded one, or pg-boss when QUEUE_DATABASE_URL is set) on the main thread, the recompute worker (store, CRM) in a thread of its own
// (webhook-worker-thread.ts) that reaches the queue over the port; files in DATA_DIR, HubSpot
// at SIM_URL. The crash test kills it; the bench loads it. Prints "READY <port>" once it
// listens; GET /status answers the queue's stats.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import express from 'express';
import { serveQueue } from '../../src/adapters/queue/queue-over-port.ts';
import { createPgBossQueue } from '../../src/adapters/queue/pgboss.queue.ts';
import { createSqliteQueue } from '../../src/adapters/queue/sqlite.queue.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import { hubspotWebhookRoutes } from '../../webhooks/hubspot/webhook.route.ts';

const env = process.env;
const tenant = env.TENANT!;
const setting = (name: string, fallback: number) => Number(env[name] ?? fallback);
const tuning = { settleMs: setting('SETTLE_MS', 200), leaseMs: setting('LEASE_MS', 2_000) };
const queue = env.QUEUE_DATABASE_URL
  ? await createPgBossQueue({
      connectionString: env.QUEUE_DATABASE_URL,
      ...(env.QUEUE_SCHEMA ? { schema: env.QUEUE_SCHEMA } : {}),
      ...(env.INSTANCE_ID ? { instanceId: env.INSTANCE_ID } : {}),
      heartbeatSeconds: setting('HEARTBEAT_SECONDS', 30),
      superviseIntervalSeconds: setting('SUPERVISE_SECONDS', 30),
      ...tuning,
    })
  : createSqliteQueue({ path: join(env.DATA_DIR!, 'queue.db'), releaseLeases: true, ...tuning });

const worker = new Worker(new URL('./webhook-worker-thread.ts', import.meta.url), { workerData: { ...env } });
serveQueue(queue, worker);
worker.on('error', (err) => {
  process.stderr.write(`worker thread failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});

const app = express();
app.use(hubspotWebhookRoutes({ clientSecret: env.CLIENT_SECRET!, queue, isConnected: (t) => t === tenant, log: silentLogger }));
app.get('/status', async (_req, res) => {
  res.json(await queue.stats());
});
const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
