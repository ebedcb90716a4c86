// The WorkQueue contract: every adapter (embedded SQLite, pg-boss) must pass these.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Delivery, DirtyObject, QueuedItem, WorkQueue } from '../../src/app/ports/queue.port.ts';

export interface QueueHarness {
  queue: WorkQueue;
  /** Lets time pass: a virtual clock moves, or the test really waits. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** Attempts before an item is dead; harnesses build their queue with this. */
export const MAX_ATTEMPTS = 3;

export const company = (id: string, tenant = 'hubspot:1', reason: DirtyObject['reason'] = 'changed'): DirtyObject => ({ tenant, objectType: 'company', objectId: id, reason });
export const delivery = (eventId: string | number, objects: DirtyObject[], tenant = 'hubspot:1'): Delivery => ({ tenant, eventId: String(eventId), objects });

/** Claims until something comes back (a retry's backoff or an expired lease takes time to pass). */
export async function claimEventually(h: QueueHarness, limit = 100, tries = 40, stepMs = 500): Promise<QueuedItem[]> {
  for (let i = 0; i < tries; i++) {
    const items = await h.queue.claim(limit);
    if (items.length > 0) return items;
    await h.advance(stepMs);
  }
  return [];
}

export function queueContract(name: string, open: () => Promise<QueueHarness>, settings: { leaseMs: number }): void {
  describe(`${name} work queue`, () => {
    let h: QueueHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it('accepts an event once and ignores it when HubSpot sends it again', async () => {
      expect(await h.queue.acceptEvents([delivery(1, [company('10')])])).toEqual({ accepted: 1, duplicates: 0 });
      expect(await h.queue.acceptEvents([delivery(1, [company('10')]), delivery(2, [])])).toEqual({ accepted: 1, duplicates: 1 });
      expect(await h.queue.seenEvent('hubspot:1', '1')).toBe(true);
      expect(await h.queue.seenEvent('hubspot:2', '1')).toBe(false);
      const items = await claimEventually(h);
      expect(items.map((i) => i.objectId)).toEqual(['10']);
    });

    it('keeps one waiting item per object however many events name it', async () => {
      const deliveries = Array.from({ length: 500 }, (_, i) => delivery(i, [company(String(100 + (i % 50)))]));
      expect(await h.queue.acceptEvents(deliveries)).toEqual({ accepted: 500, duplicates: 0 });
      const items = await claimEventually(h, 1000);
      expect(items).toHaveLength(50);
      expect(new Set(items.map((i) => i.objectId)).size).toBe(50);
    });

    it('leases claimed items: another claim does not get them, completing removes them', async () => {
      await h.queue.acceptEvents([delivery(1, [company('10'), company('11')])]);
      const items = await claimEventually(h);
      expect(items).toHaveLength(2);
      expect(await h.queue.claim(100)).toEqual([]);
      expect((await h.queue.stats()).leased).toBe(2);
      await h.queue.complete(items);
      expect(await h.queue.stats()).toMatchObject({ waiting: 0, leased: 0, dead: 0, oldestWaitingMs: null });
    });

    it('queues an object again when an event for it arrives while it is being processed', async () => {
      await h.queue.acceptEvents([delivery(1, [company('10')])]);
      const first = await claimEventually(h);
      await h.queue.acceptEvents([delivery(2, [company('10')])]);
      const second = await claimEventually(h);
      expect(second.map((i) => i.objectId)).toEqual(['10']);
      await h.queue.complete([...first, ...second]);
      expect(await h.queue.stats()).toMatchObject({ waiting: 0, leased: 0 });
    });

    it('retries a failed item after a backoff; it succeeds on the third attempt', async () => {
      await h.queue.acceptEvents([delivery(1, [company('10')])]);
      let items = await claimEventually(h);
      expect(await h.queue.fail(items, 'crm.unavailable: HubSpot answered 503')).toEqual({ retried: 1, dead: 0 });
      expect(await h.queue.claim(100)).toEqual([]);
      items = await claimEventually(h);
      expect(items[0]).toMatchObject({ objectId: '10', attempts: 1 });
      await h.queue.fail(items, 'crm.unavailable: HubSpot answered 503');
      items = await claimEventually(h);
      expect(items[0]).toMatchObject({ objectId: '10', attempts: 2 });
      await h.queue.complete(items);
      expect(await h.queue.stats()).toMatchObject({ waiting: 0, leased: 0, dead: 0 });
      expect(await h.queue.deadLetters()).toEqual([]);
    });

    it('moves an item to the dead letters after its last attempt, and can queue it again', async () => {
      await h.queue.acceptEvents([delivery(1, [company('10')])]);
      let outcome = { retried: 0, dead: 0 };
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const items = await claimEventually(h);
        expect(items).toHaveLength(1);
        outcome = await h.queue.fail(items, `crm.bad_request: attempt ${attempt} refused`);
      }
      expect(outcome).toEqual({ retried: 0, dead: 1 });
      const dead = await h.queue.deadLetters();
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ tenant: 'hubspot:1', objectType: 'company', objectId: '10', attempts: MAX_ATTEMPTS, error: `crm.bad_request: attempt ${MAX_ATTEMPTS} refused` });
      expect((await h.queue.stats()).dead).toBe(1);
      expect(await h.queue.claim(100)).toEqual([]);

      expect(await h.queue.retryDead()).toBe(1);
      expect(await h.queue.deadLetters()).toEqual([]);
      const again = await claimEventually(h);
      expect(again[0]).toMatchObject({ objectId: '10', attempts: 0 });
    });

    it('gives the items of an expired lease to the next claim, and ignores the old claim', async () => {
      await h.queue.acceptEvents([delivery(1, [company('10')])]);
      const first = await claimEventually(h);
      await h.advance(settings.leaseMs + 100);
      const second = await claimEventually(h);
      expect(second.map((i) => i.objectId)).toEqual(['10']);
      await h.queue.complete(first);
      expect((await h.queue.stats()).leased).toBe(1);
      await h.queue.complete(second);
      expect(await h.queue.stats()).toMatchObject({ waiting: 0, leased: 0 });
    });

    it('keeps a company merged away apart from plain changes to it', async () => {
      await h.queue.acceptEvents([delivery(1, [company('10')]), delivery(2, [company('10', 'hubspot:1', 'merged_away')]), delivery(3, [company('10')])]);
      const items = await claimEventually(h);
      expect(items.some((i) => i.objectId === '10' && i.reason === 'merged_away')).toBe(true);
    });

    it('queues objects of several tenants side by side, with what resolving them needs', async () => {
      await h.queue.acceptEvents([
        delivery(1, [{ tenant: 'hubspot:1', objectType: 'engagement', objectId: '77', reason: 'changed', crmType: '0-48' }]),
        delivery(1, [company('10', 'hubspot:2')], 'hubspot:2'),
      ]);
      await h.queue.enqueue([company('12', 'hubspot:2', 'requested')]);
      const items = await claimEventually(h);
      expect(items.map(({ tenant, objectType, objectId, reason, crmType }) => ({ tenant, objectType, objectId, reason, crmType })).sort((a, b) => (a.objectId < b.objectId ? -1 : 1))).toEqual([
        { tenant: 'hubspot:2', objectType: 'company', objectId: '10', reason: 'changed', crmType: undefined },
        { tenant: 'hubspot:2', objectType: 'company', objectId: '12', reason: 'requested', crmType: undefined },
        { tenant: 'hubspot:1', objectType: 'engagement', objectId: '77', reason: 'changed', crmType: '0-48' },
      ]);
    });
  });
}
