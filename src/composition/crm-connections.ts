// The CRM side of the runtime: which tenants are connected, and each one's source and
// writer. Local mode has the file tenant only, which is imported, never written to.
// HubSpot: one portal with a static token (HUBSPOT_ACCESS_TOKEN), or many via OAuth
// (tenants are the portals that installed the app; tokens live encrypted in the store).
// Salesforce: one org signed in server to server (JWT bearer, client credentials, a fixed
// token), or many orgs connected by their admins through OAuth (SALESFORCE_AUTH_FLOW=oauth;
// tenants are the orgs whose tokens are in the store, encrypted, and not revoked).
import {
  createHubSpotClient,
  createHubSpotSource,
  createHubSpotTasks,
  createHubSpotWriter,
  createStoreEchoLog,
  createStoreTokenVault,
  createTokenManager,
  HUBSPOT_WINDOWS,
  isHubSpotError,
  portalOfToken,
  relationLabelsFrom,
  type AppCredentials,
  type EchoLog,
  type HubSpotClient,
  type SharedCallLimits,
  type TokenManager,
} from '../adapters/crm/hubspot/hubspot.ts';
import {
  clientCredentialsSession,
  connectSalesforce,
  createCalloutSecrets,
  createSalesforceSource,
  createSalesforceTasks,
  createSalesforceTokenManager,
  createSalesforceTokenVault,
  createSalesforceWriter,
  jwtBearerSession,
  orgOfTenant,
  staticSession,
  type CalloutSecrets,
  type FieldNames,
  type SalesforceConnection,
  type SalesforceTokenManager,
  type SessionSource,
  type SatisfactionSource,
} from '../adapters/crm/salesforce/salesforce.ts';
import type { TaskKeeping } from '../app/contact-tasks.ts';
import { AppError } from '../app/errors.ts';
import type { CrmSource, CrmTasks, CrmWriter } from '../app/ports/crm.port.ts';
import type { TaskSettings } from '../domain/contact-tasks.ts';
import type { Logger } from '../app/ports/logger.port.ts';
import type { Store, TenantId } from '../app/ports/store.port.ts';
import type { KlantwaardeConfig } from '../config/config.schema.ts';
import type { CrmMode, Env, SalesforceAuthFlow } from '../config/env.schema.ts';
import { createTaskTally, type TaskAction } from './task-tally.ts';
import { createRefusalTally } from './write-refusals.ts';

export interface CrmConnections {
  tenants(): Promise<TenantId[]>;
  sourceFor(tenant: TenantId): CrmSource | null;
  writerFor(tenant: TenantId): CrmWriter | null;
  /** The tenant's contact-schedule tasks; null when tasks are off (config tasks.enabled) or it has no CRM. */
  tasksFor(tenant: TenantId): TaskKeeping | null;
  /** The HubSpot API client of a portal (setup, webhooks, workflow callbacks). */
  hubspotClient(tenant: TenantId): HubSpotClient | null;
  /** The OAuth token manager when HubSpot runs as an OAuth app. */
  hubspotOAuth: TokenManager | null;
  /** The HubSpot app's client id and secret when both are set (token introspection: scopes). */
  hubspotApp: AppCredentials | null;
  /** Companies the CRM refused to write since the process started, per tenant and code. */
  refusedWrites(): Map<TenantId, Record<string, number>>;
  /** What the task calls did since the process started, per tenant and action. */
  taskActions(): Map<TenantId, Partial<Record<TaskAction, number>>>;
  /** The one Salesforce org signed in server to server (setup); null with OAuth orgs. */
  salesforce: { conn: SalesforceConnection; fields: Partial<FieldNames> } | null;
  /** The Salesforce org(s), however they sign in (change notifications, Flow callouts, OAuth). */
  salesforceOrgs: SalesforceOrgs | null;
}

/** One CRM's connections (refused writes and task calls are counted over all of them); its tasks without the settings. */
type CrmPart = Omit<CrmConnections, 'refusedWrites' | 'taskActions' | 'tasksFor'> & { tasksFor(tenant: TenantId): CrmTasks | null };

