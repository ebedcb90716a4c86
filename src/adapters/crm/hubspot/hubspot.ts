// The HubSpot connector's public surface: what the CLI, the server and the pipeline wire up.
export { createHubSpotClient, type AccessTokenSource, type HubSpotClient, type HubSpotClientOptions } from './hubspot.client.ts';
export { HubSpotError, isHubSpotError, type HubSpotErrorCode } from './hubspot.errors.ts';
export { createHubSpotSource, type HubSpotSource, type HubSpotSourceOptions } from './hubspot.source.ts';
export { createHubSpotWriter, propertyName, type HubSpotWriterOptions } from './hubspot.writer.ts';
export { setupHubSpot, type SetupOptions, type SetupReport } from './hubspot.setup.ts';
export { PROPERTY_GROUP, PROPERTY_SPECS } from './hubspot.properties.ts';
export { REQUIRED_SCOPES, checkScopes, missingScopes } from './hubspot.scopes.ts';
export { DEFAULT_RELATION_LABELS, relationLabelsFrom, type RelationLabels } from './hubspot.relations.ts';
export type { RoleMapping } from './hubspot.mapper.ts';
export { buildInstallUrl, createTokenManager, exchangeCode, tenantOfPortal, type OAuthApp, type TokenManager } from './hubspot.oauth.ts';
export { createStoreTokenVault, TOKEN_CHECKPOINT_KEY } from './hubspot-token.vault.ts';
export { DEFAULT_BASE_URL, HUBSPOT_LIMITS, HUBSPOT_PATHS } from './hubspot.paths.ts';
export { rateLimitFloorMs } from './rolling-limiter.ts';
