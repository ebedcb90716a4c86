// An owner as the dashboard shows them: by name when the CRM names them, else the id, and the
// companies without an owner in the page's language.
import { ownerLabel, type OwnerNames } from '../../../app/owner-names.ts';
import { NO_OWNER } from '../customer-list.ts';
import type { Messages } from './messages.ts';

export function shownOwner(names: OwnerNames, ownerId: string, t: Messages): string {
  return ownerId === NO_OWNER ? t.customers.noOwner : ownerLabel(names, ownerId);
}
