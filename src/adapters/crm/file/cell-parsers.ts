// Parsers for one CSV cell each, with the sentence a user reads when a value does not fit.
// Hand-written rather than a zod schema per row: millions of rows, and each column needs
// its own plain-language reason.
import type { Instant } from '../../../domain/records.ts';

export interface CellParser<T> {
  /** What the cell should have held, as said in the error. */
  readonly expected: string;
  /** The value, or undefined when the text does not fit. */
  parse(raw: string): T | undefined;
}

const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const WHOLE = /^\d+$/;
// ISO 8601 calendar date, optionally with a time (T or a space) and a zone (Z or ±hh:mm).
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const text: CellParser<string> = { expected: 'expected text', parse: (raw) => raw };

/**
 * Text with few distinct values (roles, pipelines, industries): every row gets the same
 * string instance, so millions of rows do not each keep their own copy.
 */
export function label(maxDistinct = 10_000): CellParser<string> {
  const seen = new Map<string, string>();
  return {
    expected: 'expected text',
    parse: (raw) => {
      const known = seen.get(raw);
      if (known !== undefined) return known;
      if (seen.size < maxDistinct) seen.set(raw, raw);
      return raw;
    },
  };
}

export const number: CellParser<number> = {
  expected: 'expected a number with a dot as decimal separator (e.g. 1234.5)',
  parse: (raw) => (NUMBER.test(raw) ? Number(raw) : undefined),
};

export const nonNegativeNumber: CellParser<number> = {
  expected: 'expected a number ≥ 0 with a dot as decimal separator (e.g. 1234.5)',
  parse: (raw) => (NUMBER.test(raw) && raw[0] !== '-' ? Number(raw) : undefined),
};

export const wholeNumber: CellParser<number> = {
  expected: 'expected a whole number ≥ 0',
  parse: (raw) => (WHOLE.test(raw) ? Number(raw) : undefined),
};

export const fraction: CellParser<number> = {
  expected: 'expected a fraction between -1 and 1 with a dot (0.3 = 30%)',
  parse: (raw) => {
    const value = NUMBER.test(raw) ? Number(raw) : Number.NaN;
    return value >= -1 && value <= 1 ? value : undefined;
  },
};

export const boolean: CellParser<boolean> = {
  expected: 'expected true or false',
  parse: (raw) => (raw === 'true' ? true : raw === 'false' ? false : undefined),
};

/** One of a fixed list; returns the list's own string so rows share it. */
export function oneOf<T extends string>(values: readonly T[]): CellParser<T> {
  const allowed = new Map<string, T>(values.map((v) => [v, v]));
  return { expected: `expected one of ${values.join(', ')}`, parse: (raw) => allowed.get(raw) };
}

/**
 * ISO 8601: a date alone means midnight UTC of that day; a time without a zone is read
 * as UTC (exports that drop the zone almost always mean the server's UTC clock).
 */
export const instant: CellParser<Instant> = {
  expected: 'expected an ISO 8601 date or date-time (e.g. 2026-03-01 or 2026-03-01T09:30:00Z)',
  parse: parseInstant,
};

function parseInstant(raw: string): Instant | undefined {
  const fast = parseCanonical(raw);
  if (fast !== undefined) return Number.isNaN(fast) ? undefined : fast;
  const m = ISO_DATE.exec(raw);
  if (!m) return undefined;
  const date = [Number(m[1]), Number(m[2]), Number(m[3])] as const;
  if (m[4] === undefined) return compose(...date, 0, 0, 0, 0, 0);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const offset = zoneOffsetMinutes(m[8]);
  if (offset === undefined) return undefined;
  return compose(...date, Number(m[4]), Number(m[5]), second, millis, offset);
}

/**
 * The two shapes nearly every export uses — 2026-03-01 and 2026-03-01T09:30:00.000Z —
 * read without the regular expression (millions of rows). NaN: that shape but no such
 * date; undefined: another shape.
 */
function parseCanonical(raw: string): number | undefined {
  if (raw.length !== 10 && raw.length !== 24) return undefined;
  if (raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45) return undefined; // '-'
  const year = digits(raw, 0, 4);
  const month = digits(raw, 5, 2);
  const day = digits(raw, 8, 2);
  if (year < 0 || month < 0 || day < 0) return undefined;
  if (raw.length === 10) return compose(year, month, day, 0, 0, 0, 0, 0) ?? Number.NaN;
  // T hh : mm : ss . sss Z
  if (raw.charCodeAt(10) !== 84 || raw.charCodeAt(13) !== 58 || raw.charCodeAt(16) !== 58 || raw.charCodeAt(19) !== 46 || raw.charCodeAt(23) !== 90) return undefined;
  const hour = digits(raw, 11, 2);
  const minute = digits(raw, 14, 2);
  const second = digits(raw, 17, 2);
  const millis = digits(raw, 20, 3);
  if (hour < 0 || minute < 0 || second < 0 || millis < 0) return undefined;
  return compose(year, month, day, hour, minute, second, millis, 0) ?? Number.NaN;
}

function digits(raw: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function compose(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number, offsetMinutes: number): Instant | undefined {
  // Date.UTC maps years below 100 onto the 1900s; such dates are typos anyway.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!;
}

function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}
