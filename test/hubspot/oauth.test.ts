// OAuth for many portals: tokens encrypted at rest, refreshed before expiry, a revoked portal
// marked once and skipped, the install code exchanged for the portal's tokens.
import { randomBytes } from 'node:crypto';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { guardNock } from '../support/nock-guard.ts';
import { HUBSPOT_PATHS } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';
import { createHubSpotClient } from '../../src/adapters/crm/hubspot/client/hubspot.client.ts';
import { isHubSpotError } from '../../src/adapters/crm/hubspot/client/hubspot.errors.ts';
import { buildInstallUrl, createTokenManager, type OAuthApp } from '../../src/adapters/crm/hubspot/auth/hubspot.oauth.ts';
import { createStoreTokenVault, TOKEN_CHECKPOINT_KEY } from '../../src/adapters/crm/hubspot/auth/hubspot-token.vault.ts';
import { BASE, fixture } from './helpers.ts';

guardNock();

const TENANT = 'hubspot:4242';
const NOW = Date.parse('2026-11-01T09:00:00Z');
const KEY = randomBytes(32);

function checkpoints() {
  const values = new Map<string, string>();
  return {
    values,
    getCheckpoint: async (tenant: string, key: string) => values.get(`${tenant}/${key}`) ?? null,
    setCheckpoint: async (tenant: string, key: string, value: string) => void values.set(`${tenant}/${key}`, value),
  };
}

function setup(options: { now?: number } = {}) {
  const store = checkpoints();
  const vault = createStoreTokenVault({ store, key: KEY, now: () => options.now ?? NOW });
  const app: OAuthApp = { client: createHubSpotClient({ baseUrl: BASE }), clientId: 'client-id', clientSecret: 'client-secret', redirectUri: 'https://kw.example/oauth/hubspot/callback' };
  const manager = createTokenManager({ app, vault, now: () => options.now ?? NOW });
  return { store, vault, manager };
}

const form = (body: unknown) => new URLSearchParams(typeof body === 'string' ? body : (body as Record<string, string>));

describe('token vault', () => {
  it('keeps tokens encrypted in the store and reads them back', async () => {
    const { store, vault } = setup();
    await vault.put(TENANT, { accessToken: 'secret-access', refreshToken: 'secret-refresh', expiresAt: NOW + 1_800_000, scopes: ['oauth'] });
    const sealed = store.values.get(`${TENANT}/${TOKEN_CHECKPOINT_KEY}`)!;
    expect(sealed).not.toContain('secret');
    expect(await vault.get(TENANT)).toEqual({ accessToken: 'secret-access', refreshToken: 'secret-refresh', expiresAt: NOW + 1_800_000, scopes: ['oauth'], revoked: null });
  });

  it('refuses to read tokens sealed with another key', async () => {
    const { store, vault } = setup();
    await vault.put(TENANT, { accessToken: 'a', refreshToken: 'r', expiresAt: NOW });
    const other = createStoreTokenVault({ store, key: randomBytes(32).toString('hex') });
    const failure = await other.get(TENANT).catch((e: unknown) => e);
    expect(isHubSpotError(failure, 'crm.oauth_failed')).toBe(true);
  });
});

