// The CRM side of the runtime: which tenants are connected, and each one's source and
// writer. Local mode has the file tenant only, which is imported, never written to.
// HubSpot: one portal with a static token (HUBSPOT_ACCESS_TOKEN), or many via OAuth
// (tenants are the portals that installed the app; tokens live encrypted in the store).
// Salesforce: one org, signed in server-to-server.
import {
  checkScopes,
  createHubSpotClient,
  createHubSpotSource,
  createHubSpotWriter,
  createStoreTokenVault,
  createTokenManager,
  relationLabelsFrom,
  type HubSpotClient,
  type TokenManager,
} from '../adapters/crm/hubspot/hubspot.ts';
import {
  clientCredentialsSession,
  connectSalesforce,
  createSalesforceSource,
  createSalesforceWriter,
  jwtBearerSession,
  staticSession,
  type FieldNames,
  type SalesforceConnection,
} from '../adapters/crm/salesforce/salesforce.ts';
import { AppError } from '../app/errors.ts';
import type { CrmSource, CrmWriter } from '../app/ports/crm.port.ts';
import type { Logger } from '../app/ports/logger.port.ts';
import type { Store, TenantId } from '../app/ports/store.port.ts';
import type { KlantwaardeConfig } from '../config/config.schema.ts';
import type { CrmMode, Env } from '../config/env.schema.ts';

export interface CrmConnections {
  tenants(): Promise<TenantId[]>;
  sourceFor(tenant: TenantId): CrmSource | null;
  writerFor(tenant: TenantId): CrmWriter | null;
  /** The HubSpot API client of a portal (setup, webhooks, workflow callbacks). */
  hubspotClient(tenant: TenantId): HubSpotClient | null;
  /** The OAuth token manager when HubSpot runs as an OAuth app. */
  hubspotOAuth: TokenManager | null;
  /** The connected Salesforce org (setup, change notifications). */
  salesforce: { conn: SalesforceConnection; fields: Partial<FieldNames> } | null;
}

export interface CrmConnectionOptions {
  env: Env;
  config: KlantwaardeConfig;
  store: Store;
  log: Logger;
  mode: CrmMode;
}

const HUBSPOT_PREFIX = 'hubspot:';

export async function connectCrms(options: CrmConnectionOptions): Promise<CrmConnections> {
  if (options.mode === 'local') {
    return { tenants: async () => ['local'], sourceFor: () => null, writerFor: () => null, hubspotClient: () => null, hubspotOAuth: null, salesforce: null };
  }
  const parts: CrmConnections[] = [];
  if (options.mode === 'hubspot' || options.mode === 'both') parts.push(await connectHubSpot(options));
  if (options.mode === 'salesforce' || options.mode === 'both') parts.push(await connectSalesforceOrg(options));
  return parts.length === 1 ? parts[0]! : combine(parts);
}

/** Both CRMs at once: each tenant belongs to the connection whose prefix it carries. */
function combine(parts: CrmConnections[]): CrmConnections {
  const first = <T>(pick: (c: CrmConnections) => T | null): T | null => {
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
    hubspotClient: (tenant) => first((p) => p.hubspotClient(tenant)),
    hubspotOAuth: first((p) => p.hubspotOAuth),
    salesforce: first((p) => p.salesforce),
  };
}

/**
 * One Salesforce org: server-to-server with the JWT bearer flow (client id, username,
 * private key), the client credentials flow (client id and secret on the org's My Domain),
 * or a fixed access token with its instance URL.
 */
