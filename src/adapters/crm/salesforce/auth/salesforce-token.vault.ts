// Tokens per connected org on top of the store's checkpoints (key 'oauth.salesforce'), sealed
// with the same AES-256-GCM cipher as HubSpot's: no schema change, and a dump holds no usable token.
import { z } from 'zod';
import type { Store, TenantId } from '../../../../app/ports/store.port.ts';
import { createTokenCipher } from '../../hubspot/auth/token-cipher.ts';

export const SALESFORCE_TOKEN_KEY = 'oauth.salesforce';

export interface SalesforceTokens {
  accessToken: string;
  refreshToken: string;
  /** The org's My Domain URL: API calls and token refreshes go there. */
  instanceUrl: string;
  /** When the access token is taken to expire (Salesforce does not say; the org's session timeout decides). */
  expiresAt: number;
  scopes?: string[];
}

export interface StoredSalesforceTokens extends SalesforceTokens {
  /** Set once the refresh token was refused (app uninstalled, token revoked): the org is skipped. */
  revoked: { at: number; reason: string } | null;
}

export interface SalesforceTokenVault {
  get(tenant: TenantId): Promise<StoredSalesforceTokens | null>;
  /** Stores fresh tokens (and clears a revoked mark: the org connected again). */
  put(tenant: TenantId, tokens: SalesforceTokens): Promise<void>;
  markRevoked(tenant: TenantId, reason: string): Promise<void>;
}

const stored = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  instanceUrl: z.string(),
  expiresAt: z.number(),
  scopes: z.array(z.string()).optional(),
  revoked: z.object({ at: z.number(), reason: z.string() }).nullable(),
});

export function createSalesforceTokenVault(options: { store: Pick<Store, 'getCheckpoint' | 'setCheckpoint'>; key: Buffer | string; now?: () => number }): SalesforceTokenVault {
  const cipher = createTokenCipher(options.key);
  const now = options.now ?? Date.now;
  const write = (tenant: TenantId, tokens: StoredSalesforceTokens) => options.store.setCheckpoint(tenant, SALESFORCE_TOKEN_KEY, cipher.seal(JSON.stringify(tokens)));
  const get = async (tenant: TenantId): Promise<StoredSalesforceTokens | null> => {
    const sealed = await options.store.getCheckpoint(tenant, SALESFORCE_TOKEN_KEY);
    if (sealed === null || sealed === '') return null;
    return stored.parse(JSON.parse(cipher.open(sealed)));
  };
  return {
    get,
    async put(tenant, tokens) {
      await write(tenant, { ...tokens, revoked: null });
    },
    async markRevoked(tenant, reason) {
      const current = await get(tenant);
      if (current) await write(tenant, { ...current, revoked: { at: now(), reason } });
    },
  };
}
