// OAuth for many portals: the install URL, the code exchange behind GET /oauth/hubspot/callback,
// and a token manager that refreshes before expiry and marks a revoked portal once.
import type { TenantId } from '../../../../app/ports/store.port.ts';
import type { OAuthTokens, StoredTokens, TokenVault } from '../../../../app/ports/token-vault.port.ts';
import type { AccessTokenSource, HubSpotClient } from '../client/hubspot.client.ts';
import { HubSpotError, isHubSpotError } from '../client/hubspot.errors.ts';
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import { AUTHORIZE_URL, HUBSPOT_PATHS } from '../client/hubspot.paths.ts';
import { tokenResponse } from '../client/hubspot.schemas.ts';
import { REQUIRED_SCOPES } from './hubspot.scopes.ts';
import { introspectToken, portalOfCaller } from './hubspot.token-info.ts';

export interface OAuthApp {
  /** A client without a token (the token endpoint takes the app's credentials in the body). */
  client: HubSpotClient;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export function tenantOfPortal(hubId: number | string): TenantId {
  return `hubspot:${hubId}`;
}

export function buildInstallUrl(options: { clientId: string; redirectUri: string; state: string; scopes?: readonly string[]; optionalScopes?: readonly string[] }): string {
  const url = new URL(AUTHORIZE_URL);
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  const optional = options.optionalScopes ?? (options.scopes ? [] : REQUIRED_SCOPES.filter((s) => s.optional).map((s) => s.anyOf[0]!));
  url.searchParams.set('scope', (options.scopes ?? REQUIRED_SCOPES.filter((s) => !s.optional).map((s) => s.anyOf[0]!)).join(' '));
  if (optional.length > 0) url.searchParams.set('optional_scope', optional.join(' '));
  url.searchParams.set('state', options.state);
  return url.toString();
}

async function tokenCall(app: OAuthApp, grant: Record<string, string>, now: number): Promise<OAuthTokens & { hubId?: number }> {
  const form = { ...grant, client_id: app.clientId, client_secret: app.clientSecret };
  const { data } = await app.client.send({ method: 'POST', path: HUBSPOT_PATHS.token, form, auth: false }, tokenResponse);
  return {
    accessToken: data.accessToken,
    refreshToken: data.refreshToken ?? grant.refresh_token ?? '',
    expiresAt: now + data.expiresIn * 1000,
    ...(data.scopes ? { scopes: data.scopes } : {}),
    ...(data.hubId !== undefined ? { hubId: data.hubId } : {}),
  };
}

/** Trades the code from the install redirect for tokens, and finds out which portal installed. */
export async function exchangeCode(app: OAuthApp, code: string, now: number = Date.now()): Promise<{ tenant: TenantId; hubId: number; tokens: OAuthTokens }> {
  const { hubId: answered, ...tokens } = await tokenCall(app, { grant_type: 'authorization_code', redirect_uri: app.redirectUri, code }, now);
  let hubId = answered;
  if (hubId === undefined || tokens.scopes === undefined) {
    // Older answers lack them: the app may ask HubSpot about its own token.
    const described = await introspectToken(app.client, app, tokens.accessToken);
    hubId ??= described.hubId ?? (await portalOfCaller(app.client, tokens.accessToken));
    if (described.scopes) tokens.scopes = described.scopes;
  }
  return { tenant: tenantOfPortal(hubId), hubId, tokens };
}

export interface TokenManager {
  /** A valid access token, refreshed first when it expires within the margin. crm.revoked when the portal is gone. */
  accessToken(tenant: TenantId): Promise<string>;
  /** Refreshes now (after a 401 on a token that should still be valid). */
  renew(tenant: TenantId): Promise<string>;
  /** What createHubSpotClient takes as `accessToken` for this portal. */
  tokenSource(tenant: TenantId): AccessTokenSource;
  /** Completes an install: exchanges the code, stores the tokens, answers the tenant. */
  install(code: string): Promise<TenantId>;
}

export function createTokenManager(options: { app: OAuthApp; vault: TokenVault; now?: () => number; refreshMarginMs?: number; log?: Logger }): TokenManager {
  const { app, vault } = options;
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  const log = options.log ?? silentLogger;
  const inFlight = new Map<TenantId, Promise<string>>();
  // Decrypted tokens per portal, so a sync does not read the store for each of its calls.
  // HubSpot keeps the refresh token and lets an access token live until it expires, so a copy
  // another instance refreshed meanwhile is still good until then.
  const cache = new Map<TenantId, StoredTokens>();
  const load = async (tenant: TenantId): Promise<StoredTokens | null> => {
    const cached = cache.get(tenant);
    if (cached && !cached.revoked && cached.expiresAt - margin > now()) return cached;
    const stored = await vault.get(tenant);
    if (stored) cache.set(tenant, stored);
    else cache.delete(tenant);
    return stored;
  };

  const refresh = (tenant: TenantId): Promise<string> => {
    const running = inFlight.get(tenant);
    if (running) return running;
    const work = (async () => {
      cache.delete(tenant);
      const current = await vault.get(tenant);
      if (!current) throw new HubSpotError('crm.unauthorized', `${tenant}: no tokens stored; install the app for this portal`);
      if (current.revoked) throw new HubSpotError('crm.revoked', `${tenant}: access revoked (${current.revoked.reason})`);
      try {
        const { hubId: _hubId, ...fresh } = await tokenCall(app, { grant_type: 'refresh_token', refresh_token: current.refreshToken }, now());
        const tokens = { ...fresh, ...((fresh.scopes ?? current.scopes) ? { scopes: fresh.scopes ?? current.scopes } : {}) };
        await vault.put(tenant, tokens);
        cache.set(tenant, { ...tokens, revoked: null });
        log.info({ tenant }, 'hubspot access token refreshed');
        return fresh.accessToken;
      } catch (error) {
        if (isRevocation(error)) {
          await vault.markRevoked(tenant, error.message);
          log.warn({ tenant, reason: error.message }, 'hubspot portal revoked access; skipped until it installs again');
          throw new HubSpotError('crm.revoked', `${tenant}: access revoked (${error.message})`, { status: error.status, body: error.body });
        }
        throw error;
      }
    })().finally(() => inFlight.delete(tenant));
    inFlight.set(tenant, work);
    return work;
  };

  const accessToken = async (tenant: TenantId): Promise<string> => {
    const current = await load(tenant);
    if (!current) throw new HubSpotError('crm.unauthorized', `${tenant}: no tokens stored; install the app for this portal`);
    if (current.revoked) throw new HubSpotError('crm.revoked', `${tenant}: access revoked (${current.revoked.reason})`);
    return current.expiresAt - margin > now() ? current.accessToken : refresh(tenant);
  };

  return {
    accessToken,
    renew: refresh,
    tokenSource: (tenant) => ({ get: () => accessToken(tenant), renew: () => refresh(tenant) }),
    async install(code) {
      const { tenant, tokens } = await exchangeCode(app, code, now());
      await vault.put(tenant, tokens);
      cache.delete(tenant);
      return tenant;
    },
  };
}

/** A refused refresh token (uninstall, revoked), as opposed to wrong app credentials or an outage. */
function isRevocation(error: unknown): error is HubSpotError {
  if (!isHubSpotError(error) || (error.status !== 400 && error.status !== 401)) return false;
  const body = JSON.stringify(error.body ?? '').toLowerCase();
  if (body.includes('invalid_client') || body.includes('bad_client')) return false;
  return error.status === 401 || body.includes('invalid_grant') || body.includes('bad_refresh_token');
}
