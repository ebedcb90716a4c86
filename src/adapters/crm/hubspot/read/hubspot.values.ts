// Reading HubSpot's string property values (numbers, booleans, dates, datetimes) strictly:
// a value that is present but unreadable is an error for the record, never a silent blank.

export type PropertyBag = Record<string, string | null | undefined>;

export interface FieldReader {
  text(name: string): string | undefined;
  number(name: string): number | undefined;
  bool(name: string): boolean | undefined;
  instant(name: string): number | undefined;
  /** What went wrong so far, e.g. "amount: not a number ('12,5')". */
  readonly problems: string[];
}

const present = (value: string | null | undefined): value is string => value !== null && value !== undefined && value.trim() !== '';

/** Epoch ms from an ISO date or datetime, or from a string of digits (older properties). */
export function parseInstant(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^\d{10,}$/.test(trimmed)) return Number(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

export function readFields(properties: PropertyBag): FieldReader {
  const problems: string[] = [];
  const bad = (name: string, what: string, value: string) => {
    problems.push(`${name}: ${what} ('${value.slice(0, 40)}')`);
    return undefined;
  };
  return {
    problems,
    text(name) {
      const value = properties[name];
      return present(value) ? value.trim() : undefined;
    },
    number(name) {
      const value = properties[name];
      if (!present(value)) return undefined;
      const n = Number(value);
      return Number.isFinite(n) ? n : bad(name, 'not a number', value);
    },
    bool(name) {
      const value = properties[name];
      if (!present(value)) return undefined;
      const v = value.trim().toLowerCase();
      if (v === 'true' || v === 'yes') return true;
      if (v === 'false' || v === 'no') return false;
      return bad(name, 'not a boolean', value);
    },
    instant(name) {
      const value = properties[name];
      if (!present(value)) return undefined;
      return parseInstant(value) ?? bad(name, 'not a date', value);
    },
  };
}

/** Drops the keys whose value is undefined, so records compare equal however they were built. */
export function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}