export interface SalesforceOrgs {
  flow: SalesforceAuthFlow;
  /** Config salesforce.costField, referralField, influenceField (setup creates them when missing). */
  fields: Partial<FieldNames>;
  /** Whether the tenant is a connected org, asked of the store now (the webhook side caches tenants() for a while). */
  isConnected(tenant: TenantId): Promise<boolean>;
  /** The org's connection (opened once, renewed on a 401); null for a tenant that is not a connected org. */
  connection(tenant: TenantId): Promise<SalesforceConnection | null>;
  /** The token manager of the OAuth web-server flow (SALESFORCE_AUTH_FLOW=oauth). */
  oauth: SalesforceTokenManager | null;
  /** The shared secret a Flow's HTTP callout must send for this org; null when none was issued. */
  calloutSecret(tenant: TenantId): Promise<string | null>;
  /** Issues a callout secret to an org that has none (answers it, to show once); null when it has one or none can be kept. */
  issueCalloutSecret(tenant: TenantId): Promise<string | null>;
  /** API calls of the connections opened so far in this process (for /metrics). */
  usage(): { tenant: TenantId; calls: number }[];
}

export interface CrmConnectionOptions {
  env: Env;
  config: KlantwaardeConfig;
  store: Store;
  log: Logger;
  mode: CrmMode;
  /** The clock survey windows end at (default: the wall clock). */
  now?: () => number;
  /** With PostgreSQL (more than one instance may run): each portal's rate windows shared by all of them. */
  callLimits?: SharedCallLimits | null;
}

const HUBSPOT_PREFIX = 'hubspot:';

export async function connectCrms(options: CrmConnectionOptions): Promise<CrmConnections> {
  if (options.mode === 'local') {
    return { tenants: async () => ['local'], sourceFor: () => null, writerFor: () => null, tasksFor: () => null, hubspotClient: () => null, hubspotOAuth: null, hubspotApp: null, refusedWrites: () => new Map(), taskActions: () => new Map(), salesforce: null, salesforceOrgs: null };
  }
  const parts: CrmPart[] = [];
  if (options.mode === 'hubspot' || options.mode === 'both') parts.push(await connectHubSpot(options));
  if (options.mode === 'salesforce' || options.mode === 'both') parts.push(options.env.SALESFORCE_AUTH_FLOW === 'oauth' ? connectSalesforceOAuth(options) : await connectSalesforceOrg(options));
  const connections = parts.length === 1 ? parts[0]! : combine(parts);
  const tally = createRefusalTally();
  const taskTally = createTaskTally();
  const settings = taskSettingsOf(options.config);
  return {
    ...connections,
    writerFor: (tenant) => {
      const writer = connections.writerFor(tenant);
      return writer && tally.counted(writer);
    },
    // tasks.enabled false: no tasks connection at all, so not one task call is made.
    tasksFor: (tenant) => {
      const tasks = options.config.tasks.enabled ? connections.tasksFor(tenant) : null;
      return tasks && { crm: taskTally.counted(tasks), settings };
    },
    refusedWrites: tally.totals,
    taskActions: taskTally.totals,
  };
}

/** How tasks are timed, worded and assigned, from the config. */
export function taskSettingsOf(config: KlantwaardeConfig): TaskSettings {
  return { leadDays: config.tasks.leadDays, timeZone: config.schedule.timezone, locale: config.locale, roles: { owners: config.roles.owners, default: config.roles.default } };
}

/** Both CRMs at once: each tenant belongs to the connection whose prefix it carries. */
function combine(parts: CrmPart[]): CrmPart {
  const first = <T>(pick: (c: CrmPart) => T | null): T | null => {
    for (const part of parts) {
      const found = pick(part);
      if (found) return found;
    }
    return null;
  };
  return {
    tenants: async () => (await Promise.all(parts.map((p) => p.tenants()))).flat(),
    sourceFor: (tenant) => first((p) => p.sourceFor(tenant)),
    writerFor: (tenant) => first((p) => p.writerFor(tenant)),
    tasksFor: (tenant) => first((p) => p.tasksFor(tenant)),
    hubspotClient: (tenant) => first((p) => p.hubspotClient(tenant)),
    hubspotOAuth: first((p) => p.hubspotOAuth),
    hubspotApp: first((p) => p.hubspotApp),
    salesforce: first((p) => p.salesforce),
    salesforceOrgs: first((p) => p.salesforceOrgs),
  };
}

