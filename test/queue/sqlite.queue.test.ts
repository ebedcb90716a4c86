// The embedded queue: the contract on a virtual clock, plus what only SQLite does (debounce, files).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteQueue, type SqliteQueueOptions } from '../../src/adapters/queue/sqlite.queue.ts';
import { claimEventually, company, delivery, MAX_ATTEMPTS, queueContract, type QueueHarness } from './queue.contract.ts';

const LEASE_MS = 30_000;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function harness(options: Partial<SqliteQueueOptions> = {}): QueueHarness & { clock: { now: number } } {
  const clock = { now: Date.parse('2026-11-01T09:00:00Z') };
  const queue = createSqliteQueue({
    path: ':memory:',
    leaseMs: LEASE_MS,
    settleMs: 1_000,
    maxDelayMs: 10_000,
    retry: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 1_000, maxDelayMs: 60_000 },
    now: () => clock.now,
    ...options,
  });
  return {
    queue,
    clock,
    advance: async (ms) => {
      clock.now += ms;
    },
    close: () => queue.close(),
  };
}

queueContract('SQLite', async () => harness(), { leaseMs: LEASE_MS });

describe('SQLite work queue', () => {
  it('waits until a tenant has been quiet for the settle time before handing out its work', async () => {
    const h = harness();
    await h.queue.acceptEvents([delivery(1, [company('10')])]);
    await h.advance(600);
    await h.queue.acceptEvents([delivery(2, [company('11')])]);
    await h.advance(600);
    expect(await h.queue.claim(100)).toEqual([]);
    await h.advance(500);
    expect((await h.queue.claim(100)).map((i) => i.objectId)).toEqual(['10', '11']);
    await h.close();
  });

  it('hands out a busy tenant\'s work after the maximum delay even while events keep coming', async () => {
    const h = harness();
    for (let i = 0; i < 12; i++) {
      await h.queue.acceptEvents([delivery(i, [company(String(i))])]);
      if (i < 11) await h.advance(900);
    }
    // 9.9 s after the first event, the newest 0 s old: not yet.
    expect(await h.queue.claim(100)).toEqual([]);
    await h.advance(200);
    expect(await h.queue.claim(100)).toHaveLength(12);
    await h.close();
  });

  it('backs off exponentially between attempts', async () => {
    const h = harness({ retry: { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 } });
    await h.queue.acceptEvents([delivery(1, [company('10')])]);
    await h.advance(1_000);
    let items = await h.queue.claim(10);
    await h.queue.fail(items, 'first');
    await h.advance(999);
    expect(await h.queue.claim(10)).toEqual([]);
    await h.advance(1);
    items = await h.queue.claim(10);
    await h.queue.fail(items, 'second');
    await h.advance(1_999);
    expect(await h.queue.claim(10)).toEqual([]);
    await h.advance(1);
    expect(await h.queue.claim(10)).toHaveLength(1);
    await h.close();
  });

  it('records nothing of an event whose objects cannot be queued', async () => {
    const h = harness();
    const broken = { ...company('10'), objectType: null } as unknown as ReturnType<typeof company>;
    await expect(h.queue.acceptEvents([delivery(1, [company('9')]), delivery(2, [broken])])).rejects.toThrow();
    expect(await h.queue.seenEvent('hubspot:1', '1')).toBe(false);
    expect((await h.queue.stats()).waiting).toBe(0);
    await h.close();
  });

  it('keeps waiting work and leases in its file across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-queue-'));
    dirs.push(dir);
    const path = join(dir, 'data', 'queue.db');
    const first = harness({ path });
    await first.queue.acceptEvents([delivery(1, [company('10'), company('11')])]);
    await first.advance(2_000);
    const leased = await first.queue.claim(1);
    expect(leased).toHaveLength(1);
    await first.close();

    const second = harness({ path });
    second.clock.now = first.clock.now;
    expect(await second.queue.seenEvent('hubspot:1', '1')).toBe(true);
    const waiting = await second.queue.claim(10);
    expect(waiting.map((i) => i.objectId)).toEqual(['11']);
    await second.queue.complete(waiting);
    await second.advance(LEASE_MS);
    const again = await claimEventually(second);
    expect(again.map((i) => i.objectId)).toEqual(['10']);
    await second.close();
  });

  it('gives the server that starts on the file the work a killed one had claimed at once, merged with what came meanwhile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-queue-'));
    dirs.push(dir);
    const path = join(dir, 'queue.db');
    const first = harness({ path });
    await first.queue.acceptEvents([delivery(1, [company('10'), company('11', 'hubspot:1', 'merged_away')])]);
    await first.advance(2_000);
    expect(await first.queue.claim(10)).toHaveLength(2);
    // An event for 11 arrives while it is claimed: a waiting twin.
    await first.queue.acceptEvents([delivery(2, [company('11')])]);
    await first.close();

    const second = harness({ path, releaseLeases: true });
    second.clock.now = first.clock.now + 2_000;
    const items = await second.queue.claim(10);
    expect(items.map((i) => [i.objectId, i.reason]).sort()).toEqual([['10', 'changed'], ['11', 'merged_away']]);
    await second.queue.complete(items);
    expect(await second.queue.stats()).toMatchObject({ waiting: 0, leased: 0 });
    await second.close();
  });

  it('forgets accepted event ids after their retention', async () => {
    const h = harness({ seenRetentionMs: 60_000 });
    await h.queue.acceptEvents([delivery(1, [])]);
    await h.advance(2 * 60 * 60 * 1000);
    await h.queue.acceptEvents([delivery(2, [])]);
    expect(await h.queue.seenEvent('hubspot:1', '1')).toBe(false);
    expect(await h.queue.seenEvent('hubspot:1', '2')).toBe(true);
    await h.close();
  });
});
