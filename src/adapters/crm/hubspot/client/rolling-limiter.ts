// Paces calls to at most `limit` per rolling window, the way HubSpot counts them (per account,
// e.g. 100 per 10 s; search about 5 per second), so the connector waits instead of collecting 429s.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** When a call counted in a window was sent; moved later when it turns out it left late. */
export interface Stamp {
  at: number;
}

export interface RollingWindow {
  readonly windowMs: number;
  /** How long a call starting at `now` would have to wait (window full, or paused). */
  wait(now: number): number;
  record(now: number): Stamp;
  /** The call went out later than stamped (the process was busy): count it from `at`. */
  settle(stamp: Stamp, at: number): void;
  /**
   * After a 429 the server saw more calls in its window than we did (other apps on the account,
   * or calls arriving later than we stamped them): hold back until `until`, and widen the margin.
   */
  refused(until: number): void;
}

export function createRollingWindow(options: { limit: number; windowMs: number; marginMs?: number }): RollingWindow {
  const { limit, windowMs } = options;
  // The server stamps a call when it arrives, a little after we stamp it when we send it:
  // the margin keeps the (limit+1)th call from landing inside the server's window. It starts
  // at 2% of the window, doubles after each refusal (up to a tenth of the window), and eases
  // back by a tenth after ten windows' worth of accepted calls: it settles near the real jitter.
  const base = options.marginMs ?? Math.max(2, Math.round(windowMs / 50));
  const maxMargin = Math.max(base, Math.round(windowMs / 10));
  let margin = base;
  let accepted = 0;
  const stamps: Stamp[] = [];
  let pausedUntil = 0;
  return {
    windowMs,
    wait(now) {
      let drop = 0;
      while (drop < stamps.length && stamps[drop]!.at <= now - windowMs - margin) drop++;
      if (drop > 0) stamps.splice(0, drop);
      const full = stamps.length >= limit ? stamps[stamps.length - limit]!.at + windowMs + margin - now : 0;
      return Math.max(full, pausedUntil - now, 0);
    },
    record(now) {
      const stamp = { at: now };
      stamps.push(stamp);
      if (++accepted >= 10 * limit) {
        accepted = 0;
        margin = Math.max(base, Math.floor(margin * 0.9));
      }
      return stamp;
    },
    settle(stamp, at) {
      if (at <= stamp.at) return;
      stamp.at = at;
      stamps.sort((a, b) => a.at - b.at);
    },
    refused(until) {
      pausedUntil = Math.max(pausedUntil, until);
      margin = Math.min(maxMargin, margin * 2);
      accepted = 0;
    },
  };
}

export interface Pacer {
  /** Resolves when a call may start under every given window; the call is counted in each from then. */
  acquire(windows: readonly RollingWindow[]): Promise<Sent>;
}

/** A call on its way: tell it when the answer came, so a late departure is counted as such. */
export interface Sent {
  answered(at: number): void;
}

/**
 * One queue for all calls of an account, so a call is stamped in all its windows at the moment
 * it goes. The quickest round trip seen tells when a slow answer really left: a call that came
 * back late because this process was busy (a long GC pause) is counted from its real departure.
 */
export function createPacer(clock: Clock = systemClock): Pacer {
  let queue: Promise<Sent> = Promise.resolve({ answered() {} });
  let quickest = Infinity;
  return {
    acquire(windows) {
      const turn = queue.then(async (): Promise<Sent> => {
        for (;;) {
          const now = clock.now();
          const wait = Math.max(0, ...windows.map((w) => w.wait(now)));
          if (wait <= 0) break;
          await clock.sleep(wait);
        }
        const sentAt = clock.now();
        const stamps = windows.map((w) => w.record(sentAt));
        return {
          answered(at) {
            quickest = Math.min(quickest, at - sentAt);
            windows.forEach((w, i) => w.settle(stamps[i]!, at - quickest));
          },
        };
      });
      queue = turn.catch(() => ({ answered() {} }));
      return turn;
    },
  };
}

/** The shortest time `calls` calls can take under `limit` per `windowMs`, starting fresh. */
export function rateLimitFloorMs(calls: number, limit: number, windowMs: number): number {
  return calls <= 0 ? 0 : Math.floor((calls - 1) / limit) * windowMs;
}
