// Reading over REST with nock answering like Salesforce: paging through nextRecordsUrl on the
// pinned API version, the 2,000-row batch header, a short read refused, GET retries counted.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { guardNock } from '../support/nock-guard.ts';
import { createSalesforceSource } from '../../src/adapters/crm/salesforce/read/salesforce.source.ts';
import { queryPages, readAll } from '../../src/adapters/crm/salesforce/read/salesforce.query.ts';
import { isSalesforceError } from '../../src/adapters/crm/salesforce/client/salesforce.errors.ts';
import { pullAll } from '../support/hubspot-simulator/against-simulator.ts';
import { API, fixture, INSTANCE, limitInfo, testConnection } from './helpers.ts';

guardNock();

const empty = { totalSize: 0, done: true, records: [] };

describe('Salesforce REST queries', () => {
  it('follows nextRecordsUrl page by page, asking for 2,000 rows a call', async () => {
    nock(INSTANCE)
      .matchHeader('sforce-query-options', 'batchSize=2000')
      .get(`${API}/queryAll`)
      .query((q) => String(q.q).startsWith('SELECT Id, SystemModstamp'))
      .reply(200, fixture('query-accounts-page-1.json'), limitInfo(10))
      .get(`${API}/query/0r8Aj00000AbCdEIAV-2000`)
      .reply(200, fixture('query-accounts-page-2.json'), limitInfo(11));
    const conn = await testConnection();
    const pages = [];
    for await (const page of queryPages(conn, 'SELECT Id, SystemModstamp FROM Account', { all: true })) pages.push(page.records.length);
    expect(pages).toEqual([2, 1]);
    expect(conn.stats.calls).toBe(2);
    expect(conn.apiUsage()).toEqual({ used: 11, limit: 100_000 });
  });

  it('maps a paged incremental read into companies, relations and a dated override', async () => {
    nock(INSTANCE)
      .get(`${API}/queryAll`)
      .query((q) => /FROM Account WHERE SystemModstamp > 2026-10-29T00:00:00Z ORDER BY SystemModstamp ASC$/.test(String(q.q)))
      .reply(200, fixture('query-accounts-page-1.json'))
      .get(`${API}/query/0r8Aj00000AbCdEIAV-2000`)
      .reply(200, fixture('query-accounts-page-2.json'))
      .get(`${API}/query`)
      .query((q) => String(q.q).includes('FROM AccountHistory') && String(q.q).includes("'001Aj00000Qx1aCIAR'"))
      .reply(200, fixture('query-account-history.json'))
      .get(/\/services\/data\/v62\.0\/queryAll/)
      .times(5)
      .reply(200, empty);
    const source = createSalesforceSource({ conn: await testConnection(), roles: {}, concurrency: 1, overlapMs: 0 });
    const checkpoint = JSON.stringify({ v: 1, modstamp: { Account: Date.parse('2026-10-29T00:00:00Z'), Opportunity: 0, OpportunityLineItem: 0, Task: 0, Event: 0, Case: 0 } });
    const pulled = await pullAll(source, 'incremental', checkpoint);
    expect(pulled.skipped).toEqual([]);
    expect(pulled.portfolio.companies.map((c) => c.id)).toEqual(['001Aj00000Qx1aBIAR', '001Aj00000Qx1aCIAR', '001Aj00000Qx1aDIAR']);
    expect(pulled.portfolio.companies[0]).toEqual({
      id: '001Aj00000Qx1aBIAR',
      name: 'Bakkerij De Korenschoof',
      industry: 'Food & Beverage',
      employees: 42,
      annualRevenue: 5_400_000,
      lifecycleStage: 'Customer - Direct',
      ownerId: '005Aj000001xYzAIAU',
      createdAt: Date.parse('2019-03-12T10:04:11Z'),
      isReference: true,
      codevelopment: false,
      estimatedWallet: 250_000,
      satisfaction: 8.5,
    });
    expect(pulled.portfolio.relations).toEqual([
      { fromCompanyId: '001Aj00000Qx1aDIAR', toCompanyId: '001Aj00000Qx1aBIAR', kind: 'influence' },
      { fromCompanyId: '001Aj00000Qx1aBIAR', toCompanyId: '001Aj00000Qx1aCIAR', kind: 'parent' },
      { fromCompanyId: '001Aj00000Qx1aDIAR', toCompanyId: '001Aj00000Qx1aCIAR', kind: 'referral' },
    ]);
    expect(pulled.portfolio.overrides).toEqual([
      { companyId: '001Aj00000Qx1aCIAR', segment: 'A', reason: 'Reference site for the region', by: 'sales-manager', at: Date.parse('2026-10-02T08:00:00Z'), expiresAt: Date.parse('2027-03-31T00:00:00Z') },
    ]);
    expect(JSON.parse(pulled.checkpoint!).modstamp.Account).toBe(Date.parse('2026-10-31T07:59:59Z'));
  });

  it('refuses a read that came back shorter than Salesforce counted, rather than losing rows', async () => {
    nock(INSTANCE).get(`${API}/query`).query(true).reply(200, { totalSize: 3, done: true, records: fixture<{ records: unknown[] }>('query-accounts-page-1.json').records });
    const error = await readAll(await testConnection(), 'SELECT Id FROM Account').catch((e: unknown) => e);
    expect(isSalesforceError(error, 'crm.truncated')).toBe(true);
  });

  it('reads every row of a large modest read with autoFetch, past jsforce\'s 10,000 default', async () => {
    const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ attributes: { type: 'Task' }, Id: `00T${String(from + i).padStart(15, '0')}` }));
    const scope = nock(INSTANCE).get(`${API}/query`).query(true).reply(200, { totalSize: 12_000, done: false, nextRecordsUrl: `${API}/query/0r8x-2000`, records: rows(0, 2000) });
    for (let page = 1; page < 6; page++) {
      scope.get(`${API}/query/0r8x-${page * 2000}`).reply(200, { totalSize: 12_000, done: page === 5, ...(page < 5 ? { nextRecordsUrl: `${API}/query/0r8x-${(page + 1) * 2000}` } : {}), records: rows(page * 2000, 2000) });
    }
    const all = await readAll(await testConnection(), 'SELECT Id FROM Task');
    expect(all).toHaveLength(12_000);
  });

  it('counts the GETs jsforce retries after a 503 and then succeeds', async () => {
    nock(INSTANCE)
      .get(`${API}/query`)
      .query(true)
      .times(2)
      .reply(503, fixture('error-server-unavailable.json'))
      .get(`${API}/query`)
      .query(true)
      .reply(200, empty);
    const conn = await testConnection();
    expect(await readAll(conn, 'SELECT Id FROM Account')).toEqual([]);
    expect(conn.stats).toMatchObject({ calls: 3, retries: 2 });
  });

  it('gives up with crm.unavailable when every retry of a GET answers 503', async () => {
    nock(INSTANCE).get(`${API}/query`).query(true).times(6).reply(503, fixture('error-server-unavailable.json'));
    const error = await readAll(await testConnection(), 'SELECT Id FROM Account').catch((e: unknown) => e);
    expect(isSalesforceError(error, 'crm.unavailable')).toBe(true);
  });

  it('says a field is missing (setup not run, or another cost field) as crm.bad_request with Salesforce\'s code', async () => {
    nock(INSTANCE).get(`${API}/query`).query(true).reply(400, fixture('error-invalid-field.json'));
    const error = await readAll(await testConnection(), 'SELECT Id, Cost__c FROM OpportunityLineItem').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'crm.bad_request', sfCode: 'INVALID_FIELD' });
  });
});
