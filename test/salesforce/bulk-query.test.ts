// A Bulk API 2.0 query job with nock answering like Salesforce: created, polled after a pause
// until JobComplete, its CSV results read a set at a time through Sforce-Locator.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { guardNock } from '../support/nock-guard.ts';
import { bulkQuery } from '../../src/adapters/crm/salesforce/read/salesforce.bulk-query.ts';
import { isSalesforceError } from '../../src/adapters/crm/salesforce/client/salesforce.errors.ts';
import { API, fixture, INSTANCE, testConnection, text } from './helpers.ts';

const JOB = `${API}/jobs/query/750Aj000001QrYzIAK`;
const CSV = { 'Content-Type': 'text/csv' };

guardNock();

describe('Salesforce Bulk API 2.0 query', () => {
  it('waits for the job, then reads its result sets one locator after another', async () => {
    const sleeps: number[] = [];
    nock(INSTANCE)
      .post(`${API}/jobs/query`, { operation: 'queryAll', query: 'SELECT Id FROM Task WHERE IsDeleted = false' })
      .reply(200, fixture('bulk-query-job-created.json'))
      .get(JOB)
      .reply(200, { ...fixture<object>('bulk-query-job-created.json'), state: 'InProgress' })
      .get(JOB)
      .reply(200, fixture('bulk-query-job-complete.json'))
      .get(`${JOB}/results`)
      .query({ maxRecords: '2' })
      .reply(200, text('bulk-query-results-1.csv'), { ...CSV, 'Sforce-Locator': 'MjAwMA', 'Sforce-NumberOfRecords': '2' })
      .get(`${JOB}/results`)
      .query({ maxRecords: '2', locator: 'MjAwMA' })
      .reply(200, text('bulk-query-results-2.csv'), { ...CSV, 'Sforce-Locator': 'null', 'Sforce-NumberOfRecords': '1' });
    const sets: Record<string, string>[][] = [];
    const poll = { firstMs: 1000, maxMs: 15_000, timeoutMs: 60_000, sleep: async (ms: number) => void sleeps.push(ms) };
    for await (const rows of bulkQuery(await testConnection(), 'SELECT Id FROM Task WHERE IsDeleted = false', { all: true, pageSize: 2, poll })) sets.push(rows);
    expect(sleeps).toEqual([1000, 1500]);
    expect(sets.map((s) => s.map((r) => r.Id))).toEqual([['00TAj00000Ab001IAB', '00TAj00000Ab002IAB'], ['00TAj00000Ab003IAB']]);
    expect(sets[0]![0]).toMatchObject({ TaskSubtype: 'Call', CallDurationInSeconds: '720', IsDeleted: 'false' });
    expect(sets[0]![1]!.CallDurationInSeconds).toBe('');
  });

  it('says a failed job failed', async () => {
    nock(INSTANCE)
      .post(`${API}/jobs/query`)
      .reply(200, fixture('bulk-query-job-created.json'))
      .get(JOB)
      .reply(200, { ...fixture<object>('bulk-query-job-created.json'), state: 'Failed', errorMessage: 'INVALID_FIELD: No such column' });
    const reading = bulkQuery(await testConnection(), 'SELECT Nope FROM Task', { poll: { firstMs: 0, maxMs: 0, timeoutMs: 1000 } }).next();
    const error = await reading.catch((e: unknown) => e);
    expect(isSalesforceError(error, 'crm.job_failed')).toBe(true);
  });
});