/**
 * One Salesforce org: server-to-server with the JWT bearer flow (client id, username,
 * private key), the client credentials flow (client id and secret on the org's My Domain),
 * or a fixed access token with its instance URL. SALESFORCE_AUTH_FLOW picks one when several fit.
 */
async function connectSalesforceOrg(options: CrmConnectionOptions): Promise<CrmPart> {
  const { env, config, log } = options;
  const loginUrl = env.SALESFORCE_LOGIN_URL;
  const flow = env.SALESFORCE_AUTH_FLOW ?? (env.SALESFORCE_PRIVATE_KEY && env.SALESFORCE_USERNAME ? 'jwt' : env.SALESFORCE_CLIENT_SECRET ? 'client_credentials' : 'token');
  const session: SessionSource | null =
    flow === 'jwt' && env.SALESFORCE_PRIVATE_KEY && env.SALESFORCE_CLIENT_ID && env.SALESFORCE_USERNAME
      ? jwtBearerSession({ clientId: env.SALESFORCE_CLIENT_ID, username: env.SALESFORCE_USERNAME, privateKey: env.SALESFORCE_PRIVATE_KEY, loginUrl })
      : flow === 'client_credentials' && env.SALESFORCE_CLIENT_ID && env.SALESFORCE_CLIENT_SECRET
        ? clientCredentialsSession({ clientId: env.SALESFORCE_CLIENT_ID, clientSecret: env.SALESFORCE_CLIENT_SECRET, loginUrl })
        : flow === 'token' && env.SALESFORCE_ACCESS_TOKEN && env.SALESFORCE_INSTANCE_URL
          ? staticSession({ accessToken: env.SALESFORCE_ACCESS_TOKEN, instanceUrl: env.SALESFORCE_INSTANCE_URL })
          : null;
  if (!session) {
    throw new AppError('config.invalid', 'Salesforce needs SALESFORCE_CLIENT_ID with SALESFORCE_USERNAME and SALESFORCE_PRIVATE_KEY (JWT bearer), or with SALESFORCE_CLIENT_SECRET (client credentials), or SALESFORCE_ACCESS_TOKEN with SALESFORCE_INSTANCE_URL, or SALESFORCE_AUTH_FLOW=oauth to connect orgs through OAuth.');
  }
  const conn = await connectSalesforce({ session, apiVersion: config.salesforce.apiVersion, loginUrl, log });
  const fields = salesforceFields(config);
  const mine = (tenant: TenantId) => tenant === conn.tenant;
  const stored = storedCalloutSecrets(options);
  const fixed = env.SALESFORCE_CALLOUT_SECRET;
  return {
    tenants: async () => [conn.tenant],
    sourceFor: (tenant) => (mine(tenant) ? salesforceSource(conn, options) : null),
    writerFor: (tenant) => (mine(tenant) ? salesforceWriter(conn, options) : null),
    tasksFor: (tenant) => (mine(tenant) ? salesforceTasks(conn, options) : null),
    hubspotClient: () => null,
    hubspotOAuth: null,
    hubspotApp: null,
    salesforce: { conn, fields },
    salesforceOrgs: {
      flow,
      fields,
      isConnected: async (tenant) => mine(tenant),
      connection: async (tenant) => (mine(tenant) ? conn : null),
      oauth: null,
      // SALESFORCE_CALLOUT_SECRET, else the one `setup salesforce` issued (kept sealed in the store).
      calloutSecret: async (tenant) => (!mine(tenant) ? null : (fixed ?? (await stored?.secretFor(tenant)) ?? null)),
      issueCalloutSecret: async (tenant) => (!mine(tenant) || fixed || !stored || (await stored.secretFor(tenant)) ? null : stored.rotate(tenant)),
      usage: () => [{ tenant: conn.tenant, calls: conn.stats.calls }],
    },
  };
}

