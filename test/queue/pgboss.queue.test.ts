// The pg-boss queue against the test PostgreSQL: the same contract as the embedded queue, in
// real time (pg-boss keeps time in the database), plus two instances sharing the work.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPgBossQueue, type PgBossQueueOptions } from '../../src/adapters/queue/pgboss.queue.ts';
import { claimEventually, company, delivery, MAX_ATTEMPTS, queueContract, type QueueHarness } from './queue.contract.ts';
import { dropSchema, sleep, TEST_DATABASE_URL, uniqueSchema } from './pg-support.ts';

const LEASE_MS = 2_000;

async function harness(schema = uniqueSchema('kw_queue_test'), drop = true, more: Partial<PgBossQueueOptions> = {}): Promise<QueueHarness> {
  const queue = await createPgBossQueue({
    connectionString: TEST_DATABASE_URL,
    schema,
    leaseMs: LEASE_MS,
    settleMs: 0,
    retry: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 1_000, maxDelayMs: 4_000 },
    superviseIntervalSeconds: 1,
    // Each harness is an instance of its own, as two servers are.
    instanceId: randomUUID(),
    ...more,
  });
  return {
    queue,
    advance: sleep,
    close: async () => {
      await queue.close();
      if (drop) await dropSchema(schema);
    },
  };
}

queueContract('pg-boss', () => harness(), { leaseMs: LEASE_MS });

describe('pg-boss work queue', () => {
  it('splits the work between two instances without handing an item out twice', async () => {
    const schema = uniqueSchema('kw_queue_test');
    const a = await harness(schema, false);
    const b = await harness(schema, false);
    try {
      await a.queue.acceptEvents(Array.from({ length: 40 }, (_, i) => delivery(i, [company(String(i))])));
      expect(await b.queue.acceptEvents([delivery(3, [company('3')])])).toEqual({ accepted: 0, duplicates: 1 });
      const [fromA, fromB] = await Promise.all([claimEventually(a, 25), claimEventually(b, 25)]);
      const ids = [...fromA, ...fromB].map((i) => i.objectId);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
      await Promise.all([a.queue.complete(fromA), b.queue.complete(fromB)]);
      expect(await a.queue.stats()).toMatchObject({ waiting: 0, leased: 0 });
    } finally {
      await a.close();
      await b.close();
      await dropSchema(schema);
    }
  });

  it('keeps a claim its live instance is working on past the heartbeat, and hands it on once the instance stops touching it', { timeout: 90_000 }, async () => {
    const schema = uniqueSchema('kw_queue_test');
    // The lease is far away: only the heartbeat decides here.
    const a = await harness(schema, false, { heartbeatSeconds: 10, leaseMs: 600_000 });
    const b = await harness(schema, false, { heartbeatSeconds: 10, leaseMs: 600_000 });
    try {
      await a.queue.acceptEvents([delivery(1, [company('10')])]);
      const held = await claimEventually(a);
      expect(held.map((i) => i.objectId)).toEqual(['10']);
      // Twice the heartbeat later the claim is still a's: its heartbeat kept it.
      await sleep(20_000);
      expect(await b.queue.claim(10)).toEqual([]);
      // a dies without settling (its heartbeat stops); b gets the work after the heartbeat runs out.
      await a.close();
      const taken = await claimEventually(b, 10, 60, 500);
      expect(taken.map((i) => i.objectId)).toEqual(['10']);
      await b.queue.complete(taken);
    } finally {
      await b.close();
      await dropSchema(schema);
    }
  });

  it('starts again on an existing schema with the work still there', async () => {
    const schema = uniqueSchema('kw_queue_test');
    const first = await harness(schema, false);
    await first.queue.acceptEvents([delivery(1, [company('10')])]);
    await first.close();
    const second = await harness(schema);
    try {
      expect(await second.queue.seenEvent('hubspot:1', '1')).toBe(true);
      expect((await claimEventually(second)).map((i) => i.objectId)).toEqual(['10']);
    } finally {
      await second.close();
    }
  });
});
