// The bookkeeping behind "no echoes": the log of our write-backs per kw_calculated_at stamp,
// and the search filter groups that leave their echoes out within HubSpot's limits.
import { describe, expect, it } from 'vitest';
import { withoutEchoes } from '../../src/adapters/crm/hubspot/read/hubspot.echo-filter.ts';
import { createStoreEchoLog, type WriteSet } from '../../src/adapters/crm/hubspot/write/hubspot.echo-log.ts';

function checkpoints() {
  const values = new Map<string, string>();
  return { getCheckpoint: async (t: string, k: string) => values.get(`${t}/${k}`) ?? null, setCheckpoint: async (t: string, k: string, v: string) => void values.set(`${t}/${k}`, v) };
}

const set = (stamp: number, from: number, to: number, count: number): WriteSet => ({ stamp, from, to, count });

describe('echo log', () => {
  it('merges the batches of one write-back into one window per stamp', async () => {
    const log = createStoreEchoLog({ store: checkpoints(), tenant: 'hubspot:1' });
    await log.record([set(1, 100, 120, 100)]);
    await log.record([set(1, 130, 180, 100), set(2, 500, 500, 1)]);
    expect(await log.pending(0)).toEqual([set(2, 500, 500, 1), set(1, 100, 180, 200)]);
  });

  it('drops the write-backs a sync reading from `since` on can no longer meet', async () => {
    const log = createStoreEchoLog({ store: checkpoints(), tenant: 'hubspot:1' });
    await log.record([set(1, 100, 180, 200), set(2, 500, 500, 1)]);
    expect(await log.pending(200)).toEqual([set(2, 500, 500, 1)]);
    expect(await log.pending(0)).toEqual([set(2, 500, 500, 1)]);
  });

  it('reads a damaged checkpoint as no write-backs (everything is read again, nothing is lost)', async () => {
    const store = checkpoints();
    await store.setCheckpoint('hubspot:1', 'hubspot.writes', '{not json');
    expect(await createStoreEchoLog({ store, tenant: 'hubspot:1' }).pending(0)).toEqual([]);
  });
});

describe('search without echoes', () => {
  const keyset = [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: '1000' }];
  const filters = (groups: { length: number }[]) => groups.reduce((n, g) => n + g.length, 0);

  it('keeps other stamps, no stamp, and our companies changed again after the write-back', () => {
    const groups = withoutEchoes(keyset, [set(7, 2000, 3000, 400)]);
    expect(groups).toEqual([
      [...keyset, { propertyName: 'kw_calculated_at', operator: 'NEQ', value: '7' }],
      [...keyset, { propertyName: 'kw_calculated_at', operator: 'NOT_HAS_PROPERTY' }],
      [...keyset, { propertyName: 'kw_calculated_at', operator: 'EQ', value: '7' }, { propertyName: 'hs_lastmodifieddate', operator: 'GT', value: '3000' }],
    ]);
  });

  it('stays within 5 groups and 18 filters, leaving out the largest write-backs first', () => {
    const sets = [set(1, 0, 10, 5), set(2, 0, 20, 20_000), set(3, 0, 30, 2), set(4, 0, 40, 300), set(5, 0, 50, 9)];
    const groups = withoutEchoes(keyset, sets);
    expect(groups.length).toBeLessThanOrEqual(5);
    expect(filters(groups)).toBeLessThanOrEqual(18);
    expect(groups[0]!.slice(1).map((f) => f.value)).toEqual(['2', '4', '5']);
    const tieWalk = withoutEchoes([{ propertyName: 'hs_lastmodifieddate', operator: 'EQ', value: '9' }, { propertyName: 'hs_object_id', operator: 'GT', value: '5' }], sets);
    expect(filters(tieWalk)).toBeLessThanOrEqual(18);
    expect(tieWalk.every((g) => g.length <= 6)).toBe(true);
  });

  it('leaves a full read alone', () => {
    expect(withoutEchoes([], [set(1, 0, 10, 5)])).toEqual([]);
  });
});
