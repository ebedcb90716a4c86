// The Salesforce connector against the local simulator: a known portfolio comes back as
// Salesforce holds it; changes and deletions come back incrementally; setup and write-back land.
import { afterEach, describe, expect, it } from 'vitest';
import { pullAll } from '../support/hubspot-simulator/against-simulator.ts';
import { SMALL_PORTFOLIO } from '../fixtures/hubspot/small-portfolio.ts';
import { salesforceSourceAgainstSimulator, type SourceAgainstSimulator } from '../support/salesforce-simulator/index.ts';

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
  });
});
