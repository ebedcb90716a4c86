// The portal's owners by name (GET /crm/owners/…, active and archived: a rep who left still
// owns records), so screens can show "First Last" instead of an owner id. Without the owners
// scope the names are left out and ids shown, with a warning.
import type { Owner } from '../../../../app/ports/store.port.ts';
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { isHubSpotError } from '../client/hubspot.errors.ts';
import { HUBSPOT_LIMITS, HUBSPOT_PATHS } from '../client/hubspot.paths.ts';
import { owner, ownerPage } from '../client/hubspot.schemas.ts';
import type { Logger } from '../../../../app/ports/logger.port.ts';

export async function readOwners(client: HubSpotClient, log: Logger): Promise<Owner[]> {
  const owners = new Map<string, Owner>();
  try {
    for (const archived of [false, true]) {
      let after: string | undefined;
      do {
        const query = { limit: HUBSPOT_LIMITS.ownersPage, archived, after };
        const { data } = await client.send({ method: 'GET', path: HUBSPOT_PATHS.owners, query }, ownerPage);
        for (const raw of data.results) {
          const parsed = owner.safeParse(raw);
          // An active owner wins over an archived one with the same id.
          if (parsed.success && !(archived && owners.has(parsed.data.id))) owners.set(parsed.data.id, toOwner(parsed.data));
        }
        after = data.paging?.next?.after;
      } while (after !== undefined);
    }
  } catch (error) {
    if (!isHubSpotError(error, 'crm.forbidden')) throw error;
    log.warn({ reason: error.message }, 'hubspot owners not readable (scope crm.objects.owners.read); owners are shown by id');
    return [];
  }
  return [...owners.values()];
}

function toOwner(o: { id: string; firstName?: string | null; lastName?: string | null; email?: string | null }): Owner {
  const text = (value: string | null | undefined) => (value && value.trim() !== '' ? value.trim() : undefined);
  const out: Owner = { id: o.id };
  const first = text(o.firstName);
  const last = text(o.lastName);
  const email = text(o.email);
  if (first) out.firstName = first;
  if (last) out.lastName = last;
  if (email) out.email = email;
  return out;
}
