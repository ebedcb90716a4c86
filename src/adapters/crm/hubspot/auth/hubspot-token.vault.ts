// The TokenVault on top of the store's checkpoints (key 'oauth.hubspot'), tokens encrypted:
// no schema change, and a database dump holds no usable token.
import type { Store, TenantId } from '../../../../app/ports/store.port.ts';
import type { OAuthTokens, StoredTokens, TokenVault } from '../../../../app/ports/token-vault.port.ts';
import { z } from 'zod';
import { createTokenCipher } from './token-cipher.ts';

export const TOKEN_CHECKPOINT_KEY = 'oauth.hubspot';

const stored = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresAt: z.number(),
  scopes: z.array(z.string()).optional(),
  revoked: z.object({ at: z.number(), reason: z.string() }).nullable(),
});

export function createStoreTokenVault(options: { store: Pick<Store, 'getCheckpoint' | 'setCheckpoint'>; key: Buffer | string; now?: () => number }): TokenVault {
  const cipher = createTokenCipher(options.key);
  const now = options.now ?? Date.now;
  const write = (tenant: TenantId, tokens: StoredTokens) => options.store.setCheckpoint(tenant, TOKEN_CHECKPOINT_KEY, cipher.seal(JSON.stringify(tokens)));

  const get = async (tenant: TenantId): Promise<StoredTokens | null> => {
    const sealed = await options.store.getCheckpoint(tenant, TOKEN_CHECKPOINT_KEY);
    if (sealed === null || sealed === '') return null;
    return stored.parse(JSON.parse(cipher.open(sealed))) as StoredTokens;
  };

  return {
    get,
    async put(tenant, tokens: OAuthTokens) {
      await write(tenant, { ...tokens, revoked: null });
    },
    async markRevoked(tenant, reason) {
      const current = await get(tenant);
      if (!current) return;
      await write(tenant, { ...current, revoked: { at: now(), reason } });
    },
  };
}
