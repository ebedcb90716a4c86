// The HubSpot source against the local simulator: a known portfolio comes back as HubSpot holds it.
import { afterEach, describe, expect, it } from 'vitest';
import { SMALL_PORTFOLIO } from '../fixtures/hubspot/small-portfolio.ts';
import { hubspotSourceAgainstSimulator, pullAll, type SourceAgainstSimulator } from '../support/hubspot-simulator/index.ts';

describe('HubSpot source against the simulator', () => {
  let setup: SourceAgainstSimulator | undefined;
  afterEach(async () => {
    await setup?.close();
    setup = undefined;
  });

  it('gives back a seeded portfolio on a full pull, as HubSpot can hold it', async () => {
    setup = await hubspotSourceAgainstSimulator(SMALL_PORTFOLIO);
    const pulled = await pullAll(setup.source, 'full');
    expect(pulled.skipped).toEqual([]);
    expect(pulled.portfolio).toEqual(setup.expected);
  });
});
