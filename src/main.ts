// The composition root of the server: config → store → listen → connectors → use cases →
// routes + scheduler. `npm start` and `klantwaarde serve` run startServer(). The port is taken
// first: a server that cannot listen stops before any worker or schedule starts, and says why.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type express from 'express';
import type { Router } from 'express';
import { folderPages } from './adapters/crm/file/folder-pages.ts';
import { refreshTenant } from './app/refresh-tenant.ts';
import { recomputeAll } from './app/recompute.ts';
import { loadFolder } from './app/sample/living-sample.ts';
import { readSampleDay } from './adapters/crm/file/sample.ts';
import { ConfigInvalid } from './composition/command-failures.ts';
import { LOCAL_TENANT, openRuntime, tenantConnection, type Runtime, type Surroundings } from './composition/runtime.ts';
import { buildInstallUrl } from './adapters/crm/hubspot/hubspot.ts';
import { AppError, isAppError } from './app/errors.ts';
import { listenHost } from './config/env.schema.ts';
import { createApp } from './http/app.ts';
import type { CardAuth } from './http/company.routes.ts';
import { oauthRoutes } from './http/oauth.routes.ts';
import { signedCardAuth } from './http/signed-card-auth.ts';
import { localCardAuth } from './http/local-card-auth.ts';
import { queueLedger, type SeenLedger } from './http/seen-ledger.ts';
import { accessGate, dashboardRoutes, type AccessGate } from './http/dashboard/dashboard.routes.ts';
import { startScheduler, type Job, type Scheduler } from './scheduler/scheduler.ts';
import { startWebhookProcessing, type WebhookProcessing } from './composition/webhook-processing.ts';
import { hubspotWebhookRoutes } from '../webhooks/hubspot/webhook.route.ts';
import { hubspotActionRoutes } from './http/actions/hubspot-recalculate.route.ts';
import { metricsRoutes } from './http/metrics.routes.ts';
import { prepareConnectedOrg, salesforceRouters } from './composition/salesforce-routes.ts';
import { outboundMessageUrl } from './adapters/crm/salesforce/salesforce.ts';
import { startShardedRuns, type ShardedRuns } from './composition/sharded-runs.ts';

export const SAMPLE_PORTAL = fileURLToPath(new URL('../examples/sample-portal', import.meta.url));

export interface RunningServer {
  url: string;
  /** Where it listens (address and port). */
  address: AddressInfo;
  runtime: Runtime;
  app: express.Express;
  stop(): Promise<void>;
}

/** Takes the port before anything else starts; answers 503 until the app is ready. */
async function listen(port: number, host: string | undefined): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '5' }).end(JSON.stringify({ status: 'starting' }));
  });
  server.listen(port, host);
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${host ?? 'every interface'} port ${port}`;
    const why = code === 'EADDRINUSE' ? 'another program is using it (set PORT to another port)' : code === 'EACCES' ? 'not allowed (ports below 1024 need privileges; set PORT)' : code === 'EADDRNOTAVAIL' ? 'this machine has no such address (check HOST)' : (error as Error).message;
    throw new AppError('server.cannot_listen', `Cannot listen on ${where}: ${why}${code ? ` (${code})` : ''}.`);
  }
  return server;
}

export async function startServer(options: { io: Surroundings; configPath?: string; port?: number }): Promise<RunningServer> {
  const { io } = options;
  const runtime = await openRuntime({ configPath: options.configPath, io, logDestination: 1 });
  const { log, config } = runtime;
  // What has started so far; stopped in this order when a later step fails, and by stop().
  const parts: { scheduler?: Scheduler; server?: Server; webhooks?: WebhookProcessing; sharded?: ShardedRuns | null } = {};
  const step = (what: string, work: () => Promise<void>) => work().catch((err: unknown) => log.error({ err }, `stopping the ${what} failed`));
  const stopAll = async () => {
    await step('scheduler', async () => parts.scheduler?.stop());
    await step('HTTP server', async () => {
      const { server } = parts;
      if (!server) return;
      // Requests under way are answered first; idle keep-alive connections are closed at once.
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    });
    await step('webhook processing', async () => parts.webhooks?.stop());
    await step('shard worker', async () => parts.sharded?.stop());
    await step('store', () => runtime.close());
  };

  let app: express.Express;
  try {
    parts.server = await listen(options.port ?? runtime.env.PORT ?? config.server.port, listenHost(runtime.env, runtime.mode));
    if (runtime.mode === 'local') await prepareLocalTenant(runtime);
    // The durable work queue, its worker thread, the cluster lock and the metrics.
    parts.webhooks = await startWebhookProcessing({ runtime, io, configPath: options.configPath });
    // PostgreSQL: this instance takes shards of every instance's full runs (README, "Running at scale").
    parts.sharded = await startShardedRuns(runtime);
    const sharded = parts.sharded;
    if (sharded) {
      parts.webhooks.metrics.watchShards(async () => {
        const lines = [];
        for (const tenant of await runtime.tenants()) for (const c of (await sharded.counts(tenant)) ?? []) lines.push({ tenant, ...c });
        return lines;
      });
    }
    const fullRun = fullRunOf(runtime, sharded);
    parts.scheduler = startScheduler(scheduledJobs(runtime, fullRun), { timezone: config.schedule.timezone, log, ...(parts.webhooks.lock ? { lock: parts.webhooks.lock } : {}) });
    app = serverApp(runtime, parts.webhooks, fullRun, sharded);
  } catch (error) {
    await stopAll();
    throw error;
  }
  const server = parts.server;
  server.removeAllListeners('request');
  server.on('request', app);
  const address = server.address() as AddressInfo;
  const url = `http://${urlHost(address)}:${address.port}`;

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      log.info({}, 'stopping: finishing running jobs');
      await stopAll();
    })());

  return { url, address, runtime, app, stop };
}

