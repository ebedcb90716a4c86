// ISO 8601 text for instants, as Date#toISOString writes it but without building a Date
// per value: the writer formats millions of timestamps.
import type { Instant } from '../../../domain/records.ts';

const DAY = 86_400_000;
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
// Years 1000–9999 write as four plain digits; others need toISOString's ±YYYYYY form.
const MIN = Date.UTC(1000, 0, 1);
const MAX = Date.UTC(10000, 0, 1);

/** 2026-03-01 */
export function isoDate(value: Instant): string {
  if (value < MIN || value >= MAX) return new Date(value).toISOString().slice(0, -14);
  return civilDate(Math.floor(value / DAY));
}

/** 2026-03-01T09:30:00.000Z */
export function isoInstant(value: Instant): string {
  if (value < MIN || value >= MAX || !Number.isInteger(value)) return new Date(value).toISOString();
  const days = Math.floor(value / DAY);
  let ms = value - days * DAY;
  const hours = Math.floor(ms / 3_600_000);
  ms -= hours * 3_600_000;
  const minutes = Math.floor(ms / 60_000);
  ms -= minutes * 60_000;
  const seconds = Math.floor(ms / 1000);
  return `${civilDate(days)}T${TWO[hours]}:${TWO[minutes]}:${TWO[seconds]}.${THREE[ms - seconds * 1000]}Z`;
}

/** Days since 1970-01-01 → YYYY-MM-DD (Howard Hinnant's civil_from_days). */
function civilDate(daysSinceEpoch: number): string {
  const z = daysSinceEpoch + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${TWO[month]}-${TWO[day]}`;
}
