// Calendar days in a time zone (schedule.timezone): an override "stops counting after" a date,
// and that date ends at midnight where the company's people work, not at midnight UTC.
import type { Instant } from './records.ts';
import { DAY_MS, isoDate } from './time.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time in the zone, read as if it were UTC: its difference from `at` is the zone's offset. */
function wallClock(at: Instant, timeZone: string): Instant {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) + (((at % 1000) + 1000) % 1000);
}

/** The calendar date (YYYY-MM-DD) the instant falls on in the zone. */
export function dateIn(at: Instant, timeZone: string): string {
  return isoDate(wallClock(at, timeZone));
}

/** The instant a calendar date (YYYY-MM-DD) begins in the zone. */
export function startOfDayIn(date: string, timeZone: string): Instant {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  // Two rounds: the offset at the first guess may differ from the one at local midnight (summer time).
  const guess = midnight - (wallClock(midnight, timeZone) - midnight);
  return midnight - (wallClock(guess, timeZone) - guess);
}

/** The date after a calendar date. */
export function nextDate(date: string): string {
  return isoDate(Date.parse(`${date}T00:00:00Z`) + DAY_MS);
}

/** A date-only value (a CRM date property, a CSV date) arrives as midnight UTC of that date. */
export function isDateStamp(at: Instant): boolean {
  return at % DAY_MS === 0;
}
