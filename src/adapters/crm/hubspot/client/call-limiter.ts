// What paces a HubSpot client's calls: the account's rolling windows (all calls; searches too).
// In one process the windows live in memory (rolling-limiter.ts); when several instances call
// the same portal they share one limiter in PostgreSQL (pg-call-limiter.ts), so their calls
// together stay under the portal's limit and a 429 seen by one holds all of them back.
import { createPacer, createRollingWindow, systemClock, type Clock, type Sent } from './rolling-limiter.ts';

export type { Sent } from './rolling-limiter.ts';

export interface CallLimiter {
  /** Resolves when a call may go (a search call counts in the search window too); tell the result when the answer came. */
  acquire(search: boolean): Promise<Sent>;
  /** A 429 on the general window (search false) or the search window: every call waits `waitMs` from now. */
  refused(search: boolean, waitMs: number): Promise<void>;
  /** The length of the general or the search window (a 429 without Retry-After waits a tenth of it). */
  windowMs(search: boolean): number;
}

export interface WindowSettings {
  /** Calls per rolling window for the account (hubspot.rateLimit). */
  limit: number;
  windowMs: number;
  /** Search calls per search window (HubSpot: about 5 per second). */
  searchLimit: number;
  searchWindowMs: number;
}

export const HUBSPOT_WINDOWS: WindowSettings = { limit: 100, windowMs: 10_000, searchLimit: 5, searchWindowMs: 1_000 };

/** The windows of one process, in memory. */
export function createLocalCallLimiter(settings: WindowSettings, clock: Clock = systemClock): CallLimiter {
  const general = createRollingWindow({ limit: settings.limit, windowMs: settings.windowMs });
  const searches = createRollingWindow({ limit: settings.searchLimit, windowMs: settings.searchWindowMs });
  const pacer = createPacer(clock);
  return {
    acquire: (search) => pacer.acquire(search ? [general, searches] : [general]),
    refused: async (search, waitMs) => (search ? searches : general).refused(clock.now() + waitMs),
    windowMs: (search) => (search ? searches : general).windowMs,
  };
}
