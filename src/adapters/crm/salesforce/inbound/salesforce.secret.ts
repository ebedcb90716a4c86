// The org's shared secret: a Flow's HTTP callout sends it (through a Named Credential's custom
// header), and the Outbound Message endpoint URL carries a token derived from it (Outbound
// Messages carry no signature of their own). Compared in constant time; kept sealed in the store
// next to the org's tokens, or SALESFORCE_CALLOUT_SECRET for the one org signed in server to server.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
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

/**
 * The token of the org's Outbound Message endpoint URL (/webhooks/salesforce/<token>): derived, so a
 * URL seen in Salesforce's setup or a proxy log does not give away the callout secret itself.
 */
export function outboundMessageToken(secret: string): string {
  return createHmac('sha256', secret).update('klantwaarde outbound messages v1', 'utf8').digest('base64url');
}

export const OUTBOUND_MESSAGE_PATH = '/webhooks/salesforce';

/** Where the org's Outbound Messages go: PUBLIC_URL (or a placeholder for the host) and the token. */
export function outboundMessageUrl(publicUrl: string | undefined, secret: string): string {
  return `${publicUrl ? publicUrl.replace(/\/+$/, '') : 'https://<your host>'}${OUTBOUND_MESSAGE_PATH}/${outboundMessageToken(secret)}`;
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
