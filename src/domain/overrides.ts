// Manual overrides (§3.3, seed 003's "check it against your own feeling and adjust").
import type { Instant, Override } from './records.ts';
import type { OverrideAgreement } from './results.ts';
import type { Segment } from './records.ts';
import { dateIn, isDateStamp, nextDate, startOfDayIn } from './zoned-day.ts';
import { isoDate } from './time.ts';

/**
 * The date an override expires on (YYYY-MM-DD): a date-only expiry is that date; an expiry
 * with a time (entered on the card) is the date it falls on in the zone.
 */
export function expiryDate(expiresAt: Instant, timeZone: string): string {
  return isDateStamp(expiresAt) ? isoDate(expiresAt) : dateIn(expiresAt, timeZone);
}

/** The first instant an override no longer counts: the end of its expiry date in the zone. */
export function expiryEnd(expiresAt: Instant, timeZone: string): Instant {
  return startOfDayIn(nextDate(expiryDate(expiresAt, timeZone)), timeZone);
}

/** The newest override per company that has started and, through the end of its expiry date, not yet expired at asOf. */
export function activeOverrides(overrides: readonly Override[], asOf: Instant, timeZone: string): Map<string, Override> {
  const active = new Map<string, Override>();
  for (const o of overrides) {
    if (o.at > asOf || (o.expiresAt !== undefined && asOf >= expiryEnd(o.expiresAt, timeZone))) continue;
    const current = active.get(o.companyId);
    if (!current || o.at > current.at) active.set(o.companyId, o);
  }
  return active;
}

export function overrideAgreement(results: readonly { segmentComputed: Segment | null; override: Override | null }[]): OverrideAgreement {
  let overrides = 0;
  let agreeing = 0;
  for (const r of results) {
    if (!r.override || r.segmentComputed === null) continue;
    overrides += 1;
    if (r.override.segment === r.segmentComputed) agreeing += 1;
  }
  return { overrides, agreeing, rate: overrides > 0 ? agreeing / overrides : null };
}
