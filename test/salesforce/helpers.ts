// Shared pieces of the Salesforce tests: fixtures, an org on a fake host that nock answers for,
// and a connection to it on a fixed token.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { connectWithToken, type SalesforceConnection } from '../../src/adapters/crm/salesforce/client/salesforce.connection.ts';

// jsforce sends through its own undici Agent, outside the request context nock's interceptor
// (@mswjs/interceptors) knows. For such a socket the interceptor also starts a real connection,
// in case the client waits for the server to speak first; nock's answer wins that race, but on a
// busy machine the real DNS lookup of the fake host sometimes failed first, and the request failed
// with "fetch failed" (getaddrinfo ENOTFOUND acme.my.salesforce.com): a CI flake in setup and
// writer tests, 5 in 66 runs under load. With a lookup that never answers, the real connection
// never gets anywhere, so nock's answer is the only one (0 in 90 runs under the same load).
const requireFromJsforce = createRequire(createRequire(import.meta.url).resolve('jsforce'));
const { Agent } = requireFromJsforce('undici') as { Agent: new (options: { connect: Record<string, unknown> }) => unknown };
const { setDispatcher } = requireFromJsforce('./lib/request') as { setDispatcher(dispatcher: unknown): void };
setDispatcher(new Agent({ connect: { allowH2: false, lookup: () => undefined } }));

/** SALESFORCE_INSTANCE_URL in the tests. */
export const INSTANCE = 'https://acme.my.salesforce.com';
export const LOGIN = 'https://login.salesforce.com';
/** The version root: proof the API version is pinned (jsforce alone would call v50.0). */
export const API = '/services/data/v62.0';
export const ORG_ID = '00DAj000000AbCdMAK';

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(text(name)) as T;
}

export function text(name: string): string {
  return readFileSync(resolve(import.meta.dirname, '../fixtures/salesforce', name), 'utf8');
}

export function testConnection(): Promise<SalesforceConnection> {
  return connectWithToken({ accessToken: '00DAj000000AbCd!AQ0AQtest', instanceUrl: INSTANCE, orgId: ORG_ID, apiVersion: '62.0', retry: { minTimeoutMs: 1 } });
}

/** The Sforce-Limit-Info header Salesforce puts on every REST answer. */
export const limitInfo = (used: number, limit = 100_000) => ({ 'Sforce-Limit-Info': `api-usage=${used}/${limit}` });

/** A request body as nock's body matcher hands it over (parsed JSON, or the raw string). */
export function json(body: unknown): Record<string, unknown> {
  return (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>;
}
