// The Salesforce connector's public surface: what the CLI, the server and the worker wire up.
export { connectSalesforce, connectWithToken, type SalesforceConnection, type SalesforceConnectionOptions } from './client/salesforce.connection.ts';
export { clientCredentialsSession, jwtBearerSession, signJwtAssertion, staticSession, type Session, type SessionSource } from './auth/salesforce.auth.ts';
export { SalesforceError, isSalesforceError, type SalesforceErrorCode } from './client/salesforce.errors.ts';
export { createSalesforceSource, type SalesforceSource, type SalesforceSourceOptions } from './read/salesforce.source.ts';
export type { SatisfactionSource } from './read/salesforce.satisfaction.ts';
export { createSalesforceWriter, type SalesforceWriterOptions } from './write/salesforce.writer.ts';
export { createSalesforceTasks, type SalesforceTasksOptions } from './write/salesforce.tasks.ts';
export { setupSalesforce, type SalesforceSetupOptions, type SalesforceSetupReport } from './setup/salesforce.setup.ts';
export { DEFAULT_FIELD_NAMES, RESULT_FIELDS, fieldName, type FieldNames } from './setup/salesforce.fields.ts';
export type { RoleMapping } from './read/salesforce.mapper.ts';
export { buildAuthorizeUrl, createPkce, createSalesforceTokenManager, exchangeCode, type SalesforceOAuthApp, type SalesforceTokenManager } from './auth/salesforce.oauth.ts';
export { createSalesforceTokenVault, SALESFORCE_TOKEN_KEY, type SalesforceTokenVault } from './auth/salesforce-token.vault.ts';
export { createCalloutSecrets, outboundMessageToken, outboundMessageUrl, secretMatches, CALLOUT_SECRET_HEADER, type CalloutSecrets } from './inbound/salesforce.secret.ts';
export { ACK_RESPONSE, parseOutboundMessage, soapFault, type ChangedRecord, type OutboundMessage } from './inbound/salesforce.outbound-message.ts';
export { accountsOfChanges, createSalesforceCompanyResolver, dirtyObjectOf, statesOfChanges } from './inbound/salesforce.changes.ts';
export { salesforceRecalculateRoutes, salesforceWebhookRoutes, type SalesforceRecalculateDeps, type SalesforceWebhookDeps } from './inbound/salesforce.routes.ts';
export { orgOfTenant, tenantOfOrg, toId18 } from './client/salesforce.ids.ts';
export { DEFAULT_API_VERSION, DEFAULT_LOGIN_URL, SALESFORCE_LIMITS, SALESFORCE_PATHS } from './client/salesforce.paths.ts';