/** localhost for this machine or every interface (what a browser here opens), else the address itself. */
function urlHost(address: AddressInfo): string {
  const local = ['127.0.0.1', '::1', '0.0.0.0', '::'].includes(address.address);
  return local ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

/** A tenant's full run: as shards for every instance when they share PostgreSQL, else in this process. */
function fullRunOf(runtime: Runtime, sharded: ShardedRuns | null): (tenant: string) => Promise<void> {
  return async (tenant) => {
    await refreshTenant(runtime.recompute, tenant, tenantConnection(runtime, tenant), 'full', { sharded: sharded ? (t) => sharded.run(t) : null });
  };
}

/** The nightly full run, and with a CRM the periodic incremental sync, over every tenant. */
function scheduledJobs(runtime: Runtime, fullRun: (tenant: string) => Promise<void>): Job[] {
  const eachTenant = (mode: 'full' | 'incremental') => async () => {
    for (const tenant of await runtime.tenants()) {
      // One tenant's failure must not stop the others.
      try {
        if (mode === 'full') await fullRun(tenant);
        else await refreshTenant(runtime.recompute, tenant, tenantConnection(runtime, tenant), mode);
      } catch (err) {
        runtime.log.error({ tenant, mode, err }, 'tenant refresh failed');
      }
    }
  };
  const jobs: Job[] = [{ name: 'full-recompute', cron: runtime.config.schedule.full, run: eachTenant('full') }];
  if (runtime.mode !== 'local') jobs.push({ name: 'incremental-sync', cron: runtime.config.schedule.incremental, run: eachTenant('incremental') });
  return jobs;
}

/** Every route of the server, each behind its access rule (README, "Security"). */
function serverApp(runtime: Runtime, webhooks: WebhookProcessing, fullRun: (tenant: string) => Promise<void>, sharded: ShardedRuns | null): express.Express {
  const { env, log, store, recompute, config } = runtime;
  // Signed changes served once, sessions that logged out: in the queue's ledger, shared by every instance on PostgreSQL.
  const replays = queueLedger(webhooks.queue, 'klantwaarde:signed-requests');
  const gate = accessGate(env.DASHBOARD_TOKEN ? { mode: 'token', token: env.DASHBOARD_TOKEN } : { mode: 'local' }, {
    loggedOut: queueLedger(webhooks.queue, 'klantwaarde:dashboard-sessions'),
    secureCookies: env.PUBLIC_URL?.startsWith('https://') ?? false,
  });
  const secret = env.HUBSPOT_CLIENT_SECRET;
  const signedRouters = [
    ...(secret
      ? [
          hubspotWebhookRoutes({ clientSecret: secret, publicUrl: env.PUBLIC_URL, queue: webhooks.queue, isConnected: webhooks.isConnected, log, metrics: webhooks.metrics }),
          hubspotActionRoutes({ clientSecret: secret, publicUrl: env.PUBLIC_URL, isConnected: webhooks.isConnected, actions: webhooks.actions, log, metrics: webhooks.metrics, replays }),
        ]
      : []),
    // POST /webhooks/salesforce/<token> and /actions/salesforce/recalculate, when a Salesforce org is connected.
    ...salesforceRouters(runtime, webhooks),
  ];
  return createApp({
    recompute,
    log,
    cardAuth: cardAuthFor(runtime, gate, replays),
    crm: runtime.crm,
    ready: async () => {
      await store.countCompanies(LOCAL_TENANT);
      return webhooks.ready();
    },
    rawRouters: signedRouters,
    routers: [
      metricsRoutes(() => webhooks.metrics.render(), { token: env.METRICS_TOKEN }),
      ...oauthRouters(runtime, fullRun),
      dashboardRoutes({ store, recompute, config, tenants: () => runtime.tenants(), startFullRun: fullRun, gate, ...(sharded ? { shards: sharded.counts } : {}) }),
    ],
  });
}

/** Local mode: the dashboard's gate; with a CRM connected only HubSpot-signed (v3) requests are served. */
function cardAuthFor(runtime: Runtime, gate: AccessGate, replays: SeenLedger): CardAuth {
  if (runtime.mode === 'local') return localCardAuth(gate, LOCAL_TENANT);
  const secret = runtime.env.HUBSPOT_CLIENT_SECRET;
  if (secret) return signedCardAuth({ clientSecret: secret, publicUrl: runtime.env.PUBLIC_URL, replays });
  return async () => {
    throw new AppError('auth.not_configured', 'The card API verifies HubSpot signatures: set HUBSPOT_CLIENT_SECRET (the app\'s client secret).');
  };
}

/** The OAuth install flows (HubSpot OAuth app, Salesforce orgs); a new portal or org gets its first full run at once. */
function oauthRouters(runtime: Runtime, fullRun: (tenant: string) => Promise<void>): Router[] {
  const routers: Router[] = [];
  const oauth = runtime.crm.hubspotOAuth;
  const { HUBSPOT_CLIENT_ID: clientId } = runtime.env;
  if (oauth && clientId) {
    const redirectUri = `${runtime.env.PUBLIC_URL ?? `http://localhost:${runtime.env.PORT}`}/oauth/hubspot/callback`;
    routers.push(
      oauthRoutes({
        crm: 'hubspot',
        installUrl: (state) => buildInstallUrl({ clientId, redirectUri, state }),
        install: (code) => oauth.install(code),
        onInstalled: fullRun,
        log: runtime.log,
      }),
    );
  }
  // GET /oauth/salesforce/connect → Salesforce's consent page; /callback stores the org's tokens (SALESFORCE_AUTH_FLOW=oauth).
  const orgs = runtime.crm.salesforceOrgs;
  const salesforce = orgs?.oauth;
  if (orgs && salesforce) {
    routers.push(
      oauthRoutes({
        crm: 'salesforce',
        installUrl: (state) => salesforce.authorizeUrl(state),
        install: (code, state) => salesforce.install(code, state),
        // The KW_ fields and permission sets first (setup), then the first full run.
        onInstalled: async (tenant) => {
          await prepareConnectedOrg(runtime, tenant);
          await fullRun(tenant);
        },
        notice: async (tenant) => {
          const secret = await orgs.issueCalloutSecret(tenant);
          return secret
            ? `Flow callouts to /actions/salesforce/recalculate: put this secret in the X-Klantwaarde-Secret header of the org's Named Credential (it is shown once): ${secret} . Outbound Messages: set each one's endpoint URL to ${outboundMessageUrl(runtime.env.PUBLIC_URL, secret)}`
            : null;
        },
        log: runtime.log,
      }),
    );
  }
  return routers;
}

/**
 * Local mode: load the sample portal into an empty store and make sure results exist. The
 * full run moves the sample on to today (app/sample/living-sample.ts): it never ages.
 */
async function prepareLocalTenant(runtime: Runtime): Promise<void> {
  const { store, log, recompute } = runtime;
  if ((await store.countCompanies(LOCAL_TENANT)) === 0) {
    log.info({ dir: SAMPLE_PORTAL }, 'empty store: loading the sample portal');
    await loadFolder(store, LOCAL_TENANT, folderPages(SAMPLE_PORTAL), await readSampleDay(SAMPLE_PORTAL));
  }
  await recomputeAll(recompute, LOCAL_TENANT, { onResults: () => undefined });
}

export interface ServeIo extends Surroundings {
  stdout: NodeJS.WritableStream;
}

/** Serves until SIGINT/SIGTERM, then stops cleanly: running jobs finish, results are kept. */
export async function runServe(io: ServeIo, configPath?: string): Promise<number> {
  const server = await startServer({ io, configPath });
  const { runtime } = server;
  io.stdout.write(
    [
      '',
      `Klantwaarde is running (${runtime.mode === 'local' ? 'local mode: sample portal on the embedded SQLite store' : `connected: ${runtime.mode}`}).`,
      `  Dashboard      ${server.url}/`,
      `  Company data   ${server.url}/api/companies/<id>`,
      `  Health         ${server.url}/health`,
      `  Listening on   ${server.address.address} port ${server.address.port}${server.address.address === '127.0.0.1' && runtime.env.HOST === undefined ? ' (this machine only: no CRM and no DASHBOARD_TOKEN; HOST changes it)' : ''}`,
      `Config: ${runtime.configSource}. Nightly full run: "${runtime.config.schedule.full}" (${runtime.config.schedule.timezone}). Stop with Ctrl+C.`,
      '',
    ].join('\n') + '\n',
  );
  await new Promise<void>((resolve) => {
    const onSignal = (signal: string) => {
      runtime.log.info({ signal }, 'signal received');
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void server.stop().then(resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return 0;
}

// `node src/main.ts` (npm start).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.exitCode = await runServe({ stdout: process.stdout, env: { ...process.env }, cwd: process.cwd() });
  } catch (error) {
    // A bad config or environment, or a port that is taken, is the user's to fix: one line, no stack trace.
    const message = error instanceof ConfigInvalid ? error.message : isAppError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${message}\n`);
    process.exitCode = error instanceof ConfigInvalid ? 2 : 1;
    // Whatever had started was stopped; should anything still hold the process, it ends anyway.
    setTimeout(() => process.exit(), 2_000).unref();
  }
}
