// Parsers for one CSV cell each, with the sentence a user reads when a value does not fit.
// Hand-written rather than a zod schema per row: millions of rows, and each column needs
// its own plain-language reason.
import type { Instant } from '../../../domain/records.ts';

export interface CellParser<T> {
  /** What the cell should have held, as said in the error. */
  readonly expected: string;
  /** The value, or undefined when the text does not fit. */
  parse(raw: string): T | undefined;
  /**
   * The same straight from an unquoted cell's UTF-8 bytes [start, end), for the shapes
   * nearly every export uses; SLOW for anything else, and the text is parsed instead.
   */
  fromBytes?(bytes: Uint8Array, start: number, end: number): T | undefined | typeof SLOW;
}

/** "Not one of the fast shapes: read the text." */
export const SLOW = Symbol('slow');

const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// A whole number, also with a fraction of zeros (an export's 3.0 or .0), as fromBytes reads it.
const WHOLE = /^(?:\d+(?:\.0+)?|\.0+)$/;
// ISO 8601 calendar date, optionally with a time (T or a space) and a zone (Z or ±hh:mm).
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const text: CellParser<string> = { expected: 'expected text', parse: (raw) => raw };

/** Entries of a label's cache of recently read labels. */
const RECENT = 256;

/**
 * Text with few distinct values (roles, pipelines, industries): every row gets the same
 * string instance, so millions of rows do not each keep their own copy.
 */
export function label(maxDistinct = 10_000): CellParser<string> {
  const seen = new Map<string, string>();
  // The same labels by their bytes, so a known one needs no string made from the cell.
  const byHash = new Map<number, { bytes: Uint8Array; value: string }[]>();
  const recent: ({ bytes: Uint8Array; value: string } | undefined)[] = new Array<undefined>(RECENT).fill(undefined);
  return {
    expected: 'expected text',
    parse: (raw) => {
      const known = seen.get(raw);
      if (known !== undefined) return known;
      if (seen.size < maxDistinct) {
        seen.set(raw, raw);
        const bytes = Buffer.from(raw, 'utf8');
        const hash = hashBytes(bytes, 0, bytes.length);
        byHash.set(hash, [...(byHash.get(hash) ?? []), { bytes, value: raw }]);
      }
      return raw;
    },
    fromBytes: (bytes, start, end) => {
      // First the entry of the cell's length and first, middle and last byte: no hash over every byte, no Map.
      const length = end - start;
      const at = length === 0 ? 0 : (length * 31 + bytes[start]! * 7 + bytes[start + (length >> 1)]! * 3 + bytes[end - 1]!) & (RECENT - 1);
      const hit = recent[at];
      if (hit !== undefined && sameBytes(bytes, start, end, hit.bytes)) return hit.value;
      const bucket = byHash.get(hashBytes(bytes, start, end));
      if (bucket) {
        for (const entry of bucket) {
          if (!sameBytes(bytes, start, end, entry.bytes)) continue;
          recent[at] = entry;
          return entry.value;
        }
      }
      return SLOW;
    },
  };
}

/** FNV-1a over bytes. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
  return h >>> 0;
}

/**
 * How numbers are written: the decimal sign and the thousands separator ('' for none).
 * Excel in the Netherlands writes 1.234,56; most exports 1234.56.
 */
export interface NumberFormat {
  decimal: '.' | ',';
  thousands: '' | '.' | ',' | ' ';
}

export const DOT_DECIMAL: NumberFormat = { decimal: '.', thousands: '' };

export interface NumberParsers {
  number: CellParser<number>;
  nonNegativeNumber: CellParser<number>;
  wholeNumber: CellParser<number>;
  fraction: CellParser<number>;
}

