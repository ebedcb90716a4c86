// The worker's side of a notification: the accounts whose figures the changed records move,
// read from the org (never from the message), a deleted opportunity included.
import { afterEach, describe, expect, it } from 'vitest';
import { accountsOfChanges } from '../../src/adapters/crm/salesforce/salesforce.changes.ts';
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
});
