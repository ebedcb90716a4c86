// HubSpot's limits as the simulator enforces them: a rolling window per account (429
// TEN_SECONDLY_ROLLING), a per-second search limit, a daily limit; with counters.

export interface LimitOptions {
  /** Calls per window (HubSpot: 100 per 10 s on Free/Starter, 190 on Pro/Enterprise). */
  perWindow: number;
  windowMs: number;
  searchPerWindow: number;
  searchWindowMs: number;
  /** Calls per day; Infinity when not simulated. */
  daily: number;
}

export const HUBSPOT_LIMIT_DEFAULTS: LimitOptions = { perWindow: 100, windowMs: 10_000, searchPerWindow: 5, searchWindowMs: 1_000, daily: Infinity };

export interface Counters {
  calls: number;
  searchCalls: number;
  byRoute: Record<string, number>;
  /** Calls per date-based API version ('2026-09'). */
  byVersion: Record<string, number>;
  /** Calls to numeric (retired) paths per route: refused with a 404. */
  numeric: Record<string, number>;
  rateLimited: { TEN_SECONDLY_ROLLING: number; SECONDLY: number; DAILY: number };
  /** Every call as it arrived: when (ms), its route, the status it was answered with and a batch's record ids (for counting calls per window). */
  requests: { at: number; route: string; status: number; ids?: string[] }[];
  /** Records updated by batch updates, per `type/id`: how often each was written. */
  updated: Record<string, number>;
}

export function newCounters(): Counters {
  return { calls: 0, searchCalls: 0, byRoute: {}, byVersion: {}, numeric: {}, rateLimited: { TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 }, requests: [], updated: {} };
}

export class RateLimits {
  private readonly general: number[] = [];
  private readonly search: number[] = [];
  private today = 0;
  options: LimitOptions;

  constructor(options: LimitOptions) {
    this.options = options;
  }

  /** New limits from now on (the bench runs phases at different time scales). */
  configure(options: Partial<LimitOptions>): void {
    this.options = { ...this.options, ...options };
    this.general.length = 0;
    this.search.length = 0;
  }

  /** Counts the call, or answers the 429 HubSpot would send instead. */
  admit(now: number, isSearch: boolean, counters: Counters): { status: 429; body: unknown; headers: Record<string, string> } | null {
    const o = this.options;
    prune(this.general, now - o.windowMs);
    prune(this.search, now - o.searchWindowMs);
    const refuse = (policyName: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY') => {
      counters.rateLimited[policyName] += 1;
      return {
        status: 429 as const,
        body: { status: 'error', message: `You have reached your ${policyName.toLowerCase()} limit.`, errorType: 'RATE_LIMIT', correlationId: 'simulated', policyName, groupName: 'publicapi' },
        headers: this.headers(0),
      };
    };
    if (this.today >= o.daily) return refuse('DAILY');
    if (this.general.length >= o.perWindow) return refuse('TEN_SECONDLY_ROLLING');
    if (isSearch && this.search.length >= o.searchPerWindow) return refuse('SECONDLY');
    this.general.push(now);
    if (isSearch) this.search.push(now);
    this.today += 1;
    return null;
  }

  headers(remaining = this.options.perWindow - this.general.length): Record<string, string> {
    const o = this.options;
    return {
      'x-hubspot-ratelimit-max': String(o.perWindow),
      'x-hubspot-ratelimit-remaining': String(Math.max(0, remaining)),
      'x-hubspot-ratelimit-interval-milliseconds': String(o.windowMs),
      ...(Number.isFinite(o.daily) ? { 'x-hubspot-ratelimit-daily': String(o.daily), 'x-hubspot-ratelimit-daily-remaining': String(Math.max(0, o.daily - this.today)) } : {}),
    };
  }
}

function prune(stamps: number[], before: number): void {
  let drop = 0;
  while (drop < stamps.length && stamps[drop]! <= before) drop++;
  if (drop > 0) stamps.splice(0, drop);
}
