// Large first reads through a Bulk API 2.0 query job: create it, wait for it, then read its
// CSV results a set at a time (maxRecords per set, Sforce-Locator to the next). jsforce's own
// bulk2.query streams every set into one CSV parser, which breaks past the first set.
import { HttpApi } from 'jsforce/lib/http-api.js';
import type { SalesforceConnection } from '../client/salesforce.connection.ts';
import { CsvError, parseCsvRows } from '../client/salesforce.csv.ts';
import { SalesforceError } from '../client/salesforce.errors.ts';
import { DEFAULT_POLL, waitForJob, type PollOptions } from '../client/salesforce.jobs.ts';
import { SALESFORCE_PATHS } from '../client/salesforce.paths.ts';
import { jobInfo } from '../client/salesforce.schemas.ts';

export interface BulkQueryOptions {
  /** queryAll: deleted and archived rows too. */
  all?: boolean;
  /** Rows per result set (maxRecords). */
  pageSize?: number;
  poll?: PollOptions;
}

export const DEFAULT_BULK_PAGE = 100_000;

/** The result sets of one bulk query, as rows of strings ("" for null), one set per call. */
export async function* bulkQuery(conn: SalesforceConnection, soql: string, options: BulkQueryOptions = {}): AsyncGenerator<Record<string, string>[]> {
  const what = `bulk ${options.all ? 'queryAll' : 'query'} ${soql.slice(0, 100)}`;
  const created = await conn.request(
    { method: 'POST', url: SALESFORCE_PATHS.queryJobs, body: JSON.stringify({ operation: options.all ? 'queryAll' : 'query', query: soql }), headers: { 'content-type': 'application/json' } },
    jobInfo,
    what,
  );
  await waitForJob(() => conn.request(SALESFORCE_PATHS.queryJob(created.id), jobInfo, `${what}: status`), what, options.poll ?? DEFAULT_POLL);
  let locator: string | null = null;
  do {
    const set = await resultSet(conn, created.id, locator, options.pageSize ?? DEFAULT_BULK_PAGE, what);
    yield set.rows;
    locator = set.next;
  } while (locator !== null);
}

async function resultSet(conn: SalesforceConnection, jobId: string, locator: string | null, pageSize: number, what: string) {
  const query = new URLSearchParams({ maxRecords: String(pageSize), ...(locator ? { locator } : {}) });
  const url = `${conn.jsforce.instanceUrl}/services/data/v${conn.apiVersion}${SALESFORCE_PATHS.queryJob(jobId)}/results?${query}`;
  let next: string | null = null;
  const text = await conn.call(`${what}: results`, async (c) => {
    // The plain request answers the body only; the locator of the next set is a response header.
    const api = new HttpApi(c, { responseType: 'text/plain' });
    api.on('response', (response: { headers: Record<string, string> }) => {
      const header = response.headers['sforce-locator'];
      next = header && header !== 'null' ? header : null;
    });
    return String((await api.request({ method: 'GET', url, headers: { Accept: 'text/csv' } })) ?? '');
  });
  try {
    return { rows: parseCsvRows(text), next: next as string | null };
  } catch (error) {
    if (error instanceof CsvError) throw new SalesforceError('crm.bad_response', `${what}: results are not readable CSV (${error.message})`);
    throw error;
  }
}
