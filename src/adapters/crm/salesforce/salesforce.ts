// The Salesforce connector's public surface: what the CLI, the server and the worker wire up.
export { connectSalesforce, connectWithToken, type SalesforceConnection, type SalesforceConnectionOptions } from './salesforce.connection.ts';
export { clientCredentialsSession, jwtBearerSession, signJwtAssertion, staticSession, type Session, type SessionSource } from './salesforce.auth.ts';
export { SalesforceError, isSalesforceError, type SalesforceErrorCode } from './salesforce.errors.ts';
export { createSalesforceSource, type SalesforceSource, type SalesforceSourceOptions } from './salesforce.source.ts';
export { createSalesforceWriter, type SalesforceWriterOptions } from './salesforce.writer.ts';
export { setupSalesforce, type SalesforceSetupOptions, type SalesforceSetupReport } from './salesforce.setup.ts';
export { DEFAULT_FIELD_NAMES, RESULT_FIELDS, fieldName, type FieldNames } from './salesforce.fields.ts';
export type { RoleMapping } from './salesforce.mapper.ts';
export { buildAuthorizeUrl, createPkce, createSalesforceTokenManager, exchangeCode, type SalesforceOAuthApp, type SalesforceTokenManager } from './salesforce.oauth.ts';
export { createSalesforceTokenVault, SALESFORCE_TOKEN_KEY, type SalesforceTokenVault } from './salesforce-token.vault.ts';
export { createCalloutSecrets, secretMatches, CALLOUT_SECRET_HEADER, type CalloutSecrets } from './salesforce.secret.ts';
export { ACK_RESPONSE, parseOutboundMessage, soapFault, type ChangedRecord, type OutboundMessage } from './salesforce.outbound-message.ts';
export { accountsOfChanges, createSalesforceCompanyResolver, dirtyObjectOf, statesOfChanges } from './salesforce.changes.ts';
export { salesforceRecalculateRoutes, salesforceWebhookRoutes, type SalesforceRecalculateDeps, type SalesforceWebhookDeps } from './salesforce.routes.ts';
export { orgOfTenant, tenantOfOrg, toId18 } from './salesforce.ids.ts';
export { DEFAULT_API_VERSION, DEFAULT_LOGIN_URL, SALESFORCE_LIMITS, SALESFORCE_PATHS } from './salesforce.paths.ts';
