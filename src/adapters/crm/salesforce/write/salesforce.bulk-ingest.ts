// Many account updates through Bulk API 2.0 ingest: create the job, upload one CSV, close it,
// wait, and read back only the failures (accepted = sent − failed − unprocessed).
import type { CompanyUpdate, WriteFailure } from '../../../../app/ports/crm.port.ts';
import type { BatchOutcome } from './salesforce.collections.ts';
import type { SalesforceConnection } from '../client/salesforce.connection.ts';
import { SalesforceError } from '../client/salesforce.errors.ts';
import { waitForJob, type PollOptions } from '../client/salesforce.jobs.ts';
import { SALESFORCE_LIMITS } from '../client/salesforce.paths.ts';
import { failedRow, jobInfo } from '../client/salesforce.schemas.ts';
import { accountRecord, failureOf, splitBulkError } from './salesforce.write-results.ts';

export interface IngestOutcome extends BatchOutcome {
  /** Sent but never processed (the job stopped): not written, not failed either. */
  unprocessed: CompanyUpdate[];
}

type Value = string | number | boolean | null;

/** One CSV for the job: every field any update sets; an empty cell leaves a field as it is, #N/A clears it. */
export function ingestCsv(records: readonly Record<string, Value>[]): string {
  const columns = [...new Set(['Id', ...records.flatMap((record) => Object.keys(record))])];
  const cell = (value: Value | undefined) => {
    if (value === undefined) return '';
    // An empty cell would leave the old value in place: clearing is #N/A.
    if (value === null || value === '') return '#N/A';
    const text = String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...records.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

/** Splits updates so each job's CSV stays under the ingest size limit. */
export function ingestJobs(updates: readonly CompanyUpdate[], maxBytes: number = SALESFORCE_LIMITS.ingestBytes): CompanyUpdate[][] {
  const jobs: CompanyUpdate[][] = [];
  let current: CompanyUpdate[] = [];
  let bytes = 0;
  for (const update of updates) {
    const size = Buffer.byteLength(JSON.stringify(update.values)) + 40;
    if (current.length > 0 && bytes + size > maxBytes) {
      jobs.push(current);
      current = [];
      bytes = 0;
    }
    current.push(update);
    bytes += size;
  }
  if (current.length > 0) jobs.push(current);
  return jobs;
}

export async function ingestUpdates(conn: SalesforceConnection, updates: readonly CompanyUpdate[], poll: PollOptions): Promise<IngestOutcome> {
  const what = `bulk update of ${updates.length} accounts`;
  const job = conn.jsforce.bulk2.createJob({ object: 'Account', operation: 'update', lineEnding: 'LF' });
  await conn.call(`${what}: create job`, () => job.open());
  try {
    await conn.call(`${what}: upload`, () => job.uploadData(ingestCsv(updates.map(accountRecord))));
    await conn.call(`${what}: close job`, () => job.close());
  } catch (error) {
    await conn.call(`${what}: abort job`, () => job.abort()).catch(() => undefined);
    throw error;
  }
  const info = await waitForJob(() => conn.request(`/jobs/ingest/${job.id}`, jobInfo, `${what}: status`), what, poll);
  const failed: WriteFailure[] = [];
  if ((info.numberRecordsFailed ?? 0) > 0) {
    const rows = await conn.call(`${what}: failed results`, () => job.getFailedResults());
    for (const raw of rows as unknown[]) {
      const row = failedRow.safeParse(raw);
      if (!row.success) throw new SalesforceError('crm.bad_response', `${what}: unreadable failed-results row`);
      const { sfCode, message } = splitBulkError(row.data.sf__Error);
      failed.push(failureOf(row.data.sf__Id || row.data.Id || '', sfCode, message));
    }
  }
  const processed = info.numberRecordsProcessed ?? updates.length;
  let unprocessed: CompanyUpdate[] = [];
  if (processed < updates.length) {
    const rows = (await conn.call(`${what}: unprocessed records`, () => job.getUnprocessedRecords())) as unknown[];
    const ids = new Set(rows.map((r) => (typeof r === 'object' && r !== null && 'Id' in r ? String(r.Id) : '')));
    unprocessed = updates.filter((u) => ids.has(u.companyId));
  }
  const out = new Set([...failed.map((f) => f.companyId), ...unprocessed.map((u) => u.companyId)]);
  return { accepted: updates.filter((u) => !out.has(u.companyId)), failed, unprocessed };
}
