// Server-to-server sessions: the JWT bearer flow (the assertion signed RS256 with node:crypto),
// the client credentials flow, or a fixed token; each a SessionSource the connection renews on a 401.
import { createPrivateKey, sign } from 'node:crypto';
import { OAuth2 } from 'jsforce';
import { errorMessage, SalesforceError } from '../client/salesforce.errors.ts';
import { parseIdentityUrl } from '../client/salesforce.ids.ts';
import { DEFAULT_LOGIN_URL } from '../client/salesforce.paths.ts';
import { tokenResponse, type TokenResponse } from '../client/salesforce.schemas.ts';

export interface Session {
  accessToken: string;
  instanceUrl: string;
  /** 18-character org id, when the token response or the caller told it. */
  orgId: string | null;
}

/** Hands out a session, and a fresh one after Salesforce refused the current one. */
export interface SessionSource {
  get(): Promise<Session>;
  renew?(): Promise<Session>;
}

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** PEM text from the environment, where line breaks often arrive as the two characters "\n". */
export function normalizePem(pem: string): string {
  return pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
}

/** The assertion of the JWT bearer flow: iss = the connected app's client id, sub = the user, aud = the login host. */
export function signJwtAssertion(options: { clientId: string; username: string; audience: string; privateKey: string; now?: number; lifetimeSeconds?: number }): string {
  const issuedAt = Math.floor((options.now ?? Date.now()) / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = base64url(JSON.stringify({ iss: options.clientId, sub: options.username, aud: options.audience, exp: issuedAt + (options.lifetimeSeconds ?? 180) }));
  let key;
  try {
    key = createPrivateKey(normalizePem(options.privateKey));
  } catch (error) {
    throw new SalesforceError('crm.oauth_failed', `SALESFORCE_PRIVATE_KEY is not a readable private key (${(error as Error).message})`);
  }
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), key);
  return `${header}.${claims}.${base64url(signature)}`;
}

/** POSTs to the token endpoint through jsforce's OAuth2 and checks the answer. */
export async function requestToken(oauth: OAuth2, params: Record<string, string>, what: string): Promise<TokenResponse> {
  let body: unknown;
  try {
    body = await oauth.requestToken(params as { grant_type: string });
  } catch (error) {
    // No answer at all (the fetch failed) is an outage, not a refusal.
    if (error instanceof TypeError) throw new SalesforceError('crm.unavailable', `${what}: ${errorMessage(error)}`);
    // jsforce names the error after OAuth's error code (invalid_grant, invalid_client_id, …).
    const name = (error as Error).name;
    throw new SalesforceError('crm.oauth_failed', `${what}: ${name}: ${(error as Error).message}`, name);
  }
  const parsed = tokenResponse.safeParse(body);
  if (!parsed.success) throw new SalesforceError('crm.oauth_failed', `${what}: unexpected token response (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

export function sessionOf(token: TokenResponse): Session {
  return { accessToken: token.access_token, instanceUrl: token.instance_url, orgId: parseIdentityUrl(token.id)?.orgId ?? null };
}

/** Caches the last session; renew() asks for a new one (one request at a time). */
function renewable(fetch: () => Promise<Session>): SessionSource {
  let current: Promise<Session> | null = null;
  const renew = () => {
    const next = fetch();
    current = next.catch((error: unknown) => {
      current = null;
      throw error;
    });
    return current;
  };
  return { get: () => current ?? renew(), renew };
}

export function jwtBearerSession(options: { clientId: string; username: string; privateKey: string; loginUrl?: string; now?: () => number }): SessionSource {
  const loginUrl = options.loginUrl ?? DEFAULT_LOGIN_URL;
  const oauth = new OAuth2({ loginUrl });
  // A sandbox's audience is test.salesforce.com; a My Domain login URL signs for the standard host.
  const audience = /\.sandbox\.my\.salesforce\.com|test\.salesforce\.com/.test(loginUrl) ? 'https://test.salesforce.com' : /\.my\.salesforce\.com/.test(loginUrl) ? DEFAULT_LOGIN_URL : loginUrl;
  return renewable(async () => {
    const assertion = signJwtAssertion({ clientId: options.clientId, username: options.username, audience, privateKey: options.privateKey, now: (options.now ?? Date.now)() });
    return sessionOf(await requestToken(oauth, { grant_type: JWT_BEARER_GRANT, assertion }, 'JWT bearer login'));
  });
}

/** The client credentials flow runs as the connected app's "run as" user; the login URL must be the org's My Domain. */
export function clientCredentialsSession(options: { clientId: string; clientSecret: string; loginUrl: string }): SessionSource {
  const oauth = new OAuth2({ loginUrl: options.loginUrl, clientId: options.clientId, clientSecret: options.clientSecret });
  return renewable(async () => sessionOf(await requestToken(oauth, { grant_type: 'client_credentials' }, 'client credentials login')));
}

/** SALESFORCE_ACCESS_TOKEN with SALESFORCE_INSTANCE_URL: nothing to renew it with. */
export function staticSession(session: { accessToken: string; instanceUrl: string; orgId?: string }): SessionSource {
  return { get: async () => ({ accessToken: session.accessToken, instanceUrl: session.instanceUrl, orgId: session.orgId ?? null }) };
}
