// The worker's side of a notification: the accounts whose figures the changed records move,
// read from the org (never from the message), a deleted opportunity included.
import { afterEach, describe, expect, it } from 'vitest';
import { accountsOfChanges, createSalesforceCompanyResolver } from '../../src/adapters/crm/salesforce/inbound/salesforce.changes.ts';
import type { QueuedItem } from '../../src/app/ports/queue.port.ts';
import { SMALL_PORTFOLIO } from '../fixtures/hubspot/small-portfolio.ts';
import { salesforceSourceAgainstSimulator, type SourceAgainstSimulator } from '../support/salesforce-simulator/index.ts';

describe('Salesforce changed records', () => {
  let setup: SourceAgainstSimulator | undefined;
  afterEach(async () => {
    await setup?.close();
    setup = undefined;
  });

  it('finds the account of each changed account, opportunity, product, task, event and case', async () => {
    setup = await salesforceSourceAgainstSimulator(SMALL_PORTFOLIO);
    setup.simulator.org.delete('Opportunity', '204');
    const accounts = await accountsOfChanges(setup.conn, [
      { objectType: 'Account', id: '103' },
      { objectType: 'Opportunity', id: '203' },
      { objectType: 'Opportunity', id: '204' },
      { objectType: 'OpportunityLineItem', id: '201-li' },
      { objectType: 'Event', id: '302' },
      { objectType: 'Case', id: '307' },
      { objectType: 'Task', id: '999' },
    ]);
    expect(accounts.sort()).toEqual(['101', '102', '103', '104']);
  });

  it('resolves queued items to their accounts as Salesforce has them now, and names deleted opportunities and activities', async () => {
    setup = await salesforceSourceAgainstSimulator(SMALL_PORTFOLIO);
    const { org } = setup.simulator;
    // The opportunity moved to another account after the message was sent: the org is asked, not the message.
    org.update('Opportunity', '203', { AccountId: '103' });
    org.delete('Opportunity', '204');
    org.delete('Event', '302');
    const item = (id: string, objectType: QueuedItem['objectType'], objectId: string, crmType?: string): QueuedItem => ({
      id, tenant: setup!.conn.tenant, objectType, objectId, reason: 'changed', attempts: 0, enqueuedAt: 0, lease: 'l', ...(crmType ? { crmType } : {}),
    });
    const calls = setup.simulator.counters.calls;
    const resolver = createSalesforceCompanyResolver({ connection: async () => setup!.conn });
    const resolution = await resolver.resolve([
      item('q1', 'deal', '203'),
      item('q2', 'deal', '204'),
      item('q3', 'engagement', '302', 'Event'),
      item('q4', 'engagement', '301', 'Task'),
      item('q5', 'ticket', '307', 'Case'),
      item('q6', 'line_item', '201-li'),
      item('q7', 'deal', '999'),
      item('q8', 'engagement', '0-48'),
    ]);
    expect(Object.fromEntries(resolution.companies)).toEqual({ q1: ['103'], q2: ['104'], q3: ['101'], q4: ['101'], q5: ['104'], q6: ['101'], q7: [], q8: [] });
    expect(resolution.gone).toEqual({ dealIds: ['204'], activityIds: ['302'] });
    // One query per object type (opportunity, event, task, case, product).
    expect(setup.simulator.counters.calls - calls).toBe(5);
  });
});
