// The HubSpot connector's public surface: what the CLI, the server and the pipeline wire up.
export { createHubSpotClient, type AccessTokenSource, type HubSpotClient, type HubSpotClientOptions } from './client/hubspot.client.ts';
export { HubSpotError, isHubSpotError, type HubSpotErrorCode } from './client/hubspot.errors.ts';
export { createHubSpotSource, type HubSpotSource, type HubSpotSourceOptions } from './read/hubspot.source.ts';
export { createHubSpotWriter, propertyName, type HubSpotWriterOptions } from './write/hubspot.writer.ts';
export { createHubSpotTasks, type HubSpotTasksOptions } from './write/hubspot.tasks.ts';
export { createStoreEchoLog, ECHO_CHECKPOINT_KEY, type EchoLog, type WriteSet } from './write/hubspot.echo-log.ts';
export { setupHubSpot, type SetupOptions, type SetupReport } from './setup/hubspot.setup.ts';
export { PROPERTY_GROUP, PROPERTY_SPECS } from './setup/hubspot.properties.ts';
export { REQUIRED_SCOPES, checkScopes, missingScopes, type ScopeCheck, type ScopeNeed } from './auth/hubspot.scopes.ts';
export { introspectToken, portalOfCaller, portalOfToken, type AppCredentials } from './auth/hubspot.token-info.ts';
export { DEFAULT_RELATION_LABELS, relationLabelsFrom, type RelationLabels } from './read/hubspot.relations.ts';
export type { RoleMapping } from './read/hubspot.mapper.ts';
export { buildInstallUrl, createTokenManager, exchangeCode, tenantOfPortal, type OAuthApp, type TokenManager } from './auth/hubspot.oauth.ts';
export { createStoreTokenVault, TOKEN_CHECKPOINT_KEY } from './auth/hubspot-token.vault.ts';
export { API_VERSION, DEFAULT_BASE_URL, HUBSPOT_LIMITS, HUBSPOT_PATHS, isNumericVersionPath } from './client/hubspot.paths.ts';
export { rateLimitFloorMs } from './client/rolling-limiter.ts';
export { createLocalCallLimiter, HUBSPOT_WINDOWS, type CallLimiter, type WindowSettings } from './client/call-limiter.ts';
export { connectPgCallLimits, createPgCallLimits, type SharedCallLimits } from './client/pg-call-limiter.ts';