/** The number cells of a file written in `format`. */
export function numberParsers(format: NumberFormat): NumberParsers {
  const example = format.decimal === '.' ? `1${format.thousands}234.5` : `1${format.thousands}234,5`;
  const how = `with ${format.decimal === '.' ? 'a dot' : 'a comma'} as decimal separator`;
  const decimal = format.decimal.charCodeAt(0);
  const thousands = format.thousands === '' ? -1 : format.thousands.charCodeAt(0);
  // The text in canonical form (dot decimal, no grouping), or null when the grouping is wrong.
  const canonical = (raw: string): string | null => {
    if (format === DOT_DECIMAL || (format.decimal === '.' && format.thousands === '')) return raw;
    const [whole = '', ...rest] = raw.split(format.decimal);
    if (rest.length > 1 || rest.some((part) => format.thousands !== '' && part.includes(format.thousands))) return null;
    let digits = whole;
    if (format.thousands !== '' && whole.includes(format.thousands)) {
      if (!/^-?\d{1,3}$/.test(whole.split(format.thousands)[0]!) || whole.split(format.thousands).slice(1).some((g) => !/^\d{3}$/.test(g))) return null;
      digits = whole.replaceAll(format.thousands, '');
    }
    if (format.decimal === ',' && digits.includes('.')) return null;
    return rest.length === 1 ? `${digits}.${rest[0]}` : digits;
  };
  const parsed = (raw: string): number | undefined => {
    const text = canonical(raw);
    return text !== null && NUMBER.test(text) ? Number(text) : undefined;
  };
  return {
    number: {
      expected: `expected a number ${how} (e.g. ${example})`,
      parse: parsed,
      fromBytes: (bytes, start, end) => plainDecimal(bytes, start, end, true, decimal, thousands),
    },
    nonNegativeNumber: {
      expected: `expected a number ≥ 0 ${how} (e.g. ${example})`,
      parse: (raw) => (raw[0] === '-' ? undefined : parsed(raw)),
      fromBytes: (bytes, start, end) => plainDecimal(bytes, start, end, false, decimal, thousands),
    },
    wholeNumber: {
      expected: 'expected a whole number ≥ 0',
      parse: (raw) => {
        const text = canonical(raw);
        return text !== null && WHOLE.test(text) ? Number(text) : undefined;
      },
      fromBytes: (bytes, start, end) => {
        const value = plainDecimal(bytes, start, end, false, decimal, thousands);
        return typeof value === 'number' && !Number.isInteger(value) ? undefined : value;
      },
    },
    fraction: {
      expected: `expected a fraction between -1 and 1 ${how} (0${format.decimal}3 = 30%)`,
      parse: (raw) => {
        const value = parsed(raw) ?? Number.NaN;
        return value >= -1 && value <= 1 ? value : undefined;
      },
      fromBytes: (bytes, start, end) => {
        const value = plainDecimal(bytes, start, end, true, decimal, thousands);
        return typeof value !== 'number' || (value >= -1 && value <= 1) ? value : undefined;
      },
    },
  };
}

export const { number, nonNegativeNumber, wholeNumber, fraction } = numberParsers(DOT_DECIMAL);

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * -?digits(decimal digits)? with at most 15 significant digits, as integer ÷ power of ten:
 * both exact in a double, so the quotient is the correctly rounded value — the same double
 * Number(text) gives. Thousands separators are skipped where they group three digits.
 * Other shapes (exponents, long numbers, odd grouping) go the slow way.
 */
function plainDecimal(bytes: Uint8Array, start: number, end: number, signed: boolean, decimal: number, thousands: number): number | undefined | typeof SLOW {
  let i = start;
  let negative = false;
  if (bytes[i] === 45) {
    if (!signed) return undefined;
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digitCount = 0;
  let fractionDigits = -1;
  let group = -1; // digits since the last thousands separator; -1 before the first
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c === decimal && fractionDigits < 0) {
      if (group >= 0 && group !== 3) return SLOW;
      fractionDigits = 0;
      continue;
    }
    if (c === thousands && fractionDigits < 0) {
      if ((group < 0 && (digitCount === 0 || digitCount > 3)) || (group >= 0 && group !== 3)) return SLOW;
      group = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return SLOW;
    mantissa = mantissa * 10 + d;
    digitCount++;
    if (fractionDigits >= 0) fractionDigits++;
    else if (group >= 0) group++;
  }
  if (digitCount === 0 || digitCount > 15 || fractionDigits === 0 || (group >= 0 && group !== 3 && fractionDigits < 0)) return SLOW;
  const value = fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits]! : mantissa;
  return negative ? -value : value;
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

export const boolean: CellParser<boolean> = {
  expected: 'expected true or false',
  parse: (raw) => (raw === 'true' ? true : raw === 'false' ? false : undefined),
  // Exactly the same test on the bytes: no string made for the two flags of every company.
  fromBytes: (bytes, start, end) => (sameBytes(bytes, start, end, TRUE) ? true : sameBytes(bytes, start, end, FALSE) ? false : undefined),
};

/** One of a fixed list; returns the list's own string so rows share it. */
export function oneOf<T extends string>(values: readonly T[]): CellParser<T> {
  const allowed = new Map<string, T>(values.map((v) => [v, v]));
  const encoded = values.map((v) => Buffer.from(v, 'utf8'));
  return {
    expected: `expected one of ${values.join(', ')}`,
    parse: (raw) => allowed.get(raw),
    fromBytes: (bytes, start, end) => {
      // An indexed loop: destructuring each entry through the iterator cost more than the comparisons.
      for (let k = 0; k < encoded.length; k++) if (sameBytes(bytes, start, end, encoded[k]!)) return values[k]!;
      return SLOW;
    },
  };
}

export function sameBytes(bytes: Uint8Array, start: number, end: number, known: Uint8Array): boolean {
  if (end - start !== known.length) return false;
  for (let k = 0; k < known.length; k++) if (bytes[start + k] !== known[k]) return false;
  return true;
}

