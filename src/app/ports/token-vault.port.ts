// Where OAuth tokens are kept per tenant (one HubSpot portal each), so many accounts can be
// connected; an uninstalled or revoked portal is marked and skipped, not retried forever.
import type { Instant } from '../../domain/records.ts';
import type { TenantId } from './store.port.ts';

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** When the access token stops working. */
  expiresAt: Instant;
  scopes?: string[];
}

export interface StoredTokens extends OAuthTokens {
  /** Set once the portal uninstalled the app or the refresh token was refused. */
  revoked: { at: Instant; reason: string } | null;
}

export interface TokenVault {
  get(tenant: TenantId): Promise<StoredTokens | null>;
  /** Stores fresh tokens (and clears a revoked mark: the portal installed the app again). */
  put(tenant: TenantId, tokens: OAuthTokens): Promise<void>;
  markRevoked(tenant: TenantId, reason: string): Promise<void>;
}