/**
 * Many orgs, each connected by its admin through the OAuth web-server flow: tokens sealed in the
 * store per tenant "salesforce:<orgId>", refreshed at the org's My Domain; a connection per org is
 * opened on first use. An org whose refresh token was refused is no longer a tenant.
 */
function connectSalesforceOAuth(options: CrmConnectionOptions): CrmPart {
  const { env, config, store, log } = options;
  const key = env.TOKEN_ENCRYPTION_KEY;
  if (!env.SALESFORCE_CLIENT_ID || !key) throw new AppError('config.invalid', 'SALESFORCE_AUTH_FLOW=oauth needs SALESFORCE_CLIENT_ID and TOKEN_ENCRYPTION_KEY.');
  const vault = createSalesforceTokenVault({ store, key });
  const oauth = createSalesforceTokenManager({
    app: {
      clientId: env.SALESFORCE_CLIENT_ID,
      ...(env.SALESFORCE_CLIENT_SECRET ? { clientSecret: env.SALESFORCE_CLIENT_SECRET } : {}),
      redirectUri: `${env.PUBLIC_URL ?? `http://localhost:${env.PORT}`}/oauth/salesforce/callback`,
      loginUrl: env.SALESFORCE_LOGIN_URL,
    },
    vault,
    pkceKey: key,
    log,
  });
  const secrets = createCalloutSecrets({ store, key });
  const connections = new Map<TenantId, Promise<SalesforceConnection>>();
  const opened = new Map<TenantId, SalesforceConnection>();
  const connection = (tenant: TenantId): Promise<SalesforceConnection> | null => {
    if (!orgOfTenant(tenant)) return null;
    let conn = connections.get(tenant);
    if (!conn) {
      conn = connectSalesforce({ session: oauth.sessionSource(tenant), apiVersion: config.salesforce.apiVersion, loginUrl: env.SALESFORCE_LOGIN_URL, log });
      connections.set(tenant, conn);
      // A failed start (no tokens yet, revoked, Salesforce down) is tried again next time.
      conn.then((c) => opened.set(tenant, c), () => connections.delete(tenant));
    }
    return conn;
  };
  const need = async (tenant: TenantId) => {
    const conn = await connection(tenant);
    if (!conn) throw new AppError('crm.unauthorized', `${tenant} is not a Salesforce org`);
    return conn;
  };
  return {
    async tenants() {
      const orgs = (await store.listTenants()).filter((t) => orgOfTenant(t) !== null);
      const connected = await Promise.all(orgs.map(async (t) => ({ t, tokens: await vault.get(t) })));
      return connected.filter(({ tokens }) => tokens !== null && tokens.revoked === null).map(({ t }) => t);
    },
    sourceFor: (tenant) => (orgOfTenant(tenant) ? lazySource(tenant, async () => salesforceSource(await need(tenant), options)) : null),
    writerFor: (tenant) => (orgOfTenant(tenant) ? lazyWriter(tenant, async () => salesforceWriter(await need(tenant), options)) : null),
    tasksFor: (tenant) => (orgOfTenant(tenant) ? lazyTasks(tenant, async () => salesforceTasks(await need(tenant), options)) : null),
    hubspotClient: () => null,
    hubspotOAuth: null,
    hubspotApp: null,
    salesforce: null,
    salesforceOrgs: {
      flow: 'oauth',
      fields: salesforceFields(config),
      isConnected: async (tenant) => {
        const tokens = orgOfTenant(tenant) ? await vault.get(tenant) : null;
        return tokens !== null && tokens.revoked === null;
      },
      connection: async (tenant) => (orgOfTenant(tenant) ? need(tenant) : null),
      oauth,
      calloutSecret: (tenant) => secrets.secretFor(tenant),
      issueCalloutSecret: async (tenant) => ((await secrets.secretFor(tenant)) ? null : secrets.rotate(tenant)),
      usage: () => [...opened].map(([tenant, c]) => ({ tenant, calls: c.stats.calls })),
    },
  };
}

