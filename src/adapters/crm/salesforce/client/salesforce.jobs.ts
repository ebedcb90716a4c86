// Waiting for a Bulk API 2.0 job: the first look after a pause (a job is never done at once),
// then less often, so a job costs as few status calls as it can.
import { SalesforceError } from './salesforce.errors.ts';
import type { JobInfo } from './salesforce.schemas.ts';

export interface PollOptions {
  /** Wait before the first status check. */
  firstMs: number;
  /** Longest wait between checks (the wait grows by half each time). */
  maxMs: number;
  /** Give up after this long; the job keeps running in Salesforce. */
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export const DEFAULT_POLL: PollOptions = { firstMs: 1000, maxMs: 15_000, timeoutMs: 30 * 60_000 };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitForJob(check: () => Promise<JobInfo>, what: string, options: PollOptions = DEFAULT_POLL): Promise<JobInfo> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  let wait = options.firstMs;
  for (;;) {
    await sleep(wait);
    const info = await check();
    if (info.state === 'JobComplete') return info;
    if (info.state === 'Failed' || info.state === 'Aborted') {
      throw new SalesforceError('crm.job_failed', `${what} ${info.id}: ${info.state}${info.errorMessage ? ` (${info.errorMessage})` : ''}`);
    }
    if (now() >= deadline) throw new SalesforceError('crm.job_failed', `${what} ${info.id}: still ${info.state} after ${Math.round(options.timeoutMs / 1000)} s`);
    wait = Math.min(options.maxMs, Math.ceil(wait * 1.5));
  }
}
