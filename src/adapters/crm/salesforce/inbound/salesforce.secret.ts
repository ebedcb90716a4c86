// The shared secret a Flow's HTTP callout sends (per org, through a Named Credential's custom
// header), compared in constant time; kept sealed in the store next to the org's tokens.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store, TenantId } from '../../../../app/ports/store.port.ts';
import { createTokenCipher } from '../../hubspot/auth/token-cipher.ts';

export const CALLOUT_SECRET_HEADER = 'x-klantwaarde-secret';
export const CALLOUT_SECRET_KEY = 'salesforce.callout_secret';

/** Equal without telling how much matched: both sides hashed to the same length first. */
export function secretMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined || given === '' || expected === '') return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export interface CalloutSecrets {
  /** The org's secret, or null when none was issued. */
  secretFor(tenant: TenantId): Promise<string | null>;
  /** Issues a new secret (the old one stops working): put it in the org's Named Credential. */
  rotate(tenant: TenantId): Promise<string>;
}

export function createCalloutSecrets(options: { store: Pick<Store, 'getCheckpoint' | 'setCheckpoint'>; key: Buffer | string }): CalloutSecrets {
  const cipher = createTokenCipher(options.key);
  return {
    async secretFor(tenant) {
      const sealed = await options.store.getCheckpoint(tenant, CALLOUT_SECRET_KEY);
      return sealed ? cipher.open(sealed) : null;
    },
    async rotate(tenant) {
      const secret = randomBytes(32).toString('base64url');
      await options.store.setCheckpoint(tenant, CALLOUT_SECRET_KEY, cipher.seal(secret));
      return secret;
    },
  };
}
