// OAuth web-server flow for admins connecting an org: the authorize URL (with PKCE), the code
// exchange behind GET /oauth/salesforce/callback, and a token manager that refreshes at the
// org's My Domain before the session runs out or after a 401, and marks a revoked org once.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { OAuth2 } from 'jsforce';
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import type { TenantId } from '../../../../app/ports/store.port.ts';
import { requestToken, type Session, type SessionSource } from './salesforce.auth.ts';
import { SalesforceError, isSalesforceError } from '../client/salesforce.errors.ts';
import { parseIdentityUrl, tenantOfOrg } from '../client/salesforce.ids.ts';
import { DEFAULT_LOGIN_URL, OAUTH_PATHS } from '../client/salesforce.paths.ts';
import type { TokenResponse } from '../client/salesforce.schemas.ts';
import type { SalesforceTokens, SalesforceTokenVault } from './salesforce-token.vault.ts';

export interface SalesforceOAuthApp {
  clientId: string;
  clientSecret?: string;
  /** Where Salesforce sends the admin back: the public URL of GET /oauth/salesforce/callback. */
  redirectUri: string;
  /** SALESFORCE_LOGIN_URL: login.salesforce.com, test.salesforce.com for sandboxes, or a My Domain. */
  loginUrl?: string;
}

export const DEFAULT_SCOPES = ['api', 'refresh_token'];

/**
 * A PKCE pair: send the challenge in the authorize URL, the verifier with the code. With a key,
 * the verifier is derived from the state (HMAC), so nothing needs keeping between the two
 * requests: the state is already checked by the callback, and without the key no one can derive it.
 */
