// The Salesforce connector against the local simulator: a known portfolio comes back as
// Salesforce holds it (over REST and through Bulk API 2.0); changes and deletions come back
// incrementally; fresh copies of accounts; setup and write-back land in the org.
import { afterEach, describe, expect, it } from 'vitest';
import { createSalesforceWriter } from '../../src/adapters/crm/salesforce/write/salesforce.writer.ts';
import { setupSalesforce } from '../../src/adapters/crm/salesforce/setup/salesforce.setup.ts';
import { createCalloutSecrets } from '../../src/adapters/crm/salesforce/inbound/salesforce.secret.ts';
import { collectPages, pullAll } from '../support/hubspot-simulator/against-simulator.ts';
import { generatePortfolio } from '../../src/app/sample/generate-portfolio.ts';
import { SMALL_PORTFOLIO } from '../fixtures/hubspot/small-portfolio.ts';
import { QUICK_POLL, salesforceSourceAgainstSimulator, type SourceAgainstSimulator } from '../support/salesforce-simulator/index.ts';

const at = (iso: string) => Date.parse(iso);

describe('Salesforce connector against the simulator', () => {
  let setup: SourceAgainstSimulator | undefined;
  afterEach(async () => {
    await setup?.close();
    setup = undefined;
  });

  it('gives back a seeded portfolio on a full pull, as Salesforce can hold it', async () => {
    setup = await salesforceSourceAgainstSimulator(SMALL_PORTFOLIO);
    const pulled = await pullAll(setup.source, 'full');
    expect(pulled.skipped).toEqual([]);
    expect(pulled.portfolio).toEqual(setup.expected);
    expect(Object.keys(JSON.parse(pulled.checkpoint!).modstamp).sort()).toEqual(['Account', 'Case', 'Event', 'Opportunity', 'OpportunityLineItem', 'Task']);
    expect(setup.simulator.counters.byRoute['POST /jobs/query']).toBeUndefined();
  });

  it('gives back a generated portfolio, and one account with all its deals and activities on request', async () => {
    const generated = generatePortfolio({ companies: 60, seed: 5, asOf: Date.parse('2026-11-01T00:00:00Z'), dealsPerCompany: 4, activitiesPerCompany: 8 });
    setup = await salesforceSourceAgainstSimulator(generated, { source: { bulkQueryAbove: 100 } });
    const pulled = await pullAll(setup.source, 'full');
    expect(pulled.skipped).toEqual([]);
    expect(pulled.portfolio).toEqual(setup.expected);
    const target = setup.expected.deals[0]!.companyId;
    const one = collectPages([await setup.source.pullCompanies([target])]).portfolio;
    expect(one.companies.map((c) => c.id)).toEqual([target]);
    expect(one.deals).toEqual(setup.expected.deals.filter((d) => d.companyId === target));
    expect(one.activities).toEqual(setup.expected.activities.filter((a) => a.companyId === target));
  });

  it('reads large objects through Bulk API 2.0 jobs and gets the same portfolio', async () => {
    setup = await salesforceSourceAgainstSimulator(SMALL_PORTFOLIO, { source: { bulkQueryAbove: 0, bulkPageSize: 2 } });
    setup.simulator.resetCounters();
    const pulled = await pullAll(setup.source, 'full');
    expect(pulled.skipped).toEqual([]);
    expect(pulled.portfolio).toEqual(setup.expected);
    const routes = setup.simulator.counters.byRoute;
    expect(routes['GET /limits/recordCount']).toBe(1);
    expect(routes['POST /jobs/query']).toBe(6);
    expect(routes['GET /query']).toBe(2); // the override's field history, and the users' names
  });

  it('brings the users who own accounts and activities by name on a full pull', async () => {
    setup = await salesforceSourceAgainstSimulator(SMALL_PORTFOLIO);
    const pulled = await pullAll(setup.source, 'full');
    const owners = pulled.pages.flatMap((p) => p.changes.owners ?? []);
    const users = [...setup.simulator.org.table('User').values()];
    expect(owners).toHaveLength(users.length);
    expect(owners.find((o) => o.id === '55')).toEqual({ id: '55', firstName: expect.any(String), lastName: expect.any(String) });
  });

  it('brings changes, deletions and changed products on an incremental pull', async () => {
    setup = await salesforceSourceAgainstSimulator(SMALL_PORTFOLIO, { source: { overlapMs: 0 } });
    const { org } = setup.simulator;
    const full = await pullAll(setup.source, 'full');
    org.advance(60_000);
    org.update('Account', '102', { Name: 'Beta Holding' });
    org.delete('Opportunity', '202');
    org.update('OpportunityLineItem', '201-li', { Cost__c: 6_500 });
    org.insert('Task', { Id: '308', AccountId: '102', TaskSubtype: 'Call', Type: 'Call', ActivityDate: '2026-10-15', CallDurationInSeconds: 600 }, at('2026-10-15T10:00:00Z'));
    org.delete('Case', '307');

    const next = await pullAll(setup.source, 'incremental', full.checkpoint);
    expect(next.portfolio.companies.map((c) => [c.id, c.name])).toEqual([['102', 'Beta Holding']]);
    expect(next.portfolio.deals).toEqual([{ ...setup.expected.deals.find((d) => d.id === '201'), cost: 6_500 }]);
    expect(next.portfolio.activities).toEqual([{ id: '308', companyId: '102', type: 'call', occurredAt: at('2026-10-15T00:00:00Z'), durationMinutes: 10 }]);
    expect(next.deleted).toEqual({ companies: [], deals: ['202'], activities: ['307'] });
    expect(next.skipped).toEqual([]);
    expect(next.checkpoint).not.toBe(full.checkpoint);
  });

  it('dates a new override by its field history, and reads a merge as a deletion with the children moved', async () => {
    setup = await salesforceSourceAgainstSimulator(SMALL_PORTFOLIO, { source: { overlapMs: 0 } });
    const { org } = setup.simulator;
    const full = await pullAll(setup.source, 'full');
    org.advance(60_000);
    org.update('Account', '104', { KW_Segment_Override__c: 'B', KW_Segment_Override_Reason__c: 'Gut feel: pays late' });
    const setAt = Date.parse(String([...org.table('AccountHistory').values()].at(-1)!.CreatedDate));
    // Merging 102 into 101: Salesforce moves the children, then deletes the loser.
    org.update('Opportunity', '203', { AccountId: '101' });
    org.update('Task', '304', { AccountId: '101' });
    org.update('Account', '102', { MasterRecordId: '101' });
    org.delete('Account', '102');

    const next = await pullAll(setup.source, 'incremental', full.checkpoint);
    expect(next.portfolio.overrides).toEqual([{ companyId: '104', segment: 'B', reason: 'Gut feel: pays late', by: 'unknown', at: setAt }]);
    expect(next.deleted.companies).toEqual(['102']);
    expect(next.portfolio.deals.map((d) => [d.id, d.companyId])).toEqual([['203', '101']]);
    expect(next.portfolio.activities.map((a) => [a.id, a.companyId])).toEqual([['304', '101']]);
  });

  it('gives fresh copies of given accounts with their deals, activities and relations; a deleted one as a deletion', async () => {
    setup = await salesforceSourceAgainstSimulator(SMALL_PORTFOLIO);
    setup.simulator.org.delete('Account', '104');
    const page = await setup.source.pullCompanies(['101', '104', '999']);
    expect(page.changes.companies!.map((c) => c.id)).toEqual(['101']);
    expect(page.changes.deletedCompanyIds?.sort()).toEqual(['104', '999']);
    expect(page.changes.deals!.map((d) => d.id).sort()).toEqual(['201', '202']);
    expect(page.changes.activities!.map((a) => [a.id, a.type]).sort()).toEqual([
      ['301', 'call'],
      ['302', 'visit'],
    ]);
    expect(page.changes.relations).toEqual([
      { fromCompanyId: '101', toCompanyId: '102', kind: 'parent' },
      { fromCompanyId: '101', toCompanyId: '103', kind: 'referral' },
    ]);
  });

  it('skips and reports a record that does not parse, and reads the rest', async () => {
    setup = await salesforceSourceAgainstSimulator(SMALL_PORTFOLIO);
    setup.simulator.org.table('Opportunity').get('203')!.CloseDate = 'next quarter';
    const pulled = await pullAll(setup.source, 'full');
    expect(pulled.skipped).toEqual([{ object: 'opportunity', id: '203', reason: "CloseDate: not a date ('next quarter')" }]);
    expect(pulled.portfolio.deals.map((d) => d.id)).toEqual(['201', '202', '204']);
  });

  it('sets up the org once, then finds everything in place', async () => {
    setup = await salesforceSourceAgainstSimulator(SMALL_PORTFOLIO);
    const values = new Map<string, string>();
    const callout = createCalloutSecrets({ store: { getCheckpoint: async (t, k) => values.get(`${t}|${k}`) ?? null, setCheckpoint: async (t, k, v) => void values.set(`${t}|${k}`, v) }, key: 'c'.repeat(64) });
    const first = await setupSalesforce({ conn: setup.conn, callout });
    const second = await setupSalesforce({ conn: setup.conn, callout });
    expect(first.failed).toEqual([]);
    expect(first.created.length).toBe(21);
    expect(first.permissionSets.map((p) => p.status)).toEqual(['created', 'created']);
    expect(second).toMatchObject({ created: [], differs: [], failed: [] });
    expect(second.existing.length).toBe(32);
    expect(second.permissionSets.map((p) => p.status)).toEqual(['existing', 'existing']);
    expect(first.calloutSecret).toEqual({ status: 'created', secret: expect.stringMatching(/^[\w-]{40,}$/) });
    expect(second.calloutSecret).toEqual({ status: 'existing' });
  });

  it('reports a field a person changed and leaves it as it is', async () => {
    setup = await salesforceSourceAgainstSimulator(SMALL_PORTFOLIO);
    await setupSalesforce({ conn: setup.conn });
    const field = setup.simulator.org.readMetadata('CustomField', 'Account.KW_Segment__c')!;
    setup.simulator.org.defineField({ ...field, label: 'Klantsegment' });
    const report = await setupSalesforce({ conn: setup.conn });
    expect(report.differs).toEqual([{ field: 'Account.KW_Segment__c', fields: ["label: 'Segment' expected, 'Klantsegment' found"], breaking: false }]);
    expect(setup.simulator.org.readMetadata('CustomField', 'Account.KW_Segment__c')!.label).toBe('Klantsegment');
  });

  it('writes values that land on the accounts, and reports a value outside the picklist and a deleted account', async () => {
    setup = await salesforceSourceAgainstSimulator(SMALL_PORTFOLIO);
    await setupSalesforce({ conn: setup.conn });
    setup.simulator.org.delete('Account', '104');
    const writer = createSalesforceWriter({ conn: setup.conn });
    const report = await writer.write(
      [
        { companyId: '101', values: { segment: 'A', total_value: '1234.56', contact_overdue: 'yes', next_contact_date: '2026-12-01', explanation: null } },
        { companyId: '102', values: { segment: 'Z' } },
        { companyId: '104', values: { segment: 'B' } },
      ],
      async () => {},
    );
    expect(report.written.map((u) => u.companyId)).toEqual(['101']);
    expect(report.failed.map((f) => [f.companyId, f.code]).sort()).toEqual([
      ['102', 'crm.invalid_value'],
      ['104', 'crm.not_found'],
    ]);
    expect(setup.simulator.org.table('Account').get('101')).toMatchObject({ KW_Segment__c: 'A', KW_Total_Value__c: 1234.56, KW_Contact_Overdue__c: true, KW_Next_Contact_Date__c: '2026-12-01', KW_Explanation__c: null });
  });

  it('writes through a Bulk API 2.0 job above the threshold, with the same outcome', async () => {
    setup = await salesforceSourceAgainstSimulator(SMALL_PORTFOLIO);
    await setupSalesforce({ conn: setup.conn });
    const writer = createSalesforceWriter({ conn: setup.conn, bulkThreshold: 1, poll: QUICK_POLL });
    setup.simulator.resetCounters();
    const recorded: string[] = [];
    const report = await writer.write(
      [
        { companyId: '101', values: { segment: 'A', total_value: '1234.56', contact_plan: 'Visit, "monthly"\nCall weekly' } },
        { companyId: '102', values: { segment: 'Z' } },
        { companyId: '103', values: { explanation: null, value_rank: '3' } },
      ],
      async (batch) => {
        recorded.push(...batch.map((u) => u.companyId));
      },
    );
    expect(recorded.sort()).toEqual(['101', '103']);
    expect(report.failed).toEqual([{ companyId: '102', code: 'crm.invalid_value', message: expect.stringContaining('restricted picklist') }]);
    expect(setup.simulator.counters.byRoute).toEqual({
      'POST /jobs/ingest': 1,
      'PUT /jobs/ingest/:id/batches': 1,
      'PATCH /jobs/ingest/:id': 1,
      'GET /jobs/ingest/:id': 1,
      'GET /jobs/ingest/:id/failedResults': 1,
    });
    expect(setup.simulator.org.table('Account').get('101')).toMatchObject({ KW_Segment__c: 'A', KW_Total_Value__c: 1234.56, KW_Contact_Plan__c: 'Visit, "monthly"\nCall weekly' });
    expect(setup.simulator.org.table('Account').get('103')).toMatchObject({ KW_Value_Rank__c: 3, KW_Explanation__c: null });
  });
});
