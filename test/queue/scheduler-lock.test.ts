// Two scheduler instances against one PostgreSQL: each job occurrence runs on one of them only.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdvisoryJobLock, lockKey } from '../../src/adapters/queue/pg-advisory.lock.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import { startScheduler, type CronTimer, type Job, type Scheduler } from '../../src/scheduler/scheduler.ts';
import { dropSchema, sleep, TEST_DATABASE_URL, uniqueSchema } from './pg-support.ts';

describe('scheduler with the PostgreSQL cluster lock', () => {
  let schema: string;
  let pools: pg.Pool[];
  let schedulers: Scheduler[];
  const clock = { now: Date.parse('2026-11-02T02:00:00Z') };

  beforeEach(() => {
    schema = uniqueSchema('kw_lock_test');
    pools = [];
    schedulers = [];
  });
  afterEach(async () => {
    for (const s of schedulers) await s.stop();
    for (const p of pools) await p.end();
    await dropSchema(schema);
  });

  /** One "instance": its own pool (so its own database sessions), lock and scheduler. */
  async function instance(jobs: Job[], options: { slotMs?: number; timer?: CronTimer } = {}): Promise<Scheduler> {
    const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 3 });
    pools.push(pool);
    const lock = await createAdvisoryJobLock({ pool, schema, namespace: schema, slotMs: options.slotMs ?? 60_000, now: () => clock.now });
    const scheduler = startScheduler(jobs, { timezone: 'Europe/Amsterdam', log: silentLogger, lock, now: () => clock.now, ...(options.timer ? { timer: options.timer } : {}) });
    schedulers.push(scheduler);
    return scheduler;
  }

  const nightly = (runs: string[], who: string, ms = 300): Job => ({
    name: 'full-recompute',
    cron: '0 2 * * *',
    run: async () => {
      runs.push(who);
      await sleep(ms);
    },
  });

  it('runs the nightly job on one instance when both tick at once', async () => {
    const runs: string[] = [];
    const a = await instance([nightly(runs, 'a')]);
    const b = await instance([nightly(runs, 'b')]);
    const outcomes = await Promise.all([a.runNow('full-recompute'), b.runNow('full-recompute')]);
    expect(outcomes.sort()).toEqual(['ran', 'skipped']);
    expect(runs).toHaveLength(1);
  });

  it('does not run the same occurrence again on an instance that ticks after the other finished', async () => {
    const runs: string[] = [];
    const a = await instance([nightly(runs, 'a', 10)]);
    const b = await instance([nightly(runs, 'b', 10)]);
    expect(await a.runNow('full-recompute')).toBe('ran');
    expect(await b.runNow('full-recompute')).toBe('skipped');
    expect(runs).toEqual(['a']);

    clock.now += 24 * 60 * 60 * 1000;
    expect(await b.runNow('full-recompute')).toBe('ran');
    expect(await a.runNow('full-recompute')).toBe('skipped');
    expect(runs).toEqual(['a', 'b']);
  });

  it('frees the lock when the job fails, and when the connection holding it goes away', async () => {
    const runs: string[] = [];
    const failing: Job = { name: 'full-recompute', cron: '0 2 * * *', run: async () => { runs.push('a'); throw new Error('boom'); } };
    const a = await instance([failing]);
    expect(await a.runNow('full-recompute')).toBe('ran');

    // Free after the failure: another session can take it, and its crash (the connection ends) frees it again.
    const probe = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await probe.connect();
    const { rows } = await probe.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS taken', [lockKey(schema, 'full-recompute')]);
    expect(rows[0]!.taken).toBe(true);
    await probe.end();

    clock.now += 60_000;
    const b = await instance([nightly(runs, 'b', 10)]);
    expect(await b.runNow('full-recompute')).toBe('ran');
    expect(runs).toEqual(['a', 'b']);
  });

  it('runs each cron occurrence once across two instances whose timers fire together', async () => {
    // The cron timer of both instances, driven by the test: each tick is one occurrence, at clock.now.
    const fires: (() => Promise<'ran' | 'skipped'>)[] = [];
    const timer: CronTimer = (_job, _timezone, fire) => {
      fires.push(fire);
      return { stop: () => undefined };
    };
    const runs: { who: string; second: number }[] = [];
    const every = (who: string): Job => ({
      name: 'incremental-sync',
      cron: '* * * * * *',
      run: async () => {
        runs.push({ who, second: Math.floor(clock.now / 1000) });
        await sleep(20);
      },
    });
    await instance([every('a')], { slotMs: 1000, timer });
    await instance([every('b')], { slotMs: 1000, timer });
    expect(fires).toHaveLength(2);
    const first = Math.floor(clock.now / 1000);
    for (let second = 0; second < 4; second++) {
      clock.now = (first + 1 + second) * 1000;
      const outcomes = await Promise.all(fires.map((fire) => fire()));
      expect(outcomes.sort()).toEqual(['ran', 'skipped']);
    }
    expect(runs.map((r) => r.second)).toEqual([first + 1, first + 2, first + 3, first + 4]);
  });
});
