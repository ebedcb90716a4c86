// Owners by name: "First Last" as the CRM names them, falling back to the id when it names
// no one (an owner the sync could not read, a CSV import's owner_id).
import type { Owner, Store, TenantId } from './ports/store.port.ts';

/** Owner id → "First Last", for the owners the CRM gave a name. */
export type OwnerNames = Readonly<Record<string, string>>;

export function ownerName(owner: Owner): string | null {
  const name = [owner.firstName, owner.lastName].filter((part) => part !== undefined && part.trim() !== '').join(' ');
  return name === '' ? null : name;
}

export async function ownerNames(store: Store, tenant: TenantId): Promise<OwnerNames> {
  const names: Record<string, string> = {};
  for (const owner of await store.listOwners(tenant)) {
    const name = ownerName(owner);
    if (name !== null) names[owner.id] = name;
  }
  return names;
}

/** What to show for an owner id: its name, else the id itself. */
export function ownerLabel(names: OwnerNames, ownerId: string): string {
  return Object.hasOwn(names, ownerId) ? names[ownerId]! : ownerId;
}
