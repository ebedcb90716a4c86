// Sessions with nock answering like Salesforce: the authorize URL, the code exchange that names
// the org, a 401 that refreshes the token at the org's My Domain and retries the call, a revoked
// refresh token, the JWT bearer flow signed RS256 with node:crypto, tokens sealed at rest.
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { guardNock } from '../support/nock-guard.ts';
import { jwtBearerSession, signJwtAssertion } from '../../src/adapters/crm/salesforce/auth/salesforce.auth.ts';
import { connectSalesforce } from '../../src/adapters/crm/salesforce/client/salesforce.connection.ts';
import { buildAuthorizeUrl, createPkce, createSalesforceTokenManager } from '../../src/adapters/crm/salesforce/auth/salesforce.oauth.ts';
import { readAll } from '../../src/adapters/crm/salesforce/read/salesforce.query.ts';
import { createSalesforceTokenVault, SALESFORCE_TOKEN_KEY } from '../../src/adapters/crm/salesforce/auth/salesforce-token.vault.ts';
import { API, fixture, INSTANCE, LOGIN, ORG_ID } from './helpers.ts';

const TENANT = `salesforce:${ORG_ID}`;
const KEY = 'a'.repeat(64);
const app = { clientId: '3MVG9klantwaarde', clientSecret: 'app-secret', redirectUri: 'https://kw.example.com/oauth/salesforce/callback' };
const empty = { totalSize: 0, done: true, records: [] };

guardNock();

function memoryStore() {
  const values = new Map<string, string>();
  return {
    values,
    getCheckpoint: async (tenant: string, key: string) => values.get(`${tenant}|${key}`) ?? null,
    setCheckpoint: async (tenant: string, key: string, value: string) => {
      values.set(`${tenant}|${key}`, value);
    },
  };
}

async function connectedOrg(now = Date.parse('2026-11-01T09:00:00Z')) {
  const store = memoryStore();
  const vault = createSalesforceTokenVault({ store, key: KEY });
  await vault.put(TENANT, { accessToken: 'old-token', refreshToken: 'refresh-1', instanceUrl: INSTANCE, expiresAt: now + 60 * 60_000 });
  const tokens = createSalesforceTokenManager({ app: { ...app, loginUrl: LOGIN }, vault, now: () => now });
  return { store, vault, tokens };
}

