// For tests and the CRM-source contract suite: a Salesforce source wired to a running simulator
// seeded with a portfolio, and what Salesforce can give back of that portfolio.
import type { Activity, Deal, Portfolio, Relation } from '../../../src/domain/records.ts';
import { connectWithToken, type SalesforceConnection } from '../../../src/adapters/crm/salesforce/client/salesforce.connection.ts';
import { DEFAULT_FIELD_NAMES } from '../../../src/adapters/crm/salesforce/setup/salesforce.fields.ts';
import { createSalesforceSource, type SalesforceSource, type SalesforceSourceOptions } from '../../../src/adapters/crm/salesforce/read/salesforce.source.ts';
import { lookupsOf, parentsOf, PIPELINE_FIELD, seedPortfolio } from './seed.ts';
import { startSalesforceSimulator, type SalesforceSimulator, type SalesforceSimulatorOptions } from './simulator.ts';

/** Polling that does not wait: the simulator finishes jobs at once unless told otherwise. */
export const QUICK_POLL = { firstMs: 1, maxMs: 20, timeoutMs: 10_000 };

export interface SourceAgainstSimulator {
  source: SalesforceSource;
  conn: SalesforceConnection;
  simulator: SalesforceSimulator;
  /** The portfolio as Salesforce can hold it (see normalizeForSalesforce). */
  expected: Portfolio;
  close(): Promise<void>;
}

export async function salesforceSourceAgainstSimulator(
  portfolio: Portfolio,
  options: { simulator?: SalesforceSimulatorOptions; source?: Partial<SalesforceSourceOptions> } = {},
): Promise<SourceAgainstSimulator> {
  const simulator = await startSalesforceSimulator(options.simulator);
  const { roles } = seedPortfolio(simulator.org, portfolio);
  const conn = await connectWithToken({ accessToken: 'simulated-token', instanceUrl: simulator.url, apiVersion: '62.0', retry: { minTimeoutMs: 1 } });
  // The source's clock is the org's: a full read marks no later than its start, and the simulated
  // org's stamps may run a few ms ahead of the wall clock (strictly increasing), so on the wall
  // clock a record seeded just before a second boundary would be read again by the next pull.
  const source = createSalesforceSource({ conn, roles, fields: { ...DEFAULT_FIELD_NAMES, pipelineField: PIPELINE_FIELD }, poll: QUICK_POLL, now: () => simulator.org.now(), ...options.source });
  return { source, conn, simulator, expected: normalizeForSalesforce(portfolio), close: () => simulator.close() };
}

const byId = <T extends { id: string }>(list: readonly T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const relationKey = (r: Relation) => `${r.kind}:${r.fromCompanyId}>${r.toCompanyId}`;
const omit = <T extends object>(record: T, keys: readonly string[]): T => Object.fromEntries(Object.entries(record).filter(([k, v]) => !keys.includes(k) && v !== undefined)) as T;
const dayStart = (ms: number) => Date.parse(new Date(ms).toISOString().slice(0, 10));

/**
 * What the Salesforce source yields for a portfolio seeded into Salesforce: no deal margin or
 * order count, no contact layer; a referral or influence lookup holds one account; checkboxes
 * are never empty; task activities are dated by ActivityDate (a day); only calls, meetings and
 * visits have a duration; the override's expiry is a date; a parent is both parentId and a relation.
 */
export function normalizeForSalesforce(portfolio: Portfolio, options: { pipeline?: boolean } = { pipeline: true }): Portfolio {
  const parents = parentsOf(portfolio);
  const relations: Relation[] = [...parents].map(([child, parent]) => ({ fromCompanyId: parent, toCompanyId: child, kind: 'parent' }));
  for (const kind of ['referral', 'influence'] as const) for (const [to, from] of lookupsOf(portfolio, kind)) relations.push({ fromCompanyId: from, toCompanyId: to, kind });
  const timed = new Set<Activity['type']>(['call', 'meeting', 'visit']);
  const task = new Set<Activity['type']>(['call', 'email', 'note', 'task']);
  return {
    companies: byId(portfolio.companies.map((c) => omit({ ...c, parentId: parents.get(c.id), isReference: c.isReference ?? false, codevelopment: c.codevelopment ?? false }, []))),
    deals: byId(portfolio.deals.map((d): Deal => omit(d, ['marginPct', 'orderCount', ...(options.pipeline ? [] : ['pipeline'])]))),
    activities: byId(
      portfolio.activities.map((a): Activity => omit({ ...a, occurredAt: task.has(a.type) ? dayStart(a.occurredAt) : a.occurredAt }, ['contactLayer', ...(timed.has(a.type) ? [] : ['durationMinutes'])])),
    ),
    relations: relations.sort((a, b) => (relationKey(a) < relationKey(b) ? -1 : 1)),
    overrides: [...portfolio.overrides].map((o) => omit({ ...o, expiresAt: o.expiresAt === undefined ? undefined : dayStart(o.expiresAt) }, [])).sort((a, b) => (a.companyId < b.companyId ? -1 : 1)),
  };
}
