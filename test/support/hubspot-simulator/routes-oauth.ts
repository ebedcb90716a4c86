// OAuth as the simulator plays it: token metadata (scopes), code exchange and refresh.
import { randomUUID } from 'node:crypto';
import { hubspotError, type Reply, type SimRequest } from './reply.ts';
import type { SimulatedPortal } from './state.ts';

export const DEFAULT_SCOPES = [
  'oauth',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.schemas.companies.read',
  'crm.schemas.companies.write',
  'crm.objects.deals.read',
  'crm.objects.line_items.read',
  'crm.objects.contacts.read',
  'sales-email-read',
  'tickets',
];

export function tokenMetadata(portal: SimulatedPortal, token: string): Reply {
  const grant = portal.accessTokens.get(token);
  if (!grant && portal.accessTokens.size > 0) return hubspotError(404, 'NOT_FOUND', 'Token not found');
  return {
    status: 200,
    body: {
      token,
      user: 'admin@example.com',
      hub_domain: 'example.com',
      scopes: grant?.scopes ?? DEFAULT_SCOPES,
      hub_id: grant?.hubId ?? portal.hubId,
      app_id: 1,
      expires_in: grant ? Math.max(0, Math.round((grant.expiresAt - Date.now()) / 1000)) : 1800,
      user_id: 1,
      token_type: 'access',
    },
  };
}

export function tokenGrant(portal: SimulatedPortal, request: SimRequest): Reply {
  const form = new URLSearchParams(request.text);
  const grantType = form.get('grant_type');
  if (!form.get('client_id') || !form.get('client_secret')) return { status: 400, body: { status: 'BAD_CLIENT_ID', error: 'invalid_client', message: 'missing client credentials' } };
  if (grantType === 'authorization_code') {
    const code = form.get('code') ?? '';
    if (!portal.codes.delete(code)) return { status: 400, body: { status: 'BAD_AUTH_CODE', error: 'invalid_grant', message: 'unknown or used code' } };
  } else if (grantType === 'refresh_token') {
    if (!portal.refreshTokens.has(form.get('refresh_token') ?? '')) return { status: 400, body: { status: 'BAD_REFRESH_TOKEN', error: 'invalid_grant', message: 'missing or unknown refresh token' } };
  } else {
    return { status: 400, body: { status: 'BAD_GRANT_TYPE', error: 'unsupported_grant_type', message: `grant ${grantType}` } };
  }
  const accessToken = `sim-access-${randomUUID()}`;
  const refreshToken = grantType === 'refresh_token' ? form.get('refresh_token')! : `sim-refresh-${randomUUID()}`;
  portal.accessTokens.set(accessToken, { hubId: portal.hubId, scopes: DEFAULT_SCOPES, expiresAt: Date.now() + 1_800_000 });
  portal.refreshTokens.set(refreshToken, portal.hubId);
  return { status: 200, body: { token_type: 'bearer', access_token: accessToken, refresh_token: refreshToken, expires_in: 1800, hub_id: portal.hubId, scopes: DEFAULT_SCOPES } };
}
