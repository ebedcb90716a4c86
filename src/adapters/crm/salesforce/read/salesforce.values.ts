// Zod field types for Salesforce values as both APIs deliver them: REST answers JSON (numbers,
// booleans, null), Bulk API 2.0 answers CSV (every value a string, "" for null). A value that is
// present but unreadable fails the record, never turns silently into a blank; an absent one is
// undefined (optional() keeps zod from refusing the missing key before the transform runs).
import { z } from 'zod';

const blank = (value: unknown): boolean => value === null || value === undefined || value === '';
const shown = (value: unknown) => `'${String(value).slice(0, 40)}'`;

// Large reads repeat the same dates and stamps many times over: remember the last few thousand.
const instants = new Map<string, number | undefined>();

/** Epoch ms from a Salesforce date (2026-10-15) or datetime (…T10:00:00.000+0000, …Z, …+02:00). */
export function parseInstant(value: string): number | undefined {
  if (instants.has(value)) return instants.get(value);
  if (instants.size >= 20_000) instants.clear();
  const ms = readInstant(value);
  instants.set(value, ms);
  return ms;
}

function readInstant(value: string): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!match) return undefined;
  const [, date, time, zone] = match;
  const offset = !zone || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(time ? `${date}T${time}${offset}` : `${date}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

export const sfText = z.unknown().transform((value, ctx): string | undefined => {
  if (blank(value)) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  ctx.addIssue({ code: 'custom', message: `not text (${typeof value})` });
  return z.NEVER;
}).optional();

export const sfNumber = z.unknown().transform((value, ctx): number | undefined => {
  if (blank(value)) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (Number.isFinite(n)) return n;
  ctx.addIssue({ code: 'custom', message: `not a number (${shown(value)})` });
  return z.NEVER;
}).optional();

export const sfBoolean = z.unknown().transform((value, ctx): boolean | undefined => {
  if (blank(value)) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  ctx.addIssue({ code: 'custom', message: `not a boolean (${shown(value)})` });
  return z.NEVER;
}).optional();

export const sfInstant = z.unknown().transform((value, ctx): number | undefined => {
  if (blank(value)) return undefined;
  const ms = typeof value === 'string' ? parseInstant(value) : undefined;
  if (ms !== undefined) return ms;
  ctx.addIssue({ code: 'custom', message: `not a date (${shown(value)})` });
  return z.NEVER;
}).optional();

/** Required variants: missing is an error too. */
const required = <T>(type: z.ZodType<T | undefined>) =>
  type.transform((value, ctx): T => {
    if (value !== undefined) return value;
    ctx.addIssue({ code: 'custom', message: 'missing' });
    return z.NEVER;
  });
export const sfId = required(sfText);
export const sfRequiredInstant = required(sfInstant);

/** "CloseDate: not a date ('next quarter'); Amount: not a number ('12,5')". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`).join('; ');
}

/** Drops the keys whose value is undefined, so records compare equal however they were built. */
export function compact<T extends object>(record: T): T {
  const from = record as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key in from) if (from[key] !== undefined) out[key] = from[key];
  return out as T;
}
