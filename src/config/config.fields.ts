// The kinds of value the config file holds, each with the one sentence a user sees when a
// value is refused ("expected a fraction between 0 and 1"), so every message says what is allowed.
import { validate as isCron, validateDetailed } from 'node-cron';
import { z } from 'zod';

export const money = () => z.number({ error: 'expected a number ≥ 0' }).min(0, { error: 'expected a number ≥ 0' });

export function fraction() {
  const message = 'expected a fraction between 0 and 1 (0.25 = 25%)';
  return z.number({ error: message }).min(0, { error: message }).max(1, { error: message });
}

// Not `.int()`: its failure aborts the whole parse, and the cross-field checks should still run.
const whole = (message: string) => z.number({ error: message }).refine(Number.isInteger, { error: message });

export function positiveInt() {
  const message = 'expected a whole number ≥ 1';
  return whole(message).min(1, { error: message });
}

export function intBetween(min: number, max: number) {
  const message = `expected a whole number from ${min} to ${max}`;
  return whole(message).min(min, { error: message }).max(max, { error: message });
}

export function numberBetween(min: number, max: number) {
  const message = `expected a number from ${min} to ${max}`;
  return z.number({ error: message }).min(min, { error: message }).max(max, { error: message });
}

export const positiveNumber = () =>
  z.number({ error: 'expected a number > 0' }).positive({ error: 'expected a number > 0' });

export const text = (what = 'a non-empty text') =>
  z.string({ error: `expected ${what}` }).trim().min(1, { error: `expected ${what}` });

export const flag = () => z.boolean({ error: 'expected true or false' });

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join(', ')}` });
}

/** A fixed set of keys: an unknown key is refused with the list of keys that are allowed. */
export function section<const Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown key; allowed here: ${allowed}` : `expected a section with the keys ${allowed}`,
  });
}

/** The same schema for each of `keys` (segments, activity types), no other key allowed. */
export function perKey<const K extends string, S extends z.ZodType>(keys: readonly K[], schema: S) {
  return section(Object.fromEntries(keys.map((key) => [key, schema])) as Record<K, S>);
}

/** Keys the user names (roles, industries), each with a value; `default` is always there. */
export function namedWithDefault<S extends z.ZodType>(schema: S) {
  return z.object({ default: schema }, { error: 'expected a list of `name: value` entries including `default`' }).catchall(schema);
}

/** Keys the user names, each with a value. */
export function named<S extends z.ZodType>(schema: S) {
  return z.record(z.string(), schema, { error: 'expected a list of `name: value` entries' });
}

export function cronExpression() {
  return z.string({ error: 'expected a cron expression in quotes, e.g. "0 2 * * *"' }).refine(isCron, {
    error: (issue) => {
      const reason = validateDetailed(String(issue.input)).errors[0]?.message;
      return `expected a cron expression (minute hour day-of-month month day-of-week), e.g. "0 2 * * *"${reason ? ` (${reason})` : ''}`;
    },
  });
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function timeZone() {
  const message = 'expected an IANA time zone such as Europe/Amsterdam or UTC';
  return z.string({ error: message }).refine(isTimeZone, { error: message });
}