describe('token manager', () => {
  it('uses a stored token that is still valid without calling HubSpot', async () => {
    const { vault, manager } = setup();
    await vault.put(TENANT, { accessToken: 'still-good', refreshToken: 'r', expiresAt: NOW + 20 * 60_000 });
    expect(await manager.accessToken(TENANT)).toBe('still-good');
  });

  it('reads the store once for the many calls of a sync', async () => {
    const { store, vault, manager } = setup();
    await vault.put(TENANT, { accessToken: 'still-good', refreshToken: 'r', expiresAt: NOW + 20 * 60_000 });
    let reads = 0;
    const get = store.getCheckpoint;
    store.getCheckpoint = async (tenant, key) => {
      reads += 1;
      return get(tenant, key);
    };
    for (let i = 0; i < 5; i++) await manager.accessToken(TENANT);
    expect(reads).toBe(1);
  });

  it('refreshes a token that expires within five minutes, once for concurrent callers, and stores the new one', async () => {
    const { vault, manager } = setup();
    await vault.put(TENANT, { accessToken: 'old', refreshToken: 'na1-6f18-refresh', expiresAt: NOW + 2 * 60_000, scopes: ['oauth'] });
    const sent: URLSearchParams[] = [];
    nock(BASE)
      .post(HUBSPOT_PATHS.token, (body) => sent.push(form(body)) > 0)
      .reply(200, fixture('oauth-token.json'));
    const [a, b] = await Promise.all([manager.accessToken(TENANT), manager.accessToken(TENANT)]);
    expect([a, b]).toEqual(['CNuB-new-access-token', 'CNuB-new-access-token']);
    expect(Object.fromEntries(sent[0]!)).toEqual({ grant_type: 'refresh_token', refresh_token: 'na1-6f18-refresh', client_id: 'client-id', client_secret: 'client-secret' });
    expect(await vault.get(TENANT)).toMatchObject({ accessToken: 'CNuB-new-access-token', refreshToken: 'na1-6f18-refresh', expiresAt: NOW + 1_800_000, scopes: ['oauth'], revoked: null });
  });

  it('marks a portal whose refresh token HubSpot refuses as revoked, and skips it from then on', async () => {
    const { vault, manager } = setup();
    await vault.put(TENANT, { accessToken: 'old', refreshToken: 'gone', expiresAt: NOW - 1 });
    nock(BASE).post(HUBSPOT_PATHS.token).reply(400, fixture('oauth-invalid-grant.json'));
    const first = await manager.accessToken(TENANT).catch((e: unknown) => e);
    expect(isHubSpotError(first, 'crm.revoked')).toBe(true);
    expect((await vault.get(TENANT))!.revoked).toMatchObject({ at: NOW, reason: expect.stringContaining('refresh token') });
    const second = await manager.accessToken(TENANT).catch((e: unknown) => e);
    expect(isHubSpotError(second, 'crm.revoked')).toBe(true);
  });

  it('does not blame the portal when the app credentials are wrong', async () => {
    const { vault, manager } = setup();
    await vault.put(TENANT, { accessToken: 'old', refreshToken: 'r', expiresAt: NOW - 1 });
    nock(BASE).post(HUBSPOT_PATHS.token).reply(400, fixture('oauth-invalid-client.json'));
    const failure = await manager.accessToken(TENANT).catch((e: unknown) => e);
    expect(isHubSpotError(failure, 'crm.bad_request')).toBe(true);
    expect((await vault.get(TENANT))!.revoked).toBeNull();
  });

  it('exchanges the install code, finds the portal, and stores its tokens (an earlier revocation cleared)', async () => {
    const { vault, manager } = setup();
    await vault.put(TENANT, { accessToken: 'x', refreshToken: 'y', expiresAt: NOW });
    await vault.markRevoked(TENANT, 'uninstalled');
    nock(BASE)
      .post(HUBSPOT_PATHS.token, (body) => form(body).get('grant_type') === 'authorization_code' && form(body).get('code') === 'the-code' && form(body).get('redirect_uri') === 'https://kw.example/oauth/hubspot/callback')
      .reply(200, fixture('oauth-token.json'))
      .post(HUBSPOT_PATHS.tokenIntrospect, (body) => form(body).get('token') === 'CNuB-new-access-token' && form(body).get('client_secret') === 'client-secret')
      .reply(200, fixture('token-introspection.json'));
    expect(await manager.install('the-code')).toBe(TENANT);
    expect(await vault.get(TENANT)).toMatchObject({ accessToken: 'CNuB-new-access-token', refreshToken: 'na1-6f18-refresh', revoked: null, scopes: expect.arrayContaining(['crm.objects.companies.write']) });
  });

  it('builds the install URL with the app, the callback, the scopes and the state', () => {
    const url = new URL(buildInstallUrl({ clientId: 'client-id', redirectUri: 'https://kw.example/oauth/hubspot/callback', state: 's-123' }));
    expect(url.origin + url.pathname).toBe('https://app.hubspot.com/oauth/authorize');
    expect(url.searchParams.get('client_id')).toBe('client-id');
    expect(url.searchParams.get('redirect_uri')).toBe('https://kw.example/oauth/hubspot/callback');
    expect(url.searchParams.get('state')).toBe('s-123');
    expect(url.searchParams.get('scope')!.split(' ')).toContain('crm.schemas.companies.write');
    expect(url.searchParams.get('scope')!.split(' ')).not.toContain('crm.objects.owners.read');
    expect(url.searchParams.get('optional_scope')).toBe('crm.objects.owners.read crm.objects.contacts.write crm.objects.feedback_submissions.read');
  });
});
