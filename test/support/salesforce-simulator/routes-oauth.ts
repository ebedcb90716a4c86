// POST /services/oauth2/token: authorization code, refresh token, JWT bearer (RS256 checked
// against the connected app's certificate) and client credentials, answering like Salesforce.
import { randomBytes, verify } from 'node:crypto';
import type { SimulatedOrg } from './org.ts';
import type { Reply, SimRequest } from './reply.ts';

export interface ConnectedApp {
  clientId: string;
  clientSecret: string;
  /** PEM public key (or certificate) of the JWT bearer flow's signing key. */
  jwtPublicKey?: string;
  /** The user the JWT and client credentials flows run as. */
  username: string;
}

export const SIMULATED_USER_ID = '0055g00000AbCdEAAV';

const refuse = (error: string, description: string): Reply => ({ status: 400, body: { error, error_description: description } });

function issue(org: SimulatedOrg, baseUrl: string, withRefresh: boolean): Reply {
  const accessToken = `${org.orgId.slice(0, 15)}!AQ${randomBytes(24).toString('base64url')}`;
  org.accessTokens.add(accessToken);
  const body: Record<string, string> = {
    access_token: accessToken,
    signature: randomBytes(32).toString('base64'),
    scope: 'api refresh_token',
    instance_url: baseUrl,
    id: `${baseUrl.replace(/\/$/, '')}/id/${org.orgId}/${SIMULATED_USER_ID}`,
    token_type: 'Bearer',
    issued_at: String(Date.now()),
  };
  if (withRefresh) {
    const refreshToken = `5Aep${randomBytes(30).toString('base64url')}`;
    org.refreshTokens.set(refreshToken, org.orgId);
    body.refresh_token = refreshToken;
  }
  return { status: 200, body };
}

function checkJwt(assertion: string, app: ConnectedApp, baseUrl: string): string | null {
  const [header, claims, signature] = assertion.split('.');
  if (!header || !claims || !signature || !app.jwtPublicKey) return 'invalid assertion';
  if (!verify('RSA-SHA256', Buffer.from(`${header}.${claims}`), app.jwtPublicKey, Buffer.from(signature, 'base64url'))) return 'invalid assertion';
  const c = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as { iss?: string; sub?: string; aud?: string; exp?: number };
  if (c.iss !== app.clientId) return 'invalid_client_id';
  if (c.sub !== app.username) return 'user hasn\'t approved this consumer';
  if (c.aud !== baseUrl && c.aud !== 'https://login.salesforce.com' && c.aud !== 'https://test.salesforce.com') return 'audience is invalid';
  if (!c.exp || c.exp * 1000 < Date.now()) return 'expired authorization code';
  return null;
}

export function tokenGrant(org: SimulatedOrg, request: SimRequest, app: ConnectedApp, baseUrl: string): Reply {
  const form = new URLSearchParams(request.text);
  const grant = form.get('grant_type');
  if (grant === 'authorization_code') {
    const code = form.get('code') ?? '';
    if (form.get('client_id') !== app.clientId) return refuse('invalid_client_id', 'client identifier invalid');
    if (!org.codes.delete(code)) return refuse('invalid_grant', 'invalid authorization code');
    return issue(org, baseUrl, true);
  }
  if (grant === 'refresh_token') {
    if (form.get('client_id') !== app.clientId) return refuse('invalid_client_id', 'client identifier invalid');
    if (!org.refreshTokens.has(form.get('refresh_token') ?? '')) return refuse('invalid_grant', 'expired access/refresh token');
    return issue(org, baseUrl, false);
  }
  if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
    const problem = checkJwt(form.get('assertion') ?? '', app, baseUrl);
    return problem ? refuse('invalid_grant', problem) : issue(org, baseUrl, false);
  }
  if (grant === 'client_credentials') {
    if (form.get('client_id') !== app.clientId || form.get('client_secret') !== app.clientSecret) return refuse('invalid_client', 'invalid client credentials');
    return issue(org, baseUrl, false);
  }
  return refuse('unsupported_grant_type', `grant type not supported: ${grant ?? ''}`);
}
