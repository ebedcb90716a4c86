// Paces calls to at most `limit` per rolling window, the way HubSpot counts them
// (per account, e.g. 100 per 10 s), so the connector waits instead of collecting 429s.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RollingLimiter {
  /** Resolves when a call may start; the call is counted from then on. */
  acquire(): Promise<void>;
  /** Holds every caller back for `ms` (after a 429 the server saw more than we did). */
  pause(ms: number): void;
  /** How long until the next call could start (window and pause). */
  timeUntilFree(): number;
}

export function createRollingLimiter(options: { limit: number; windowMs: number; clock?: Clock; marginMs?: number }): RollingLimiter {
  const { limit, windowMs } = options;
  const clock = options.clock ?? systemClock;
  // The server stamps a call when it arrives, a little after we stamp it when we send it:
  // a small margin keeps the (limit+1)th call from landing inside the server's window.
  const margin = options.marginMs ?? Math.max(1, Math.round(windowMs / 100));
  const stamps: number[] = [];
  let pausedUntil = 0;
  let queue: Promise<void> = Promise.resolve();

  const waitFor = (at: number): number => {
    while (stamps.length > 0 && stamps[0]! <= at - windowMs - margin) stamps.shift();
    const full = stamps.length >= limit ? stamps[stamps.length - limit]! + windowMs + margin - at : 0;
    return Math.max(full, pausedUntil - at, 0);
  };

  const take = async (): Promise<void> => {
    for (;;) {
      const wait = waitFor(clock.now());
      if (wait <= 0) break;
      await clock.sleep(wait);
    }
    stamps.push(clock.now());
  };

  return {
    acquire() {
      const turn = queue.then(take);
      queue = turn.catch(() => undefined);
      return turn;
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, clock.now() + ms);
    },
    timeUntilFree() {
      return waitFor(clock.now());
    },
  };
}

/** The shortest time `calls` calls can take under `limit` per `windowMs`, starting fresh. */
export function rateLimitFloorMs(calls: number, limit: number, windowMs: number): number {
  return calls <= 0 ? 0 : Math.floor((calls - 1) / limit) * windowMs;
}
