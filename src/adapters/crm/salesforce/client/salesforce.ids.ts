// Salesforce record ids: 15 characters case-sensitive, or 18 with a case-safe suffix. Org ids
// are kept in their 18-character form so "salesforce:<orgId>" names one tenant however it arrives.

const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

export function isSalesforceId(value: string): boolean {
  return ID.test(value);
}

/** The 18-character form of a 15- or 18-character id (the suffix encodes which letters are capitals). */
export function toId18(id: string): string {
  if (!isSalesforceId(id)) throw new RangeError(`not a Salesforce id: '${id.slice(0, 40)}'`);
  const base = id.slice(0, 15);
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = base[block * 5 + i]!;
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX[bits];
  }
  return base + suffix;
}

export function tenantOfOrg(orgId: string): string {
  return `salesforce:${toId18(orgId)}`;
}

/** The org id of a tenant ("salesforce:00D…"), or null for another CRM's tenant. */
export function orgOfTenant(tenant: string): string | null {
  const match = /^salesforce:([a-zA-Z0-9]{15,18})$/.exec(tenant);
  return match && isSalesforceId(match[1]!) ? toId18(match[1]!) : null;
}

/** The org and user ids from the identity URL a token response carries (…/id/<orgId>/<userId>). */
export function parseIdentityUrl(url: string): { orgId: string; userId: string } | null {
  const match = /\/id\/([a-zA-Z0-9]{15,18})\/([a-zA-Z0-9]{15,18})\/?$/.exec(url);
  if (!match || !isSalesforceId(match[1]!) || !isSalesforceId(match[2]!)) return null;
  return { orgId: toId18(match[1]!), userId: toId18(match[2]!) };
}