async function connectSalesforceOrg({ env, config, log }: CrmConnectionOptions): Promise<CrmConnections> {
  const loginUrl = env.SALESFORCE_LOGIN_URL;
  const session = env.SALESFORCE_PRIVATE_KEY && env.SALESFORCE_CLIENT_ID && env.SALESFORCE_USERNAME
    ? jwtBearerSession({ clientId: env.SALESFORCE_CLIENT_ID, username: env.SALESFORCE_USERNAME, privateKey: env.SALESFORCE_PRIVATE_KEY, loginUrl })
    : env.SALESFORCE_CLIENT_ID && env.SALESFORCE_CLIENT_SECRET
      ? clientCredentialsSession({ clientId: env.SALESFORCE_CLIENT_ID, clientSecret: env.SALESFORCE_CLIENT_SECRET, loginUrl })
      : env.SALESFORCE_ACCESS_TOKEN && env.SALESFORCE_INSTANCE_URL
        ? staticSession({ accessToken: env.SALESFORCE_ACCESS_TOKEN, instanceUrl: env.SALESFORCE_INSTANCE_URL })
        : null;
  if (!session) {
    throw new AppError('config.invalid', 'Salesforce needs SALESFORCE_CLIENT_ID with SALESFORCE_USERNAME and SALESFORCE_PRIVATE_KEY (JWT bearer), or with SALESFORCE_CLIENT_SECRET (client credentials), or SALESFORCE_ACCESS_TOKEN with SALESFORCE_INSTANCE_URL.');
  }
  const conn = await connectSalesforce({ session, apiVersion: config.salesforce.apiVersion, loginUrl, log });
  const fields = { costField: config.salesforce.costField, referralField: config.salesforce.referralField, influenceField: config.salesforce.influenceField };
  const mine = (tenant: TenantId) => tenant === conn.tenant;
  return {
    tenants: async () => [conn.tenant],
    sourceFor: (tenant) => (mine(tenant) ? createSalesforceSource({ conn, roles: config.roles, fields, log }) : null),
    writerFor: (tenant) => (mine(tenant) ? createSalesforceWriter({ conn, bulkThreshold: config.salesforce.bulkThreshold, dailyApiShare: config.salesforce.dailyApiShare, log }) : null),
    hubspotClient: () => null,
    hubspotOAuth: null,
    salesforce: { conn, fields },
  };
}

async function connectHubSpot({ env, config, store, log }: CrmConnectionOptions): Promise<CrmConnections> {
  const clients = new Map<TenantId, HubSpotClient>();
  const clientOptions = { baseUrl: env.HUBSPOT_BASE_URL, rateLimit: config.hubspot.rateLimit, log };
  let oauth: TokenManager | null = null;
  let staticTenant: TenantId | null = null;

  if (env.HUBSPOT_ACCESS_TOKEN) {
    const token = env.HUBSPOT_ACCESS_TOKEN;
    const client = createHubSpotClient({ ...clientOptions, accessToken: token });
    staticTenant = `${HUBSPOT_PREFIX}${config.hubspot.portalId ?? (await portalOfToken(client, token))}`;
    clients.set(staticTenant, client);
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

  const clientFor = (tenant: TenantId): HubSpotClient | null => {
    if (!tenant.startsWith(HUBSPOT_PREFIX)) return null;
    let client = clients.get(tenant);
    if (!client && oauth) {
      client = createHubSpotClient({ ...clientOptions, accessToken: oauth.tokenSource(tenant) });
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
        ? createHubSpotSource({ client, tenant, roles: config.roles, pageSize: config.hubspot.searchPageSize, relationLabels: relationLabelsFrom(config.hubspot.associationLabels), log })
        : null;
    },
    writerFor(tenant) {
      const client = clientFor(tenant);
      return client ? createHubSpotWriter({ client, tenant, batchSize: config.hubspot.batchSize, log }) : null;
    },
    hubspotClient: clientFor,
    hubspotOAuth: oauth,
    salesforce: null,
  };
}

/** The portal a static token belongs to, when the config does not say it. */
async function portalOfToken(client: HubSpotClient, token: string): Promise<string> {
  const check = await checkScopes(client, token);
  if (check.hubId === null) {
    throw new AppError('config.invalid', 'Could not tell which HubSpot portal the access token belongs to: set hubspot.portalId in klantwaarde.config.yaml.');
  }
  return String(check.hubId);
}
