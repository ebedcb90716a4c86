import { describe, expect, it } from 'vitest';
import { silentLogger } from '../app/ports/logger.port.ts';
import { startScheduler, type CronTimer } from './scheduler.ts';

describe('scheduler', () => {
  it('skips a job whose previous run is still going', async () => {
    let release!: () => void;
    let runs = 0;
    const scheduler = startScheduler(
      [{ name: 'nightly', cron: '0 2 * * *', run: () => { runs++; return new Promise<void>((r) => (release = r)); } }],
      { timezone: 'Europe/Amsterdam', log: silentLogger },
    );
    const first = scheduler.runNow('nightly');
    expect(await scheduler.runNow('nightly')).toBe('skipped');
    release();
    expect(await first).toBe('ran');
    expect(runs).toBe(1);
    await scheduler.stop();
  });

  it('skips a job another instance holds the lock for, and releases its own lock', async () => {
    const held = new Set<string>(['incremental']);
    const lock = async (name: string) => {
      if (held.has(name)) return null;
      held.add(name);
      return async () => void held.delete(name);
    };
    let runs = 0;
    const job = async () => void runs++;
    const scheduler = startScheduler(
      [{ name: 'nightly', cron: '0 2 * * *', run: job }, { name: 'incremental', cron: '*/15 * * * *', run: job }],
      { timezone: 'UTC', log: silentLogger, lock },
    );
    expect(await scheduler.runNow('incremental')).toBe('skipped');
    expect(await scheduler.runNow('nightly')).toBe('ran');
    expect(held.has('nightly')).toBe(false);
    expect(runs).toBe(1);
    await scheduler.stop();
  });

  it('keeps running after a job fails', async () => {
    let calls = 0;
    const scheduler = startScheduler([{ name: 'flaky', cron: '0 2 * * *', run: async () => { calls++; throw new Error('boom'); } }], { timezone: 'UTC', log: silentLogger });
    expect(await scheduler.runNow('flaky')).toBe('ran');
    expect(await scheduler.runNow('flaky')).toBe('ran');
    expect(calls).toBe(2);
    await scheduler.stop();
  });

  it('runs a job on each tick of its timer, and stops the timer when it stops', async () => {
    const fires = new Map<string, () => Promise<'ran' | 'skipped'>>();
    const stopped: string[] = [];
    const timer: CronTimer = (job, timezone, fire) => {
      expect(timezone).toBe('Europe/Amsterdam');
      fires.set(job.cron, fire);
      return { stop: () => void stopped.push(job.name) };
    };
    let runs = 0;
    const scheduler = startScheduler([{ name: 'nightly', cron: '0 2 * * *', run: async () => void runs++ }], { timezone: 'Europe/Amsterdam', log: silentLogger, timer });
    expect(await fires.get('0 2 * * *')!()).toBe('ran');
    expect(await fires.get('0 2 * * *')!()).toBe('ran');
    expect(runs).toBe(2);
    await scheduler.stop();
    expect(stopped).toEqual(['nightly']);
  });
});
