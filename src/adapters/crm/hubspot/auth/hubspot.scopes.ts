// The scopes the connector needs, and checking a token's granted scopes against them.
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { isHubSpotError } from '../client/hubspot.errors.ts';
import { HUBSPOT_PATHS } from '../client/hubspot.paths.ts';
import { tokenMetadata } from '../client/hubspot.schemas.ts';

export interface ScopeNeed {
  /** Any one of these grants it (granular scope first, legacy name after). */
  anyOf: string[];
  purpose: string;
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
];

export interface ScopeCheck {
  /** False when HubSpot would not describe the token (then nothing is known about scopes). */
  verified: boolean;
  hubId: number | null;
  granted: string[];
  missing: ScopeNeed[];
  note: string | null;
}

export function missingScopes(granted: readonly string[], needs: readonly ScopeNeed[] = REQUIRED_SCOPES): ScopeNeed[] {
  const have = new Set(granted);
  return needs.filter((need) => !need.anyOf.some((scope) => have.has(scope)));
}

export async function checkScopes(client: HubSpotClient, accessToken: string): Promise<ScopeCheck> {
  try {
    const { data } = await client.send({ method: 'GET', path: HUBSPOT_PATHS.tokenMetadata(accessToken), auth: false }, tokenMetadata);
    return { verified: true, hubId: data.hub_id, granted: data.scopes, missing: missingScopes(data.scopes), note: null };
  } catch (error) {
    if (!isHubSpotError(error) || error.code === 'crm.daily_limit') throw error;
    return { verified: false, hubId: null, granted: [], missing: [], note: `could not read the token's scopes: ${error.message}` };
  }
}
