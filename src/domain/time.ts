// Calendar arithmetic in UTC for windows, retention periods and contact dates.
import type { Instant } from './records.ts';

export const DAY_MS = 86_400_000;

/** The same wall-clock moment `months` months earlier; a day past the month's end clamps (31 Mar − 1 month = 28/29 Feb). */
export function subtractMonths(at: Instant, months: number): Instant {
  const d = new Date(at);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

export function addDays(at: Instant, days: number): Instant {
  return at + days * DAY_MS;
}

const isoDates = new Map<number, string>();

/** YYYY-MM-DD of the instant in UTC (remembered by day: a run formats the same few hundred dates for every company). */
export function isoDate(at: Instant): string {
  const day = Math.floor(at / DAY_MS);
  let text = isoDates.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (isoDates.size >= 4096) isoDates.clear();
    isoDates.set(day, text);
  }
  return text;
}

/** The trailing window (start, end]: a date d is in it when start < d ≤ end. */
export interface Window {
  start: Instant;
  end: Instant;
}

export function trailingWindow(asOf: Instant, months: number): Window {
  return { start: subtractMonths(asOf, months), end: asOf };
}

export function inWindow(window: Window, at: Instant): boolean {
  return at > window.start && at <= window.end;
}
