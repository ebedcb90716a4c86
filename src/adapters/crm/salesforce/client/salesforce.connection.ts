// One way to call Salesforce: a jsforce Connection pinned to the configured API version, its
// session renewed on a 401 through a SessionSource, every call counted and zod-checked, and
// the org's daily allowance (Sforce-Limit-Info) watched.
import { Connection, type HttpRequest } from 'jsforce';
import type { z } from 'zod';
import type { TenantId } from '../../../../app/ports/store.port.ts';
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import { staticSession, type SessionSource } from '../auth/salesforce.auth.ts';
import { SalesforceError, toSalesforceError } from './salesforce.errors.ts';
import { tenantOfOrg, toId18 } from './salesforce.ids.ts';
import { DEFAULT_API_VERSION, DEFAULT_LOGIN_URL } from './salesforce.paths.ts';
import { organization } from './salesforce.schemas.ts';
import { meterConnection, type ApiUsage, type CallStats, type RetryOptions } from './salesforce.transport.ts';

export interface SalesforceConnectionOptions {
  /** Where sessions come from: JWT bearer, client credentials, an OAuth org's tokens, or a fixed token. */
  session: SessionSource;
  /** Config salesforce.apiVersion, e.g. '62.0'. Always set: jsforce would otherwise call v50.0. */
  apiVersion?: string;
  loginUrl?: string;
  retry?: RetryOptions;
  log?: Logger;
}

export interface SalesforceConnection {
  readonly jsforce: Connection;
  readonly orgId: string;
  readonly tenant: TenantId;
  readonly apiVersion: string;
  readonly stats: CallStats;
  /** The latest Sforce-Limit-Info seen (calls used today / daily allowance), null before the first answer. */
  apiUsage(): ApiUsage | null;
  /** A REST call relative to the version root (or an absolute /services/… path), its answer zod-checked. */
  request<S extends z.ZodType>(request: string | HttpRequest, schema: S, context?: string): Promise<z.output<S>>;
  /** Runs a jsforce call and translates its failure into a SalesforceError. */
  call<T>(context: string, work: (conn: Connection) => Promise<T>): Promise<T>;
}

/** Opens a session, pins the API version and finds out which org it is (one query when the session does not say). */
export async function connectSalesforce(options: SalesforceConnectionOptions): Promise<SalesforceConnection> {
  const log = options.log ?? silentLogger;
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  const session = await options.session.get();
  let refusal: unknown = null;
  const renew = options.session.renew?.bind(options.session);
  const jsforce = new Connection({
    instanceUrl: session.instanceUrl,
    accessToken: session.accessToken,
    version: apiVersion,
    loginUrl: options.loginUrl ?? DEFAULT_LOGIN_URL,
    ...(renew
      ? {
          refreshFn: (conn: Connection, callback: (error: Error | null, accessToken?: string) => void) => {
            renew().then(
              (fresh) => {
                // Later calls go to the instance the new session names (a request in flight is sent again as it was).
                conn.instanceUrl = fresh.instanceUrl;
                log.info({ instanceUrl: fresh.instanceUrl }, 'salesforce session renewed');
                callback(null, fresh.accessToken);
              },
              (error: unknown) => {
                refusal = error;
                callback(error instanceof Error ? error : new Error(String(error)));
              },
            );
          },
        }
      : {}),
  });
  const meter = meterConnection(jsforce, options.retry);

  const translate = (error: unknown, context: string): SalesforceError => {
    // jsforce wraps a failed renewal in a plain Error; the source's own error says more.
    if (refusal && error instanceof Error && error.message.startsWith('Unable to refresh session')) {
      const cause = refusal;
      refusal = null;
      return toSalesforceError(cause, context);
    }
    return toSalesforceError(error, context);
  };

  const call = async <T>(context: string, work: (conn: Connection) => Promise<T>): Promise<T> => {
    try {
      return await work(jsforce);
    } catch (error) {
      throw translate(error, context);
    }
  };

  const request = async <S extends z.ZodType>(req: string | HttpRequest, schema: S, context?: string): Promise<z.output<S>> => {
    const what = context ?? (typeof req === 'string' ? `GET ${req.split('?')[0]}` : `${req.method} ${req.url.split('?')[0]}`);
    const body = await call(what, (conn) => Promise.resolve(conn.request(req)));
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new SalesforceError('crm.bad_response', `${what}: unexpected response (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return parsed.data;
  };

  const orgId = session.orgId ?? (await request(`/query?q=${encodeURIComponent('SELECT Id FROM Organization')}`, organization, 'which org')).records[0]!.Id;
  return {
    jsforce,
    orgId: toId18(orgId),
    tenant: tenantOfOrg(orgId),
    apiVersion,
    stats: meter.stats,
    apiUsage: meter.usage,
    request,
    call,
  };
}

/** A connection on a fixed access token (SALESFORCE_ACCESS_TOKEN + SALESFORCE_INSTANCE_URL); tests use it too. */
export function connectWithToken(options: Omit<SalesforceConnectionOptions, 'session'> & { accessToken: string; instanceUrl: string; orgId?: string }): Promise<SalesforceConnection> {
  const { accessToken, instanceUrl, orgId, ...rest } = options;
  return connectSalesforce({ ...rest, session: staticSession({ accessToken, instanceUrl, ...(orgId ? { orgId } : {}) }) });
}
