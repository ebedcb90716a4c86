// Failed attempts per client (an IP address): after `maxFailures` within `windowMs` the client
// waits until the oldest of them leaves the window — guessing the dashboard token then takes
// longer than the token can be guessed in. Kept in this process; the clock is injected.

export interface FailureLimiter {
  /** Milliseconds until the client may try again; 0 when it may now. */
  retryAfterMs(client: string): number;
  /** Counts a failed attempt of the client. */
  failed(client: string): void;
}

export const LOGIN_LIMIT = { maxFailures: 10, windowMs: 15 * 60_000 };

/** Past this many clients, those with nothing in the window are forgotten. */
const SWEEP_ABOVE = 10_000;

export function failureLimiter(options: { maxFailures: number; windowMs: number; now?: () => number }): FailureLimiter {
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();
  const recent = (client: string, at: number): number[] => {
    const list = (failures.get(client) ?? []).filter((t) => t > at - options.windowMs);
    if (list.length === 0) failures.delete(client);
    else failures.set(client, list);
    return list;
  };
  return {
    retryAfterMs(client) {
      const at = now();
      const list = recent(client, at);
      return list.length < options.maxFailures ? 0 : list[list.length - options.maxFailures]! + options.windowMs - at;
    },
    failed(client) {
      const at = now();
      if (failures.size > SWEEP_ABOVE) for (const key of [...failures.keys()]) recent(key, at);
      // Only the last maxFailures matter for when the client may try again.
      failures.set(client, [...recent(client, at), at].slice(-options.maxFailures));
    },
  };
}
