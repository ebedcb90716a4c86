// OAuth as the simulator plays it: token introspection (portal, scopes), the account details,
// code exchange and refresh.
import { randomUUID } from 'node:crypto';
import type { Reply, SimRequest } from './reply.ts';
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
  'crm.objects.owners.read',
  'crm.objects.contacts.write',
  'crm.objects.feedback_submissions.read',
];

/**
 * Token introspection: the app (client id and secret in the form) asks about a token. Unknown
 * tokens are inactive; when no OAuth token was issued any token passes as the portal's static one.
 */
export function tokenIntrospection(portal: SimulatedPortal, request: SimRequest, clientId: string | undefined): Reply {
  const form = new URLSearchParams(request.text);
  if (!form.get('client_id') || !form.get('client_secret') || (clientId !== undefined && form.get('client_id') !== clientId)) {
    return { status: 400, body: { status: 'BAD_CLIENT_ID', message: 'missing or unknown client_id', correlationId: 'simulated' } };
  }
  const token = form.get('token') ?? '';
  const grant = portal.accessTokens.get(token);
  if (!token || (!grant && portal.accessTokens.size > 0)) return { status: 200, body: { active: false } };
  return {
    status: 200,
    body: {
      active: true,
      client_id: form.get('client_id'),
      hub_id: grant?.hubId ?? portal.hubId,
      scopes: grant?.scopes ?? portal.scopes,
      token_type: 'access_token',
      user_id: 1,
      exp: Math.round((grant?.expiresAt ?? Date.now() + 1_800_000) / 1000),
    },
  };
}

/** GET /account-info/…/details: the portal the bearer token belongs to. */
export function accountDetails(portal: SimulatedPortal): Reply {
  return {
    status: 200,
    body: {
      portalId: portal.hubId,
      accountType: 'STANDARD',
      timeZone: 'Europe/Amsterdam',
      companyCurrency: 'EUR',
      additionalCurrencies: [],
      utcOffset: '+01:00',
      utcOffsetMilliseconds: 3_600_000,
      uiDomain: 'app-eu1.hubspot.com',
      dataHostingLocation: 'eu1',
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
  portal.accessTokens.set(accessToken, { hubId: portal.hubId, scopes: portal.scopes, expiresAt: Date.now() + 1_800_000 });
  portal.refreshTokens.set(refreshToken, portal.hubId);
  return { status: 200, body: { token_type: 'bearer', access_token: accessToken, refresh_token: refreshToken, expires_in: 1800, hub_id: portal.hubId, scopes: portal.scopes } };
}
