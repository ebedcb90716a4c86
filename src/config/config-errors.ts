// A refused config value as data (its path, the value, what is allowed) and as one readable line.
import type { z } from 'zod';

export type ConfigErrorCode = 'config.invalid' | 'config.syntax' | 'config.not_found' | 'config.unreadable';

export interface ConfigError {
  /** Dotted path of the key, e.g. "costs.hourlyRate.account_manager"; "" for the file as a whole. */
  path: string;
  /** The value found there (undefined when the key is missing or the file could not be read). */
  value: unknown;
  /** What is allowed, or what is wrong with the file. */
  message: string;
  code: ConfigErrorCode;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const dotted = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** One ConfigError per refused value; an unknown key is reported under its own path. */
export function errorsFromIssues(issues: readonly z.core.$ZodIssue[], input: unknown): ConfigError[] {
  const errors = issues.flatMap((issue) => {
    const path = issue.path as PropertyKey[];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: dotted([...path, key]),
        value: valueAt(input, [...path, key]),
        message: issue.message,
        code: 'config.invalid' as const,
      }));
    }
    return [{ path: dotted(path), value: valueAt(input, path), message: issue.message, code: 'config.invalid' as const }];
  });
  // A value can fail two checks that share one sentence (0.5 for "a whole number ≥ 1"): say it once.
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path}\n${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** One line per error, e.g. `costs.hourlyRate.account_manager: got "abc" — expected a number ≥ 0`. */
export function formatConfigErrors(errors: readonly ConfigError[]): string {
  return errors
    .map((error) =>
      error.code === 'config.invalid'
        ? `${error.path || '(top level)'}: got ${shown(error.value)} — ${error.message}`
        : error.message,
    )
    .join('\n');
}
