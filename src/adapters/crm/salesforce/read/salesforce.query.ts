// Reading with SOQL over REST: page by page following nextRecordsUrl (2,000 rows a call), or a
// small read in one go with jsforce's autoFetch — with maxFetch raised, and a short read an error.
import type { SalesforceConnection } from '../client/salesforce.connection.ts';
import { SalesforceError } from '../client/salesforce.errors.ts';
import { SALESFORCE_LIMITS, SALESFORCE_PATHS } from '../client/salesforce.paths.ts';
import { queryResult, recordCounts, type QueryResult } from '../client/salesforce.schemas.ts';

export type Row = Record<string, unknown>;

export interface QueryOptions {
  /** queryAll: deleted rows (IsDeleted) and archived activities too. */
  all?: boolean;
  /** Rows per call, 200–2,000 (Sforce-Query-Options: batchSize). */
  batchSize?: number;
}

export interface QueryPage {
  records: Row[];
  totalSize: number;
}

const batchHeader = (size: number = SALESFORCE_LIMITS.queryBatch) => ({ 'Sforce-Query-Options': `batchSize=${Math.max(200, Math.min(size, SALESFORCE_LIMITS.queryBatch))}` });

/** The pages of one query, fetched one at a time as the caller asks for them. */
export async function* queryPages(conn: SalesforceConnection, soql: string, options: QueryOptions = {}): AsyncGenerator<QueryPage> {
  const headers = batchHeader(options.batchSize);
  let url: string | undefined = options.all ? SALESFORCE_PATHS.queryAll(soql) : SALESFORCE_PATHS.query(soql);
  const what = `${options.all ? 'queryAll' : 'query'} ${soql.slice(0, 120)}`;
  while (url) {
    const page: QueryResult = await conn.request({ method: 'GET', url, headers }, queryResult, what);
    yield { records: page.records, totalSize: page.totalSize };
    url = page.done ? undefined : page.nextRecordsUrl;
    if (!page.done && !url) throw new SalesforceError('crm.bad_response', `${what}: not done, but no nextRecordsUrl`);
  }
}

/** Every row of a query expected to be modest (ids of a few hundred accounts): one call per 2,000 rows. */
export async function readAll(conn: SalesforceConnection, soql: string, options: QueryOptions = {}): Promise<Row[]> {
  const what = `${options.all ? 'queryAll' : 'query'} ${soql.slice(0, 120)}`;
  const result = await conn.call(what, async (c) =>
    c.query<Row>(soql, { autoFetch: true, maxFetch: SALESFORCE_LIMITS.maxFetch, scanAll: options.all ?? false, headers: batchHeader(options.batchSize) }),
  );
  const parsed = queryResult.safeParse(result);
  if (!parsed.success) throw new SalesforceError('crm.bad_response', `${what}: unexpected response`);
  if (parsed.data.records.length < parsed.data.totalSize) {
    throw new SalesforceError('crm.truncated', `${what}: read ${parsed.data.records.length} of ${parsed.data.totalSize} rows (maxFetch ${SALESFORCE_LIMITS.maxFetch})`);
  }
  return parsed.data.records;
}

/** The rows of a child subquery (e.g. an opportunity's OpportunityLineItems), following its own paging past 200. */
export async function childRows(conn: SalesforceConnection, parent: Row, relationship: string): Promise<Row[]> {
  const child = queryResult.safeParse(parent[relationship]);
  if (!child.success) return [];
  const rows = [...child.data.records];
  let next = child.data.done ? undefined : child.data.nextRecordsUrl;
  while (next) {
    const page: QueryResult = await conn.request({ method: 'GET', url: next }, queryResult, `more ${relationship}`);
    rows.push(...page.records);
    next = page.done ? undefined : page.nextRecordsUrl;
  }
  return rows;
}

/** Approximate record counts per object in one call; an object Salesforce has not counted yet is absent. */
export async function recordCountsOf(conn: SalesforceConnection, objects: readonly string[]): Promise<Map<string, number>> {
  const counts = await conn.request(SALESFORCE_PATHS.recordCount(objects), recordCounts, 'record counts');
  return new Map(counts.sObjects.map((o) => [o.name, o.count]));
}
