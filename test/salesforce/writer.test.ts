// Write-back to Salesforce with nock answering like Salesforce: sObject Collections of 200 with
// a partial failure, the passing refusal retried apart, a Bulk API 2.0 ingest job above the
// threshold, and a clean stop at the configured share of the daily allowance.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { guardNock } from '../support/nock-guard.ts';
import type { CompanyUpdate } from '../../src/app/ports/crm.port.ts';
import { createSalesforceWriter } from '../../src/adapters/crm/salesforce/write/salesforce.writer.ts';
import { API, fixture, INSTANCE, json, limitInfo, testConnection, text } from './helpers.ts';

const COLLECTIONS = `${API}/composite/sobjects`;
const JOB = `${API}/jobs/ingest/750Aj000001AbCdIAK`;
const QUICK = { firstMs: 1, maxMs: 5, timeoutMs: 5000 };

guardNock();

const accountId = (n: number) => `001Aj00000Qx${String(n).padStart(4, '0')}IAB`;
function updates(count: number, from = 1): CompanyUpdate[] {
  return Array.from({ length: count }, (_, i) => ({ companyId: accountId(from + i), values: { segment: 'B', total_value: '1250.50', next_contact_date: null, contact_overdue: 'no' } }));
}

type SentRecord = { attributes: { type: string }; id: string } & Record<string, unknown>;
const recordsOf = (body: unknown) => json(body).records as SentRecord[];
const allAccepted = (body: unknown) => recordsOf(body).map((r) => ({ id: r.id, success: true, errors: [] }));

async function writer(options: Parameters<typeof createSalesforceWriter>[0] extends infer O ? Partial<O> : never = {}) {
  return createSalesforceWriter({ conn: await testConnection(), concurrency: 1, retryDelayMs: 1, poll: QUICK, ...options });
}