/**
 * ISO 8601: a date alone means midnight UTC of that day; a time without a zone is read
 * as UTC (exports that drop the zone almost always mean the server's UTC clock).
 */
export const instant: CellParser<Instant> = {
  expected: 'expected an ISO 8601 date or date-time (e.g. 2026-03-01 or 2026-03-01T09:30:00Z)',
  parse: parseInstant,
  fromBytes: (bytes, start, end) => {
    const read = readInstant(bytes, start, end, SCRATCH, 0);
    return read < 0 ? SLOW : read === 0 ? undefined : SCRATCH[0]!;
  },
};

/** Where instant.fromBytes and parseInstant have readInstant put the instant. */
const SCRATCH = new Float64Array(1);

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
  // ASCII digits and separators: the text's code units are the bytes.
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = Math.min(raw.charCodeAt(i), 255);
  const read = readInstant(bytes, 0, raw.length, SCRATCH, 0);
  return read < 0 ? undefined : read === 0 ? Number.NaN : SCRATCH[0]!;
}

/**
 * Reads a cell bytes[start, end) of either canonical shape into into[at]: 1 when it did, 0 when
 * it has the shape but names no such moment, -1 for another shape. For the readers of millions
 * of rows: a double that a function not inlined returns is a new heap number each call (32 bytes
 * an activity, a collection every few MB); one written into a typed array is not.
 */
export function readInstant(bytes: Uint8Array, start: number, end: number, into: Float64Array, at: number): number {
  const length = end - start;
  if (length !== 10 && length !== 24) return -1;
  if (bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return -1; // '-'
  // Two digits at a time, unrolled: a loop per field cost a third more (millions of rows).
  const century = twoDigits(bytes, start);
  const yearOf = twoDigits(bytes, start + 2);
  const month = twoDigits(bytes, start + 5);
  const day = twoDigits(bytes, start + 8);
  if ((century | yearOf | month | day) < 0) return -1;
  const midnight = month > 12 || day > 31 ? Number.NaN : DAY_STARTS[dayEntry(century * 100 + yearOf, month, day)]!;
  if (length === 24) {
    // T hh : mm : ss . sss Z
    if (bytes[start + 10] !== 84 || bytes[start + 13] !== 58 || bytes[start + 16] !== 58 || bytes[start + 19] !== 46 || bytes[start + 23] !== 90) return -1;
    const hour = twoDigits(bytes, start + 11);
    const minute = twoDigits(bytes, start + 14);
    const second = twoDigits(bytes, start + 17);
    const centis = twoDigits(bytes, start + 20);
    const lastMilli = bytes[start + 22]! - 48;
    if ((hour | minute | second | centis) < 0 || lastMilli < 0 || lastMilli > 9) return -1;
    // No such day (NaN) or time: the shape, but no moment.
    if (midnight !== midnight || hour > 23 || minute > 59 || second > 59) return 0;
    into[at] = midnight + ((hour * 60 + minute) * 60 + second) * 1000 + centis * 10 + lastMilli;
    return 1;
  }
  if (midnight !== midnight) return 0;
  into[at] = midnight;
  return 1;
}

/** The two ASCII digits at bytes[i] as a number 0–99, or -1 when either is not a digit. */
function twoDigits(bytes: Uint8Array, i: number): number {
  const tens = bytes[i]! - 48;
  const ones = bytes[i + 1]! - 48;
  return tens < 0 || tens > 9 || ones < 0 || ones > 9 ? -1 : tens * 10 + ones;
}

/** A direct-mapped cache of midnights by date: an export repeats a few thousand days millions of times. */
const DAY_KEYS = new Int32Array(4096).fill(-1);
const DAY_STARTS = new Float64Array(4096);

/**
 * Where DAY_STARTS holds midnight UTC of the day (month ≤ 12, day ≤ 31) as compose gives it, or
 * NaN when there is no such day: filled in when it held another date. An index, not the instant:
 * a double returned by a call that is not inlined is a new heap number.
 */
function dayEntry(year: number, month: number, day: number): number {
  // Eight years of days side by side, each on its own entry; the key tells which date an entry holds.
  const at = ((year & 7) << 9) | (month << 5) | day;
  const key = year * 10_000 + month * 100 + day;
  if (DAY_KEYS[at] !== key) {
    DAY_KEYS[at] = key;
    DAY_STARTS[at] = compose(year, month, day, 0, 0, 0, 0, 0) ?? Number.NaN;
  }
  return at;
}

function compose(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number, offsetMinutes: number): Instant | undefined {
  // Date.UTC maps years below 100 onto the 1900s; such dates are typos anyway.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil): Date.UTC without the call. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
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
