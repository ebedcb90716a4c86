import { describe, expect, it } from 'vitest';
import { failureLimiter } from './failure-limiter.ts';

describe('failure limiter', () => {
  it('lets a client fail maxFailures times in the window, then makes it wait until the oldest failure leaves it', () => {
    let now = 1_000_000;
    const limiter = failureLimiter({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs('203.0.113.7')).toBe(0);
      limiter.failed('203.0.113.7');
      now += 1_000;
    }
    // Failures at 0, 1 and 2 s; now 3 s: the first leaves the window at 60 s.
    expect(limiter.retryAfterMs('203.0.113.7')).toBe(57_000);
    expect(limiter.retryAfterMs('198.51.100.1')).toBe(0);
    now += 57_000;
    expect(limiter.retryAfterMs('203.0.113.7')).toBe(0);
    limiter.failed('203.0.113.7');
    expect(limiter.retryAfterMs('203.0.113.7')).toBe(1_000);
  });
});