function salesforceFields(config: KlantwaardeConfig): Partial<FieldNames> {
  return { costField: config.salesforce.costField, referralField: config.salesforce.referralField, influenceField: config.salesforce.influenceField };
}

function salesforceSource(conn: SalesforceConnection, { config, log, now }: CrmConnectionOptions): CrmSource {
  const satisfaction = satisfactionSourceOf(config.salesforce.satisfaction);
  return createSalesforceSource({
    conn,
    roles: config.roles,
    fields: salesforceFields(config),
    ownTasks: config.tasks.enabled,
    ...(now ? { now } : {}),
    ...(satisfaction ? { satisfaction: { source: satisfaction, windowMonths: config.window.months } } : {}),
    log,
  });
}

function satisfactionSourceOf(setting: KlantwaardeConfig['salesforce']['satisfaction']): SatisfactionSource | null {
  if (!setting) return null;
  if (setting.field) return { field: setting.field };
  const { object, accountField, scoreField, dateField } = setting;
  return object && accountField && scoreField && dateField ? { object, accountField, scoreField, dateField } : null;
}

function salesforceTasks(conn: SalesforceConnection, { config, log }: CrmConnectionOptions): CrmTasks {
  return createSalesforceTasks({ conn, dailyApiShare: config.salesforce.dailyApiShare, log });
}

function salesforceWriter(conn: SalesforceConnection, { config, log }: CrmConnectionOptions): CrmWriter {
  return createSalesforceWriter({ conn, bulkThreshold: config.salesforce.bulkThreshold, dailyApiShare: config.salesforce.dailyApiShare, log });
}

/** The callout secrets `setup salesforce` issues, when there is a key to seal them with. */
function storedCalloutSecrets({ env, store }: CrmConnectionOptions): CalloutSecrets | null {
  return env.TOKEN_ENCRYPTION_KEY ? createCalloutSecrets({ store, key: env.TOKEN_ENCRYPTION_KEY }) : null;
}

/** A source whose connection is opened on first use (an OAuth org's session comes from the store). */
function lazySource(tenant: TenantId, open: () => Promise<CrmSource>): CrmSource {
  return {
    tenant,
    async *pull(options) {
      yield* (await open()).pull(options);
    },
    pullCompanies: async (companyIds) => (await open()).pullCompanies(companyIds),
  };
}

function lazyWriter(tenant: TenantId, open: () => Promise<CrmWriter>): CrmWriter {
  return { tenant, write: async (updates, onWritten) => (await open()).write(updates, onWritten) };
}

function lazyTasks(tenant: TenantId, open: () => Promise<CrmTasks>): CrmTasks {
  return {
    tenant,
    findOpen: async () => (await open()).findOpen(),
    findByMarkers: async (markers) => (await open()).findByMarkers(markers),
    states: async (crmIds) => (await open()).states(crmIds),
    create: async (drafts, onCreated) => (await open()).create(drafts, onCreated),
    move: async (changes) => (await open()).move(changes),
    complete: async (closes) => (await open()).complete(closes),
    remove: async (crmIds) => (await open()).remove(crmIds),
  };
}