describe('Salesforce OAuth and sessions', () => {
  it('builds the authorize URL with the scopes, the state and a PKCE challenge', () => {
    const pkce = createPkce();
    const url = new URL(buildAuthorizeUrl({ ...app, loginUrl: 'https://test.salesforce.com' }, { state: 'xyz', codeChallenge: pkce.challenge }));
    expect(url.origin + url.pathname).toBe('https://test.salesforce.com/services/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: app.redirectUri,
      scope: 'api refresh_token',
      state: 'xyz',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    });
  });

  it('exchanges the code with the PKCE verifier of its state, names the org as the tenant and keeps its tokens sealed', async () => {
    const store = memoryStore();
    const vault = createSalesforceTokenVault({ store, key: KEY });
    const tokens = createSalesforceTokenManager({ app: { ...app, loginUrl: LOGIN }, vault, now: () => 1_000, pkceKey: KEY });
    const challenge = new URL(tokens.authorizeUrl('state-1')).searchParams.get('code_challenge');
    const verifier = createPkce({ state: 'state-1', key: KEY }).verifier;
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
    nock(LOGIN)
      .post('/services/oauth2/token', (body) => body.grant_type === 'authorization_code' && body.code === 'aPrx1' && body.code_verifier === verifier && body.client_secret === 'app-secret')
      .reply(200, fixture('token-code-exchange.json'));
    expect(await tokens.install('aPrx1', 'state-1')).toBe(TENANT);
    expect(await vault.get(TENANT)).toMatchObject({ accessToken: '00DAj000000AbCd!AQ0AQFirstAccessToken.abc', instanceUrl: INSTANCE, revoked: null, scopes: ['refresh_token', 'api'] });
    expect(store.values.get(`${TENANT}|${SALESFORCE_TOKEN_KEY}`)).not.toContain('FirstAccessToken');
  });

  it('refreshes the token at the org after a 401 and sends the call again', async () => {
    const { vault, tokens } = await connectedOrg();
    nock(INSTANCE).matchHeader('authorization', 'Bearer old-token').get(`${API}/query`).query(true).reply(401, fixture('error-invalid-session.json'));
    nock(INSTANCE)
      .post('/services/oauth2/token', (body) => body.grant_type === 'refresh_token' && body.refresh_token === 'refresh-1' && body.client_id === app.clientId)
      .reply(200, fixture('token-refresh.json'));
    nock(INSTANCE).matchHeader('authorization', 'Bearer 00DAj000000AbCd!AQ0AQNewAccessTokenAfterRefresh.xyz').get(`${API}/query`).query(true).reply(200, empty);
    const conn = await connectSalesforce({ session: tokens.sessionSource(TENANT), apiVersion: '62.0' });
    expect(conn.tenant).toBe(TENANT);
    expect(await readAll(conn, 'SELECT Id FROM Account')).toEqual([]);
    expect((await vault.get(TENANT))!).toMatchObject({ accessToken: '00DAj000000AbCd!AQ0AQNewAccessTokenAfterRefresh.xyz', refreshToken: 'refresh-1' });
  });

  it('refreshes before the call when the session is about to run out', async () => {
    const now = Date.parse('2026-11-01T09:00:00Z');
    const { vault, tokens } = await connectedOrg(now);
    await vault.put(TENANT, { accessToken: 'old-token', refreshToken: 'refresh-1', instanceUrl: INSTANCE, expiresAt: now + 60_000 });
    nock(INSTANCE).post('/services/oauth2/token').reply(200, fixture('token-refresh.json'));
    expect((await tokens.session(TENANT)).accessToken).toBe('00DAj000000AbCd!AQ0AQNewAccessTokenAfterRefresh.xyz');
  });

  it('marks the org revoked once Salesforce refuses the refresh token, and says so', async () => {
    const { vault, tokens } = await connectedOrg();
    nock(INSTANCE)
      .get(`${API}/query`)
      .query(true)
      .reply(401, fixture('error-invalid-session.json'))
      .post('/services/oauth2/token')
      .reply(400, fixture('token-invalid-grant.json'));
    const conn = await connectSalesforce({ session: tokens.sessionSource(TENANT), apiVersion: '62.0' });
    const error = await readAll(conn, 'SELECT Id FROM Account').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'crm.revoked' });
    expect((await vault.get(TENANT))!.revoked).toMatchObject({ reason: expect.stringContaining('expired access/refresh token') });
    await expect(tokens.session(TENANT)).rejects.toMatchObject({ code: 'crm.revoked' });
  });

  it('signs the JWT bearer assertion RS256 for the client id, the user and the login host', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n');
    const assertion = signJwtAssertion({ clientId: app.clientId, username: 'integration@example.com', audience: LOGIN, privateKey: pem, now: Date.parse('2026-11-01T09:00:00Z') });
    const [header, claims, signature] = assertion.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(claims!, 'base64url').toString())).toEqual({ iss: app.clientId, sub: 'integration@example.com', aud: LOGIN, exp: Date.parse('2026-11-01T09:03:00Z') / 1000 });
    expect(verify('RSA-SHA256', Buffer.from(`${header}.${claims}`), publicKey, Buffer.from(signature!, 'base64url'))).toBe(true);
  });

  it('logs in with the JWT bearer flow, and signs a new assertion when the session expires', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const assertions: string[] = [];
    nock(LOGIN)
      .post('/services/oauth2/token', (body) => {
        assertions.push(String(body.assertion));
        return body.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer';
      })
      .times(2)
      .reply(200, fixture('token-refresh.json'));
    nock(INSTANCE)
      .get(`${API}/query`)
      .query(true)
      .reply(401, fixture('error-invalid-session.json'))
      .get(`${API}/query`)
      .query(true)
      .reply(200, empty);
    const session = jwtBearerSession({ clientId: app.clientId, username: 'integration@example.com', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), loginUrl: LOGIN });
    const conn = await connectSalesforce({ session, apiVersion: '62.0' });
    expect(conn.orgId).toBe(ORG_ID);
    await readAll(conn, 'SELECT Id FROM Account');
    expect(assertions).toHaveLength(2);
  });
});
