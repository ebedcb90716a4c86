// Satisfaction from HubSpot surveys, against the simulator: NPS responses (feedback submissions)
// linked to contacts, contacts linked to companies; each company's average of the responses its
// contacts gave in the window, to the cent, with their count.
import { afterEach, describe, expect, it } from 'vitest';
import { SMALL_PORTFOLIO } from '../fixtures/hubspot/small-portfolio.ts';
import { hubspotSourceAgainstSimulator, pullAll, type SourceAgainstSimulator } from '../support/hubspot-simulator/index.ts';
import type { SimulatedPortal } from '../support/hubspot-simulator/state.ts';

const NOW = Date.parse('2026-11-01T00:00:00Z');

function contact(portal: SimulatedPortal, id: string, primary: string, others: string[] = []): void {
  portal.table('contacts').put(id, { email: `${id}@example.com` }, { createdAt: portal.now(), modifiedAt: portal.now() });
  portal.associations.link('contacts', id, 'companies', primary, [279, 1], [280, 2]);
  for (const other of others) portal.associations.link('contacts', id, 'companies', other, [279], [280]);
}

function response(portal: SimulatedPortal, id: string, contactId: string, value: string, submittedAt: string, type = 'NPS'): void {
  const at = portal.now();
  portal.table('feedback_submissions').put(id, { hs_value: value, hs_survey_type: type, hs_submission_timestamp: submittedAt, hs_survey_name: 'Customer loyalty' }, { createdAt: at, modifiedAt: at });
  portal.associations.link('feedback_submissions', id, 'contacts', contactId, [97], [98]);
}

describe('satisfaction from HubSpot NPS surveys', () => {
  let setup: SourceAgainstSimulator | undefined;
  afterEach(async () => {
    await setup?.close();
    setup = undefined;
  });

  async function seeded(surveys = { types: ['NPS'], windowMonths: 12, now: () => NOW }) {
    setup = await hubspotSourceAgainstSimulator(SMALL_PORTFOLIO, { source: { surveys, overlapMs: 0 } });
    const { portal } = setup.simulator;
    contact(portal, '501', '101');
    contact(portal, '502', '101');
    contact(portal, '503', '102');
    // Primary company 103; also linked to 102, which does not get its responses.
    contact(portal, '504', '103', ['102']);
    response(portal, '601', '501', '9', '2026-10-01T10:00:00Z');
    response(portal, '602', '501', '7', '2026-03-01T10:00:00Z');
    response(portal, '603', '502', '10', '2026-06-01T10:00:00Z');
    response(portal, '604', '502', '2', '2026-06-02T10:00:00Z', 'CSAT'); // another survey type
    response(portal, '605', '502', '8', '2025-10-31T23:59:59Z'); // before the window
    response(portal, '606', '502', '0', '2026-11-01T00:00:01Z'); // after the moment of the pull
    response(portal, '607', '502', '', '2026-07-01T10:00:00Z'); // no answer
    response(portal, '611', '503', '5', '2026-01-10T10:00:00Z');
    response(portal, '612', '503', '6', '2026-02-10T10:00:00Z');
    response(portal, '613', '503', '6', '2026-04-10T10:00:00Z');
    response(portal, '621', '504', '1', '2026-09-10T10:00:00Z');
    return setup;
  }

  const satisfactionOf = (companies: readonly { id: string; satisfaction?: number; satisfactionResponses?: number }[]) =>
    Object.fromEntries(companies.map((c) => [c.id, [c.satisfaction, c.satisfactionResponses]]));

  it('averages the NPS responses of each company\'s contacts in the window, to the cent, with their count', async () => {
    const { source } = await seeded();
    const pulled = await pullAll(source, 'full');
    expect(pulled.skipped).toEqual([]);
    expect(satisfactionOf(pulled.portfolio.companies)).toEqual({
      '101': [8.67, 3], // 9, 7 and 10
      '102': [5.67, 3], // 5, 6 and 6 replace the typed-in 8
      '103': [1, 1],
      '104': [undefined, undefined],
    });
  });

  it('gives the same figures for companies read again by id', async () => {
    const { source } = await seeded();
    const page = await source.pullCompanies(['101', '104']);
    expect(satisfactionOf(page.changes.companies ?? [])).toEqual({ '101': [8.67, 3], '104': [undefined, undefined] });
  });

  it('picks up a new response on an incremental pull: its company comes again with the new average', async () => {
    const { source, simulator } = await seeded();
    const full = await pullAll(source, 'full');
    response(simulator.portal, '614', '503', '9', '2026-10-20T10:00:00Z');
    const next = await pullAll(source, 'incremental', full.checkpoint);
    const again = satisfactionOf(next.portfolio.companies);
    expect(again['102']).toEqual([6.5, 4]);
    // The responses before the full pull's mark bring nothing back (the one at the mark may: same figures).
    expect(again['101']).toBeUndefined();
    expect(Object.keys(again).filter((id) => id !== '102' && id !== '103')).toEqual([]);
    expect(JSON.parse(next.checkpoint!).modified).toHaveProperty('feedback_submissions');
  });

  it('reads no surveys without survey types, and keeps the typed-in grade', async () => {
    const { source, simulator } = await seeded({ types: [], windowMonths: 12, now: () => NOW });
    const pulled = await pullAll(source, 'full');
    expect(satisfactionOf(pulled.portfolio.companies)['102']).toEqual([8, undefined]);
    expect(Object.keys(simulator.counters.byRoute).filter((route) => /contacts|feedback_submissions/.test(route))).toEqual([]);
  });

  it('keeps the typed-in grade, with a warning, when the token may not read survey responses', async () => {
    const { source, simulator } = await seeded();
    simulator.failNext(1, 403, /companies\/contacts\/batch\/read/);
    const pulled = await pullAll(source, 'full');
    expect(satisfactionOf(pulled.portfolio.companies)['102']).toEqual([8, undefined]);
  });

  it('calls only date-based paths', async () => {
    const { source, simulator } = await seeded();
    await pullAll(source, 'full');
    expect(simulator.counters.numeric).toEqual({});
    expect(Object.keys(simulator.counters.byRoute).filter((route) => /feedback_submissions/.test(route)).sort()).toEqual([
      'POST /crm/associations/2026-09/contacts/feedback_submissions/batch/read',
      'POST /crm/objects/2026-09/feedback_submissions/batch/read',
      'POST /crm/objects/2026-09/feedback_submissions/search',
    ]);
  });
});
