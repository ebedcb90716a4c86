// The debounced worker against the HubSpot simulator and a real SQLite store and queue: bursts
// collapse into one sync and one write-back, records resolve to their companies, failures retry
// with backoff and end in the dead letters.
import { afterEach, describe, expect, it } from 'vitest';
import { HUBSPOT_PATHS } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';
import { createSqliteQueue } from '../../src/adapters/queue/sqlite.queue.ts';
import type { Delivery, DirtyObject, WorkQueue } from '../../src/app/ports/queue.port.ts';
import { createRecomputeWorker, type RecomputeWorker, type WorkerRound } from '../../src/app/recompute-worker.ts';
import { changeDealAmount, hubspotRig, plainPortfolio, written, type HubSpotRig } from './hubspot-rig.ts';

const ROUTE = {
  readCompanies: `POST ${HUBSPOT_PATHS.batchRead('companies')}`,
  updateCompanies: `POST ${HUBSPOT_PATHS.batchUpdate('companies')}`,
  dealsToCompanies: `POST ${HUBSPOT_PATHS.associationsBatchRead('deals', 'companies')}`,
};

describe('recompute worker', () => {
  let rig: HubSpotRig;
  let queue: WorkQueue;
  let worker: RecomputeWorker;
  const clock = { now: Date.now() };

  async function start(companies = 60, retry = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000 }) {
    rig = await hubspotRig(plainPortfolio(companies));
    queue = createSqliteQueue({ path: ':memory:', settleMs: 1_000, retry, now: () => clock.now });
    worker = createRecomputeWorker({ queue, recompute: rig.recompute, crmFor: () => rig.crm }, { batchSize: 5_000 });
  }
  afterEach(async () => {
    await worker?.stop();
    await queue?.close();
    await rig?.close();
  });

  const object = (objectType: DirtyObject['objectType'], objectId: string, extra: Partial<DirtyObject> = {}): DirtyObject => ({ tenant: rig.tenant, objectType, objectId, reason: 'changed', ...extra });
  let eventId = 1;
  const deliver = (objects: DirtyObject[]): Delivery => ({ tenant: rig.tenant, eventId: String(eventId++), objects });

  /** Lets the debounce window pass, then runs one round. */
  async function round(): Promise<WorkerRound> {
    clock.now += 2_000;
    return worker.runOnce();
  }

  it('turns a burst of 500 events on 50 companies into one sync and one write-back of those 50', async () => {
    await start(60);
    const changed = Array.from({ length: 50 }, (_, i) => String(1001 + i));
    for (const [i, id] of changed.entries()) changeDealAmount(rig, `${id}0`, 50_000 + i);
    const before = written(rig, '1001');
    const deliveries: Delivery[] = [];
    for (let n = 0; n < 10; n++) {
      for (const id of changed) {
        deliveries.push(deliver([n % 3 === 0 ? object('company', id) : n % 3 === 1 ? object('deal', `${id}0`) : object('engagement', `${id}9`, { crmType: '0-48' })]));
      }
    }
    expect(deliveries).toHaveLength(500);
    expect(await queue.acceptEvents(deliveries)).toEqual({ accepted: 500, duplicates: 0 });
    const runsBefore = (await rig.store.listRuns(rig.tenant, 100)).length;

    const result = await round();
    expect(result).toMatchObject({ claimed: 150, tenants: 1, recomputed: 50, written: 50, completed: 150, retried: 0, dead: 0 });
    expect(rig.calls(ROUTE.readCompanies)).toBe(1);
    expect(rig.calls(ROUTE.updateCompanies)).toBe(1);
    // The pull reads each kind of record once; resolving adds one association read per kind.
    expect(rig.calls(ROUTE.dealsToCompanies)).toBe(2);
    expect(Math.max(...Object.values(rig.hub.simulator.counters.byRoute))).toBeLessThanOrEqual(2);
    expect(rig.hub.simulator.counters.calls).toBeLessThanOrEqual(20);
    expect((await rig.store.listRuns(rig.tenant, 100)).length).toBe(runsBefore + 1);
    expect(written(rig, '1001').kw_revenue_12m).toBe('51100.00');
    expect(written(rig, '1001').kw_revenue_12m).not.toBe(before.kw_revenue_12m);
    expect(await queue.stats()).toMatchObject({ waiting: 0, leased: 0, dead: 0 });
    expect(await round()).toMatchObject({ claimed: 0 });
  });

  it('writes nothing when the events carry no change that matters to the figures', async () => {
    await start(20);
    await queue.acceptEvents(Array.from({ length: 10 }, (_, i) => deliver([object('company', String(1001 + i))])));
    const result = await round();
    expect(result).toMatchObject({ claimed: 10, recomputed: 10, written: 0, completed: 10 });
    expect(rig.calls(ROUTE.updateCompanies)).toBe(0);
  });

  it('resolves a line item through its deal to the company, and recomputes it', async () => {
    await start(5);
    const { portal } = rig.hub.simulator;
    const lineItems = portal.table('line_items');
    lineItems.write(lineItems.live('10010-li')!, { hs_cost_of_goods_sold: '100' }, portal.now());
    const margin = written(rig, '1001').kw_gross_margin_12m;
    await queue.acceptEvents([deliver([object('line_item', '10010-li')])]);
    expect(await round()).toMatchObject({ claimed: 1, recomputed: 1, written: 1, completed: 1 });
    expect(written(rig, '1001').kw_gross_margin_12m).not.toBe(margin);
  });

  it('removes a company merged away and moves its deals to the one that absorbed it', async () => {
    await start(5);
    const { portal } = rig.hub.simulator;
    // HubSpot merged 1002 into 1001: 1002 goes, its deals now hang under 1001.
    for (const deal of ['10020', '10021']) portal.associations.link('companies', '1001', 'deals', deal, [342], [341]);
    portal.table('companies').archive('1002', portal.now());
    await queue.acceptEvents([deliver([object('company', '1001'), object('company', '1002', { reason: 'merged_away' })])]);
    expect(await round()).toMatchObject({ completed: 2, retried: 0 });
    const merged = await rig.store.loadCompanies(rig.tenant, ['1001', '1002']);
    expect(merged.companies.map((c) => c.id)).toEqual(['1001']);
    expect(merged.deals.filter((d) => d.companyId === '1001').map((d) => d.id).sort()).toEqual(['10010', '10011', '10020', '10021']);
  });

  it('drops a deleted deal and a deleted call from the store, and recomputes their company at once', async () => {
    await start(5);
    await queue.acceptEvents([deliver([object('deal', '10031', { reason: 'deleted' }), object('engagement', '10039', { reason: 'deleted', crmType: '0-48' })])]);
    expect(await round()).toMatchObject({ completed: 2, recomputed: 1, written: 1 });
    expect((await rig.store.latestResult(rig.tenant, '1003'))!.revenue).toBe(3000);
    expect(written(rig, '1003').kw_revenue_12m).toBe('3000.00');
    const left = await rig.store.loadCompanies(rig.tenant, ['1003']);
    expect(left.deals.map((d) => d.id)).toEqual(['10030']);
    expect(left.activities).toEqual([]);
  });

  it('retries a batch HubSpot refuses, with backoff, and succeeds on the third attempt', async () => {
    await start(5);
    changeDealAmount(rig, '10010', 77_000);
    await queue.acceptEvents([deliver([object('company', '1001')])]);
    // The client tries three times per call: six 503s fail two rounds.
    rig.hub.simulator.failNext(6, 503, new RegExp(`${HUBSPOT_PATHS.batchRead('companies')}$`));
    expect(await round()).toMatchObject({ claimed: 1, retried: 1, completed: 0 });
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    expect(await round()).toMatchObject({ claimed: 1, retried: 1 });
    clock.now += 10_000;
    expect(await round()).toMatchObject({ claimed: 1, completed: 1, written: 1 });
    expect(written(rig, '1001').kw_revenue_12m).toBe('78100.00');
    expect(await queue.deadLetters()).toEqual([]);
  });

  it('moves a company HubSpot keeps refusing to the dead letters, and finishes the others', async () => {
    await start(5);
    changeDealAmount(rig, '10010', 60_000);
    changeDealAmount(rig, '10020', 61_000);
    rig.hub.simulator.refuseUpdates.set('1001', 'kw_total_value: value out of range');
    const outcomes: WorkerRound[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt === 0) await queue.acceptEvents([deliver([object('company', '1001'), object('company', '1002')])]);
      outcomes.push(await round());
      clock.now += 60_000;
    }
    expect(outcomes.map((o) => [o.completed, o.retried, o.dead])).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const dead = await queue.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ tenant: rig.tenant, objectType: 'company', objectId: '1001', attempts: 3 });
    expect(dead[0]!.error).toContain('value out of range');
    expect(written(rig, '1002').kw_revenue_12m).toBe('63100.00');
  });

  it('keeps one tenant\'s failure away from the others', async () => {
    await start(5);
    const other = createRecomputeWorker(
      {
        queue,
        recompute: rig.recompute,
        crmFor: (tenant) => {
          if (tenant !== rig.tenant) throw new Error(`tenant ${tenant} is not connected`);
          return rig.crm;
        },
      },
      {},
    );
    changeDealAmount(rig, '10010', 90_000);
    await queue.acceptEvents([deliver([object('company', '1001')]), { tenant: 'hubspot:999', eventId: 'x', objects: [{ tenant: 'hubspot:999', objectType: 'company', objectId: '1', reason: 'changed' }] }]);
    clock.now += 2_000;
    expect(await other.runOnce()).toMatchObject({ tenants: 2, completed: 1, retried: 1, written: 1 });
  });

  it('runs on its own until the queue is empty, and stops cleanly', async () => {
    await start(10);
    worker = createRecomputeWorker({ queue, recompute: rig.recompute, crmFor: () => rig.crm }, { intervalMs: 20 });
    changeDealAmount(rig, '10050', 12_345);
    await queue.acceptEvents([deliver([object('deal', '10050')])]);
    worker.start();
    for (let i = 0; i < 200 && (await queue.stats()).waiting + (await queue.stats()).leased > 0; i++) {
      clock.now += 500;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await worker.stop();
    expect(await queue.stats()).toMatchObject({ waiting: 0, leased: 0 });
    expect(written(rig, '1005').kw_revenue_12m).toBe('17445.00');
  });
});
