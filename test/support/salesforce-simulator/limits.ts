// The org's daily API allowance as the simulator counts it (Sforce-Limit-Info on every answer,
// REQUEST_LIMIT_EXCEEDED past it), and counters of what the simulator was asked.
import { sfError, type Reply } from './reply.ts';

export interface Counters {
  calls: number;
  byRoute: Record<string, number>;
}

export const newCounters = (): Counters => ({ calls: 0, byRoute: {} });

export class DailyAllowance {
  used: number;
  limit: number;

  constructor(limit = 5_000_000, used = 0) {
    this.limit = limit;
    this.used = used;
  }

  /** Counts the call, or answers the 403 Salesforce sends once the allowance is spent. */
  admit(): Reply | null {
    if (this.used >= this.limit) return sfError(403, 'REQUEST_LIMIT_EXCEEDED', `TotalRequests Limit exceeded.`);
    this.used += 1;
    return null;
  }

  header(): Record<string, string> {
    return { 'sforce-limit-info': `api-usage=${this.used}/${this.limit}` };
  }
}
