// The composition root of the server: config → store → connectors → use cases →
// app.listen + scheduler. `npm start` and `klantwaarde serve` run startServer().
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createFileSource } from './adapters/crm/file/file.source.ts';
import { refreshTenant } from './app/refresh-tenant.ts';
import { recomputeAll } from './app/recompute.ts';
import { syncTenant } from './app/sync.ts';
import { ConfigInvalid, LOCAL_TENANT, openRuntime, type Runtime, type Surroundings } from './composition/runtime.ts';
import type { Router } from 'express';
import { buildInstallUrl } from './adapters/crm/hubspot/hubspot.ts';
import { AppError } from './app/errors.ts';
import { createApp } from './http/app.ts';
import type { CardAuth } from './http/company.routes.ts';
import { oauthRoutes } from './http/oauth.routes.ts';
import { signedCardAuth } from './http/signed-card-auth.ts';
import { accessGate, dashboardRoutes } from './http/dashboard/dashboard.routes.ts';
import { startScheduler, type Job } from './scheduler/scheduler.ts';
import { startWebhookProcessing } from './composition/webhook-processing.ts';
import { hubspotWebhookRoutes } from '../webhooks/hubspot/webhook.route.ts';
import { hubspotActionRoutes } from './http/actions/hubspot-recalculate.route.ts';
import { metricsRoutes } from './http/metrics.routes.ts';
import { prepareConnectedOrg, salesforceRouters } from './composition/salesforce-routes.ts';
import { outboundMessageUrl } from './adapters/crm/salesforce/salesforce.ts';

export const SAMPLE_PORTAL = fileURLToPath(new URL('../examples/sample-portal', import.meta.url));

export interface RunningServer {
  url: string;
  runtime: Runtime;
  stop(): Promise<void>;
}

export async function startServer(options: { io: Surroundings; configPath?: string; port?: number }): Promise<RunningServer> {
  const { io } = options;
  const runtime = await openRuntime({ configPath: options.configPath, io, logDestination: 1 });
  const { store, log, recompute, config } = runtime;

  if (runtime.mode === 'local') await prepareLocalTenant(runtime);

  const fullRun = async (tenant: string) => {
    await refreshTenant(recompute, tenant, { source: runtime.crm.sourceFor(tenant), writer: runtime.crm.writerFor(tenant) }, 'full');
  };
  const eachTenant = (mode: 'full' | 'incremental') => async () => {
    for (const tenant of await runtime.tenants()) {
      // One tenant's failure must not stop the others.
      try {
        await refreshTenant(recompute, tenant, { source: runtime.crm.sourceFor(tenant), writer: runtime.crm.writerFor(tenant) }, mode);
      } catch (err) {
        log.error({ tenant, mode, err }, 'tenant refresh failed');
      }
    }
  };
  const jobs: Job[] = [{ name: 'full-recompute', cron: config.schedule.full, run: eachTenant('full') }];
  if (runtime.mode !== 'local') jobs.push({ name: 'incremental-sync', cron: config.schedule.incremental, run: eachTenant('incremental') });
  // The durable work queue, its worker thread, the cluster lock and the metrics.
  const webhooks = await startWebhookProcessing({ runtime, io, configPath: options.configPath });
  const scheduler = startScheduler(jobs, { timezone: config.schedule.timezone, log, ...(webhooks.lock ? { lock: webhooks.lock } : {}) });
  const secret = runtime.env.HUBSPOT_CLIENT_SECRET;
  const signedRouters = [
    ...(secret
      ? [
          hubspotWebhookRoutes({ clientSecret: secret, publicUrl: runtime.env.PUBLIC_URL, queue: webhooks.queue, isConnected: webhooks.isConnected, log, metrics: webhooks.metrics }),
          hubspotActionRoutes({ clientSecret: secret, publicUrl: runtime.env.PUBLIC_URL, isConnected: webhooks.isConnected, actions: webhooks.actions, log, metrics: webhooks.metrics }),
        ]
      : []),
    // POST /webhooks/salesforce and /actions/salesforce/recalculate, when a Salesforce org is connected.
    ...salesforceRouters(runtime, webhooks),
  ];

  const app = createApp({
    recompute,
    log,
    cardAuth: cardAuthFor(runtime),
    crm: runtime.crm,
    ready: async () => {
      await store.countCompanies(LOCAL_TENANT);
      return webhooks.ready();
    },
    rawRouters: signedRouters,
    routers: [
      metricsRoutes(() => webhooks.metrics.render(), { token: runtime.env.METRICS_TOKEN }),
      ...oauthRouters(runtime, fullRun),
      dashboardRoutes({
        store,
        recompute,
        config,
        tenants: () => runtime.tenants(),
        startFullRun: fullRun,
        gate: accessGate(runtime.env.DASHBOARD_TOKEN ? { mode: 'token', token: runtime.env.DASHBOARD_TOKEN } : { mode: 'local' }),
        retentionGoal: config.dashboard.retentionGoal,
      }),
    ],
  });

  const port = options.port ?? runtime.env.PORT ?? config.server.port;
  const server = app.listen(port);
  await once(server, 'listening');
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      log.info({}, 'stopping: finishing running jobs');
      await scheduler.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await webhooks.stop();
      await runtime.close();
    })());

  return { url, runtime, stop };
}

/** Local mode answers for the local tenant; with a CRM connected only signed requests are served. */
function cardAuthFor(runtime: Runtime): CardAuth {
  if (runtime.mode === 'local') return async () => ({ tenant: LOCAL_TENANT, user: 'local user' });
  const secret = runtime.env.HUBSPOT_CLIENT_SECRET;
  if (secret) return signedCardAuth({ clientSecret: secret, publicUrl: runtime.env.PUBLIC_URL });
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

/** Local mode: load the sample portal into an empty store and make sure results exist. */
async function prepareLocalTenant(runtime: Runtime): Promise<void> {
  const { store, log, recompute } = runtime;
  if ((await store.countCompanies(LOCAL_TENANT)) === 0) {
    log.info({ dir: SAMPLE_PORTAL }, 'empty store: loading the sample portal');
    await syncTenant(store, createFileSource({ dir: SAMPLE_PORTAL, tenant: LOCAL_TENANT }), 'full', log);
  }
  await recomputeAll(recompute, LOCAL_TENANT);
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
    // A bad config or environment is the user's to fix: say what, without a stack trace.
    process.stderr.write(`${error instanceof ConfigInvalid ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = error instanceof ConfigInvalid ? 2 : 1;
  }
}
