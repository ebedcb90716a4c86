// The scopes the connector needs, and checking a token's granted scopes against them through
// token introspection. Without the app's credentials nothing can list a token's scopes any
// more (OAuth v1 is gone): the check then names every scope it could not verify.
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { isHubSpotError } from '../client/hubspot.errors.ts';
import { introspectToken, portalOfCaller, type AppCredentials } from './hubspot.token-info.ts';

export interface ScopeNeed {
  /** Any one of these grants it (granular scope first, legacy name after). */
  anyOf: string[];
  purpose: string;
  /** Without it one feature degrades (a warning), nothing fails. */
  optional?: boolean;
}

export const REQUIRED_SCOPES: readonly ScopeNeed[] = [
  { anyOf: ['crm.objects.companies.read'], purpose: 'read companies' },
  { anyOf: ['crm.objects.companies.write'], purpose: 'write the results to companies' },
  { anyOf: ['crm.schemas.companies.read'], purpose: 'read the company property definitions' },
  { anyOf: ['crm.schemas.companies.write'], purpose: 'create the klantwaarde properties and association labels' },
  { anyOf: ['crm.objects.deals.read'], purpose: 'read deals' },
  { anyOf: ['crm.objects.line_items.read', 'e-commerce'], purpose: 'read line items (cost of goods, discounts)' },
  { anyOf: ['crm.objects.contacts.read'], purpose: 'read calls, meetings, notes and tasks' },
  { anyOf: ['sales-email-read'], purpose: 'read logged emails' },
  { anyOf: ['tickets', 'crm.objects.tickets.read'], purpose: 'read tickets' },
  { anyOf: ['crm.objects.owners.read'], purpose: 'show owners by name (without it: by id)', optional: true },
  { anyOf: ['crm.objects.contacts.write'], purpose: 'keep the contact schedule as tasks (tasks.enabled)', optional: true },
  { anyOf: ['crm.objects.feedback_submissions.read'], purpose: 'read survey responses (NPS) as satisfaction (without it: the typed-in kw_satisfaction)', optional: true },
];

export interface ScopeCheck {
  /** False when HubSpot would not list the token's scopes (then `unverified` names them). */
  verified: boolean;
  hubId: number | null;
  granted: string[];
  /** Needed and not granted (verified checks only). */
  missing: ScopeNeed[];
  /** Optional and not granted: a feature degrades, nothing fails. */
  optionalMissing: ScopeNeed[];
  /** Needed and not checked: every scope when the check could not be made. */
  unverified: ScopeNeed[];
  note: string | null;
}

export function missingScopes(granted: readonly string[], needs: readonly ScopeNeed[] = REQUIRED_SCOPES): ScopeNeed[] {
  const have = new Set(granted);
  return needs.filter((need) => !need.anyOf.some((scope) => have.has(scope)));
}

/**
 * Checks `accessToken`: with the app's credentials through introspection; without them only
 * the portal is found (account details), and every needed scope is reported as unverified.
 */
export async function checkScopes(client: HubSpotClient, options: { accessToken: string; app?: AppCredentials }): Promise<ScopeCheck> {
  const unverifiable = (hubId: number | null, note: string): ScopeCheck => ({ verified: false, hubId, granted: [], missing: [], optionalMissing: [], unverified: [...REQUIRED_SCOPES], note });
  const portal = async (): Promise<number | null> => {
    try {
      return await portalOfCaller(client, options.accessToken);
    } catch (error) {
      if (!isHubSpotError(error) || error.code === 'crm.daily_limit') throw error;
      return null;
    }
  };
  if (!options.app) {
    return unverifiable(await portal(), 'HubSpot lists a token\'s scopes only to the app that owns it: set HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET to check them');
  }
  try {
    const described = await introspectToken(client, options.app, options.accessToken);
    if (!described.active) return unverifiable(null, 'HubSpot says the token is not active (expired, revoked, or not issued to this app)');
    const hubId = described.hubId ?? (await portal());
    if (described.scopes === null) return unverifiable(hubId, 'HubSpot described the token without its scopes');
    const missing = missingScopes(described.scopes);
    return {
      verified: true,
      hubId,
      granted: described.scopes,
      missing: missing.filter((need) => !need.optional),
      optionalMissing: missing.filter((need) => need.optional),
      unverified: [],
      note: null,
    };
  } catch (error) {
    if (!isHubSpotError(error) || error.code === 'crm.daily_limit') throw error;
    return unverifiable(await portal(), `token introspection failed: ${error.message}`);
  }
}
