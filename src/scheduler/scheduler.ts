// Jobs as data ({ name, cron, run }) on node-cron, with an overlap guard: a job still
// running when its next tick comes is skipped, not started twice. With several
// instances a lock (e.g. a PostgreSQL advisory lock) makes only one of them run it.
// The timer and the clock are injected, so tests drive the ticks instead of waiting for them.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../app/ports/logger.port.ts';

export interface Job {
  name: string;
  cron: string;
  run: () => Promise<void>;
}

/** Takes a cluster-wide lock for a job; returns a release function, or null when another instance holds it. */
export type JobLock = (jobName: string) => Promise<(() => Promise<void>) | null>;

/** Calls `fire` at each occurrence of the job's cron expression until stopped. */
export type CronTimer = (job: Job, timezone: string, fire: () => Promise<'ran' | 'skipped'>) => { stop(): void | Promise<void> };

export const nodeCronTimer: CronTimer = (job, timezone, fire) => {
  const task: ScheduledTask = cron.schedule(job.cron, () => void fire(), { timezone, name: job.name, noOverlap: false });
  return { stop: () => task.stop() };
};

export interface SchedulerOptions {
  timezone: string;
  log: Logger;
  lock?: JobLock;
  /** node-cron unless a test drives the ticks. */
  timer?: CronTimer;
  now?: () => number;
}

export interface Scheduler {
  /** Runs a job now (same guards as a tick); resolves when it is done or skipped. */
  runNow(name: string): Promise<'ran' | 'skipped'>;
  stop(): Promise<void>;
}

export function startScheduler(jobs: readonly Job[], options: SchedulerOptions): Scheduler {
  const { log } = options;
  const now = options.now ?? Date.now;
  const timer = options.timer ?? nodeCronTimer;
  const running = new Map<string, Promise<void>>();
  const byName = new Map(jobs.map((j) => [j.name, j]));

  async function tick(job: Job): Promise<'ran' | 'skipped'> {
    if (running.has(job.name)) {
      log.warn({ job: job.name }, 'job still running from its previous tick; skipped');
      return 'skipped';
    }
    const release = options.lock ? await options.lock(job.name) : async () => {};
    if (!release) {
      log.info({ job: job.name }, 'job runs on another instance; skipped');
      return 'skipped';
    }
    const started = now();
    const work = job
      .run()
      .then(() => log.info({ job: job.name, ms: now() - started }, 'job finished'))
      .catch((err: unknown) => log.error({ job: job.name, err }, 'job failed'))
      .finally(async () => {
        running.delete(job.name);
        await release().catch((err: unknown) => log.error({ job: job.name, err }, 'releasing the job lock failed'));
      });
    running.set(job.name, work);
    await work;
    return 'ran';
  }

  const tasks = jobs.map((job) => timer(job, options.timezone, () => tick(job)));
  log.info({ jobs: jobs.map((j) => `${j.name} (${j.cron})`), timezone: options.timezone }, 'scheduler started');

  return {
    async runNow(name) {
      const job = byName.get(name);
      if (!job) throw new Error(`no job named ${name}`);
      return tick(job);
    },
    async stop() {
      for (const task of tasks) await task.stop();
      await Promise.all(running.values());
    },
  };
}
