// What a token is — which portal, which scopes — without OAuth v1 (removed 2027-02-16):
// token introspection when the app's client id and secret are known, else the portal from
// the account details the token itself may read (its scopes then stay unknown).
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { HUBSPOT_PATHS } from '../client/hubspot.paths.ts';
import { accountDetails, tokenIntrospection } from '../client/hubspot.schemas.ts';

/** The app's credentials: with them HubSpot describes any token issued to the app. */
export interface AppCredentials {
  clientId: string;
  clientSecret: string;
}

export interface Introspection {
  active: boolean;
  hubId: number | null;
  /** Null when HubSpot's answer does not list them. */
  scopes: string[] | null;
}

export async function introspectToken(client: HubSpotClient, app: AppCredentials, token: string): Promise<Introspection> {
  const form = { client_id: app.clientId, client_secret: app.clientSecret, token, token_type_hint: 'access_token' };
  const { data } = await client.send({ method: 'POST', path: HUBSPOT_PATHS.tokenIntrospect, form, auth: false }, tokenIntrospection);
  return data;
}

/** The portal id of the token the client calls with (or of `bearer`, when given). */
export async function portalOfCaller(client: HubSpotClient, bearer?: string): Promise<number> {
  const { data } = await client.send({ method: 'GET', path: HUBSPOT_PATHS.accountDetails, ...(bearer ? { bearer } : {}) }, accountDetails);
  return data.portalId;
}

/** The portal a token belongs to: introspection's hub id when it gives one, else the account details. */
export async function portalOfToken(client: HubSpotClient, token: string, app?: AppCredentials): Promise<number> {
  if (app) {
    const described = await introspectToken(client, app, token);
    if (described.hubId !== null) return described.hubId;
  }
  return portalOfCaller(client, token);
}