async function connectHubSpot({ env, config, store, log, now = Date.now, callLimits }: CrmConnectionOptions): Promise<CrmPart> {
  const clients = new Map<TenantId, HubSpotClient>();
  const clientOptions = { baseUrl: env.HUBSPOT_BASE_URL, rateLimit: config.hubspot.rateLimit, log };
  // A portal's calls are paced in the shared windows when other instances may call it too.
  const pacing = (tenant: TenantId) => (callLimits ? { limiter: callLimits.limiter(tenant, { ...HUBSPOT_WINDOWS, limit: config.hubspot.rateLimit }) } : {});
  let oauth: TokenManager | null = null;
  let staticTenant: TenantId | null = null;
  const app: AppCredentials | null = env.HUBSPOT_CLIENT_ID && env.HUBSPOT_CLIENT_SECRET ? { clientId: env.HUBSPOT_CLIENT_ID, clientSecret: env.HUBSPOT_CLIENT_SECRET } : null;

  if (env.HUBSPOT_ACCESS_TOKEN) {
    const token = env.HUBSPOT_ACCESS_TOKEN;
    const probe = createHubSpotClient({ ...clientOptions, accessToken: token });
    staticTenant = `${HUBSPOT_PREFIX}${config.hubspot.portalId ?? (await portalOfStaticToken(probe, token, app))}`;
    clients.set(staticTenant, callLimits ? createHubSpotClient({ ...clientOptions, accessToken: token, ...pacing(staticTenant) }) : probe);
  } else if (env.HUBSPOT_CLIENT_ID && env.HUBSPOT_CLIENT_SECRET) {
    if (!env.TOKEN_ENCRYPTION_KEY) throw new AppError('config.invalid', 'HubSpot OAuth keeps tokens encrypted: set TOKEN_ENCRYPTION_KEY (openssl rand -hex 32).');
    const redirectUri = `${env.PUBLIC_URL ?? `http://localhost:${env.PORT}`}/oauth/hubspot/callback`;
    const oauthClient = createHubSpotClient({ ...clientOptions });
    oauth = createTokenManager({
      app: { client: oauthClient, clientId: env.HUBSPOT_CLIENT_ID, clientSecret: env.HUBSPOT_CLIENT_SECRET, redirectUri },
      vault: createStoreTokenVault({ store, key: env.TOKEN_ENCRYPTION_KEY }),
      log,
    });
  }

  // One log of our own writes per portal, shared by its writers and sources in this process.
  const echoes = new Map<TenantId, EchoLog>();
  const echoesOf = (tenant: TenantId): EchoLog => {
    let log = echoes.get(tenant);
    if (!log) echoes.set(tenant, (log = createStoreEchoLog({ store, tenant })));
    return log;
  };

  const clientFor = (tenant: TenantId): HubSpotClient | null => {
    if (!tenant.startsWith(HUBSPOT_PREFIX)) return null;
    let client = clients.get(tenant);
    if (!client && oauth) {
      client = createHubSpotClient({ ...clientOptions, accessToken: oauth.tokenSource(tenant), ...pacing(tenant) });
      clients.set(tenant, client);
    }
    return client ?? null;
  };

  return {
    async tenants() {
      if (staticTenant) return [staticTenant];
      return (await store.listTenants()).filter((t) => t.startsWith(HUBSPOT_PREFIX));
    },
    sourceFor(tenant) {
      const client = clientFor(tenant);
      return client
        ? createHubSpotSource({ client, tenant, roles: config.roles, pageSize: config.hubspot.searchPageSize, relationLabels: relationLabelsFrom(config.hubspot.associationLabels), echoes: echoesOf(tenant), surveys: { types: config.hubspot.surveyTypes, windowMonths: config.window.months, now }, log })
        : null;
    },
    writerFor(tenant) {
      const client = clientFor(tenant);
      return client ? createHubSpotWriter({ client, tenant, batchSize: config.hubspot.batchSize, echoes: echoesOf(tenant), log }) : null;
    },
    tasksFor(tenant) {
      const client = clientFor(tenant);
      return client ? createHubSpotTasks({ client, tenant, timeZone: config.schedule.timezone, batchSize: config.hubspot.batchSize, log }) : null;
    },
    hubspotClient: clientFor,
    hubspotOAuth: oauth,
    hubspotApp: app,
    salesforce: null,
    salesforceOrgs: null,
  };
}

/** The portal a static token belongs to, when the config does not say it (HubSpot tells). */
async function portalOfStaticToken(client: HubSpotClient, token: string, app: AppCredentials | null): Promise<number> {
  try {
    return await portalOfToken(client, token, app ?? undefined);
  } catch (error) {
    if (!isHubSpotError(error) || error.code === 'crm.daily_limit' || error.code === 'crm.unavailable') throw error;
    throw new AppError('config.invalid', `Could not tell which HubSpot portal the access token belongs to (${error.message}): check HUBSPOT_ACCESS_TOKEN, or set hubspot.portalId in klantwaarde.config.yaml.`);
  }
}
