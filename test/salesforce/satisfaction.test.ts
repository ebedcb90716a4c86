// Satisfaction from Salesforce surveys, against the simulator (config salesforce.satisfaction):
// a survey-response object averaged per account over the window, to the cent, with its count; or
// an Account field holding the grade.
import { afterEach, describe, expect, it } from 'vitest';
import type { SalesforceSourceOptions } from '../../src/adapters/crm/salesforce/read/salesforce.source.ts';
import { collectPages, pullAll } from '../support/hubspot-simulator/against-simulator.ts';
import { SMALL_PORTFOLIO } from '../fixtures/hubspot/small-portfolio.ts';
import { salesforceSourceAgainstSimulator, type SourceAgainstSimulator } from '../support/salesforce-simulator/index.ts';

const NOW = Date.parse('2026-11-01T00:00:00Z');
const SURVEYS = { object: 'SurveyResponse__c', accountField: 'Account__c', scoreField: 'Score__c', dateField: 'Submitted__c' };

describe('satisfaction from Salesforce surveys', () => {
  let setup: SourceAgainstSimulator | undefined;
  afterEach(async () => {
    await setup?.close();
    setup = undefined;
  });

  async function seeded(satisfaction: SalesforceSourceOptions['satisfaction']) {
    setup = await salesforceSourceAgainstSimulator(SMALL_PORTFOLIO, { source: { now: () => NOW, ...(satisfaction ? { satisfaction } : {}) } });
    const { org } = setup.simulator;
    org.tables.set('SurveyResponse__c', new Map());
    org.defineField({ fullName: 'SurveyResponse__c.Account__c', type: 'Lookup' });
    org.defineField({ fullName: 'SurveyResponse__c.Score__c', type: 'Number' });
    org.defineField({ fullName: 'SurveyResponse__c.Submitted__c', type: 'DateTime' });
    org.defineField({ fullName: 'Account.NPS__c', type: 'Number' });
    const response = (account: string, score: number | null, submitted: string) => org.insert('SurveyResponse__c', { Account__c: account, Score__c: score, Submitted__c: submitted });
    response('101', 9, '2026-10-01T10:00:00.000Z');
    response('101', 7, '2026-03-01T10:00:00.000Z');
    response('101', 10, '2026-06-01T10:00:00.000Z');
    response('101', 8, '2025-10-31T23:59:59.000Z'); // before the window
    response('101', 0, '2026-11-01T00:00:01.000Z'); // after the moment of the pull
    response('101', null, '2026-07-01T10:00:00.000Z'); // no score
    response('102', 5, '2026-01-10T10:00:00.000Z');
    response('102', 6, '2026-02-10T10:00:00.000Z');
    response('102', 6, '2026-04-10T10:00:00.000Z');
    org.update('Account', '103', { NPS__c: 7.5 });
    return setup;
  }

  const satisfactionOf = (companies: readonly { id: string; satisfaction?: number; satisfactionResponses?: number }[]) =>
    Object.fromEntries(companies.map((c) => [c.id, [c.satisfaction, c.satisfactionResponses]]));

  it('averages the survey responses of each account in the window, to the cent, with their count', async () => {
    const { source } = await seeded({ source: SURVEYS, windowMonths: 12 });
    const pulled = await pullAll(source, 'full');
    expect(pulled.skipped).toEqual([]);
    expect(satisfactionOf(pulled.portfolio.companies)).toEqual({
      '101': [8.67, 3],
      '102': [5.67, 3], // replaces the typed-in 8
      '103': [undefined, undefined],
      '104': [undefined, undefined],
    });
    const one = collectPages([await source.pullCompanies(['102'])]).portfolio;
    expect(satisfactionOf(one.companies)).toEqual({ '102': [5.67, 3] });
  });

  it('reads the accounts of new responses again on an incremental pull, with their new average', async () => {
    const { source, simulator } = await seeded({ source: SURVEYS, windowMonths: 12 });
    const full = await pullAll(source, 'full');
    simulator.org.advance(2000);
    simulator.org.insert('SurveyResponse__c', { Account__c: '102', Score__c: 9, Submitted__c: '2026-10-20T10:00:00.000Z' });
    const next = await pullAll(source, 'incremental', full.checkpoint);
    expect(satisfactionOf(next.portfolio.companies)['102']).toEqual([6.5, 4]);
    expect(JSON.parse(next.checkpoint!).modstamp).toHaveProperty('SurveyResponses');
  });

  it('reads the grade from an Account field, without a response count', async () => {
    const { source } = await seeded({ source: { field: 'NPS__c' }, windowMonths: 12 });
    const pulled = await pullAll(source, 'full');
    expect(satisfactionOf(pulled.portfolio.companies)).toEqual({ '101': [undefined, undefined], '102': [8, undefined], '103': [7.5, undefined], '104': [undefined, undefined] });
  });

  it('keeps the typed-in KW_Satisfaction__c without the setting', async () => {
    const { source } = await seeded(undefined);
    const pulled = await pullAll(source, 'full');
    expect(satisfactionOf(pulled.portfolio.companies)['102']).toEqual([8, undefined]);
  });
});