export function createPkce(derive?: { state: string; key: Buffer | string }): { verifier: string; challenge: string } {
  const verifier = derive ? createHmac('sha256', derive.key).update(`pkce:${derive.state}`).digest('base64url') : randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function buildAuthorizeUrl(app: SalesforceOAuthApp, options: { state: string; codeChallenge?: string; scopes?: readonly string[] }): string {
  const url = new URL(OAUTH_PATHS.authorize, app.loginUrl ?? DEFAULT_LOGIN_URL);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('redirect_uri', app.redirectUri);
  url.searchParams.set('scope', (options.scopes ?? DEFAULT_SCOPES).join(' '));
  url.searchParams.set('state', options.state);
  if (options.codeChallenge) {
    url.searchParams.set('code_challenge', options.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.toString();
}

const oauthAt = (app: SalesforceOAuthApp, loginUrl: string) =>
  new OAuth2({ loginUrl, clientId: app.clientId, redirectUri: app.redirectUri, ...(app.clientSecret ? { clientSecret: app.clientSecret } : {}) });

function tokensOf(response: TokenResponse, refreshToken: string | undefined, expiresAt: number): SalesforceTokens {
  if (!refreshToken) throw new SalesforceError('crm.oauth_failed', 'Salesforce sent no refresh token: add the refresh_token scope to the connected app');
  return { accessToken: response.access_token, refreshToken, instanceUrl: response.instance_url, expiresAt, ...(response.scope ? { scopes: response.scope.split(' ') } : {}) };
}

/** Trades the code from the callback for tokens, and finds out which org connected. */
export async function exchangeCode(
  app: SalesforceOAuthApp,
  code: string,
  options: { codeVerifier?: string; now?: number; sessionLifetimeMs?: number } = {},
): Promise<{ tenant: TenantId; orgId: string; tokens: SalesforceTokens }> {
  const grant = { grant_type: 'authorization_code', code, ...(options.codeVerifier ? { code_verifier: options.codeVerifier } : {}) };
  const response = await requestToken(oauthAt(app, app.loginUrl ?? DEFAULT_LOGIN_URL), grant, 'authorization code exchange');
  const identity = parseIdentityUrl(response.id);
  if (!identity) throw new SalesforceError('crm.oauth_failed', `token response without a readable identity URL ('${response.id.slice(0, 80)}')`);
  const expiresAt = (options.now ?? Date.now()) + (options.sessionLifetimeMs ?? DEFAULT_SESSION_MS);
  return { tenant: tenantOfOrg(identity.orgId), orgId: identity.orgId, tokens: tokensOf(response, response.refresh_token, expiresAt) };
}

/** Salesforce's default session timeout: two hours. */
export const DEFAULT_SESSION_MS = 2 * 60 * 60_000;

export interface SalesforceTokenManager {
  /** A usable session, refreshed first when it runs out within the margin; crm.revoked when the org is gone. */
  session(tenant: TenantId): Promise<Session>;
  /** Refreshes now (after a 401 on a session that should still be valid). */
  renew(tenant: TenantId): Promise<Session>;
  /** What connectSalesforce takes as `session` for this org. */
  sessionSource(tenant: TenantId): SessionSource;
  /** Where GET /oauth/salesforce/install sends the admin (with a PKCE challenge when the manager has a pkceKey). */
  authorizeUrl(state: string): string;
  /** Completes a connection (GET /oauth/salesforce/callback): exchanges the code, stores the tokens, answers the tenant. */
  install(code: string, state?: string): Promise<TenantId>;
}

export function createSalesforceTokenManager(options: {
  app: SalesforceOAuthApp;
  vault: SalesforceTokenVault;
  now?: () => number;
  sessionLifetimeMs?: number;
  refreshMarginMs?: number;
  /** A server secret (e.g. TOKEN_ENCRYPTION_KEY) to derive PKCE verifiers from the state. */
  pkceKey?: Buffer | string;
  log?: Logger;
}): SalesforceTokenManager {
  const { app, vault } = options;
  const now = options.now ?? Date.now;
  const lifetime = options.sessionLifetimeMs ?? DEFAULT_SESSION_MS;
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  const log = options.log ?? silentLogger;
  const inFlight = new Map<TenantId, Promise<Session>>();
  const sessionOf = (tenant: TenantId, t: SalesforceTokens): Session => ({ accessToken: t.accessToken, instanceUrl: t.instanceUrl, orgId: tenant.slice('salesforce:'.length) });

  const stored = async (tenant: TenantId) => {
    const current = await vault.get(tenant);
    if (!current) throw new SalesforceError('crm.unauthorized', `${tenant}: no tokens stored; connect the org first`);
    if (current.revoked) throw new SalesforceError('crm.revoked', `${tenant}: access revoked (${current.revoked.reason})`);
    return current;
  };

  const renew = (tenant: TenantId): Promise<Session> => {
    const running = inFlight.get(tenant);
    if (running) return running;
    const work = (async () => {
      const current = await stored(tenant);
      try {
        // Refresh at the org's My Domain: it serves production and sandbox orgs alike.
        const response = await requestToken(oauthAt(app, current.instanceUrl), { grant_type: 'refresh_token', refresh_token: current.refreshToken }, 'token refresh');
        const tokens = tokensOf(response, response.refresh_token ?? current.refreshToken, now() + lifetime);
        await vault.put(tenant, { ...tokens, ...(tokens.scopes ?? current.scopes ? { scopes: tokens.scopes ?? current.scopes } : {}) });
        log.info({ tenant }, 'salesforce access token refreshed');
        return sessionOf(tenant, tokens);
      } catch (error) {
        // invalid_grant on a refresh: the token was revoked, the app uninstalled, or the user deactivated.
        if (!isSalesforceError(error) || error.sfCode !== 'invalid_grant') throw error;
        await vault.markRevoked(tenant, error.message);
        log.warn({ tenant, reason: error.message }, 'salesforce org refused the refresh token; skipped until it connects again');
        throw new SalesforceError('crm.revoked', `${tenant}: access revoked (${error.message})`, error.sfCode);
      }
    })().finally(() => inFlight.delete(tenant));
    inFlight.set(tenant, work);
    return work;
  };

  const session = async (tenant: TenantId): Promise<Session> => {
    const current = await stored(tenant);
    return current.expiresAt - margin > now() ? sessionOf(tenant, current) : renew(tenant);
  };

  return {
    session,
    renew,
    sessionSource: (tenant) => ({ get: () => session(tenant), renew: () => renew(tenant) }),
    authorizeUrl(state) {
      const pkce = options.pkceKey === undefined ? undefined : createPkce({ state, key: options.pkceKey });
      return buildAuthorizeUrl(app, { state, ...(pkce ? { codeChallenge: pkce.challenge } : {}) });
    },
    async install(code, state) {
      const codeVerifier = options.pkceKey !== undefined && state !== undefined ? createPkce({ state, key: options.pkceKey }).verifier : undefined;
      const { tenant, tokens } = await exchangeCode(app, code, { now: now(), sessionLifetimeMs: lifetime, ...(codeVerifier ? { codeVerifier } : {}) });
      await vault.put(tenant, tokens);
      return tenant;
    },
  };
}