describe('Salesforce writer', () => {
  it('sends the values as KW_ fields in collections of 200, with allOrNone false', async () => {
    const seen: SentRecord[][] = [];
    nock(INSTANCE)
      .patch(COLLECTIONS)
      .times(3)
      .reply(200, async (request: Request) => {
        const body = await request.json();
        expect(json(body).allOrNone).toBe(false);
        seen.push(recordsOf(body));
        return allAccepted(body);
      });
    const recorded: number[] = [];
    const report = await (await writer()).write(updates(450), async (batch) => {
      recorded.push(batch.length);
    });
    expect(seen.map((b) => b.length)).toEqual([200, 200, 50]);
    expect(seen[0]![0]).toEqual({ attributes: { type: 'Account' }, id: accountId(1), KW_Segment__c: 'B', KW_Total_Value__c: 1250.5, KW_Next_Contact_Date__c: null, KW_Contact_Overdue__c: false });
    expect(recorded).toEqual([200, 200, 50]);
    expect(report).toMatchObject({ apiCalls: 3, failed: [], stoppedBy: null });
  });

  it('sends nothing when nothing changed', async () => {
    const w = await writer();
    let called = false;
    const report = await w.write([{ companyId: accountId(1), values: {} }], async () => {
      called = true;
    });
    expect([report.apiCalls, called]).toEqual([0, false]);
  });

  it('retries a locked row apart from the rest, and reports a bad picklist value and a deleted account', async () => {
    nock(INSTANCE)
      .patch(COLLECTIONS, (body) => recordsOf(body).length === 4)
      .reply(200, fixture('composite-update-partial.json'), limitInfo(200))
      .patch(COLLECTIONS, (body) => recordsOf(body).map((r) => r.id).join() === accountId(2))
      .reply(200, [{ id: accountId(2), success: true, errors: [] }], limitInfo(201));
    const recorded: string[][] = [];
    const report = await (await writer()).write(updates(4), async (batch) => {
      recorded.push(batch.map((u) => u.companyId));
    });
    expect(recorded).toEqual([[accountId(1)], [accountId(2)]]);
    expect(report.failed).toEqual([
      { companyId: accountId(3), code: 'crm.invalid_value', message: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: Segment: bad value for restricted picklist field: Z' },
      { companyId: accountId(4), code: 'crm.not_found', message: 'ENTITY_IS_DELETED: entity is deleted' },
    ]);
    expect(report.apiCalls).toBe(2);
  });

  it('stops cleanly once the org has used the configured share of its daily allowance', async () => {
    nock(INSTANCE)
      .patch(COLLECTIONS)
      .reply(200, async (request: Request) => allAccepted(await request.json()), limitInfo(49_990))
      .patch(COLLECTIONS)
      .reply(200, async (request: Request) => allAccepted(await request.json()), limitInfo(50_000));
    const recorded: string[] = [];
    const report = await (await writer({ dailyApiShare: 0.5 })).write(updates(600), async (batch) => {
      recorded.push(...batch.map((u) => u.companyId));
    });
    expect(report.stoppedBy).toBe('crm.daily_limit');
    expect(recorded).toHaveLength(400);
    expect(report).toMatchObject({ failed: [], apiCalls: 2 });
  });

  it('stops cleanly when Salesforce refuses for the exhausted daily limit', async () => {
    nock(INSTANCE)
      .patch(COLLECTIONS)
      .reply(200, async (request: Request) => allAccepted(await request.json()))
      .patch(COLLECTIONS)
      .reply(403, fixture('error-request-limit.json'));
    const report = await (await writer()).write(updates(600), async () => {});
    expect(report.stoppedBy).toBe('crm.daily_limit');
    expect(report.written).toHaveLength(200);
  });

  it('sends a collection once more after a 503 (jsforce never retries a PATCH)', async () => {
    nock(INSTANCE)
      .patch(COLLECTIONS)
      .reply(503, fixture('error-server-unavailable.json'))
      .patch(COLLECTIONS)
      .reply(200, async (request: Request) => allAccepted(await request.json()));
    const report = await (await writer()).write(updates(10), async () => {});
    expect(report.written).toHaveLength(10);
    expect(report.apiCalls).toBe(2);
  });

  it('writes above the threshold through one Bulk API 2.0 ingest job, reading back only the failures', async () => {
    let csv = '';
    nock(INSTANCE)
      .post(`${API}/jobs/ingest`, { object: 'Account', operation: 'update', lineEnding: 'LF' })
      .reply(200, fixture('bulk-ingest-job-open.json'), limitInfo(300))
      .put(`${JOB}/batches`, (body: string) => {
        csv = body;
        return true;
      })
      .reply(201)
      .patch(JOB, { state: 'UploadComplete' })
      .reply(200, fixture('bulk-ingest-job-upload-complete.json'))
      .get(JOB)
      .reply(200, fixture('bulk-ingest-job-complete.json'))
      .get(`${JOB}/failedResults`)
      .reply(200, text('bulk-ingest-failed-results.csv'), { 'Content-Type': 'text/csv' })
      .patch(COLLECTIONS, (body) => recordsOf(body).map((r) => r.id).join() === accountId(7))
      .reply(200, [{ id: accountId(7), success: true, errors: [] }]);
    const recorded: number[] = [];
    const report = await (await writer({ bulkThreshold: 2000 })).write(updates(2500), async (batch) => {
      recorded.push(batch.length);
    });
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('Id,KW_Segment__c,KW_Total_Value__c,KW_Next_Contact_Date__c,KW_Contact_Overdue__c');
    expect(lines[1]).toBe(`${accountId(1)},B,1250.5,#N/A,false`);
    expect(lines).toHaveLength(2501);
    expect(recorded).toEqual([2498, 1]);
    expect(report.failed).toEqual([{ companyId: accountId(9), code: 'crm.invalid_value', message: expect.stringContaining('restricted picklist') }]);
    expect(report).toMatchObject({ apiCalls: 6, stoppedBy: null });
  });
});
