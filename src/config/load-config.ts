// Finds the config file, reads it and validates it whole: either the effective config or every
// refused value at once, so nothing runs on a half-valid config.
import { readFile } from 'node:fs/promises';
import type { ConfigError } from './config-errors.ts';
import { errorsFromIssues } from './config-errors.ts';
import { withDefaults } from './config.defaults.ts';
import type { KlantwaardeConfig } from './config.schema.ts';
import { configSchema } from './config.schema.ts';
import { parseConfigText } from './config-text.ts';
import { deprecationNotices, withDeprecatedAliases } from './config-deprecations.ts';
import { findConfigFile, type ConfigFileOptions } from './config-file.ts';

export type { ConfigError } from './config-errors.ts';
export { formatConfigErrors } from './config-errors.ts';

/** `source` is the file the config came from, or 'defaults' when there is none. */
export type ConfigResult =
  | { ok: true; config: KlantwaardeConfig; source: string; /** Deprecated keys the file uses, each with what to write instead. */ notices?: string[] }
  | { ok: false; errors: ConfigError[]; source: string };

export type LoadConfigOptions = ConfigFileOptions;

/** Validates already-parsed file content (`{}` or null = all defaults). */
export function parseConfig(raw: unknown, source: string): ConfigResult {
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) {
    const notices = deprecationNotices(raw);
    return notices.length > 0 ? { ok: true, config: parsed.data, source, notices } : { ok: true, config: parsed.data, source };
  }
  return { ok: false, errors: errorsFromIssues(parsed.error.issues, withDefaults(withDeprecatedAliases(raw))), source };
}

const fileError = (code: ConfigError['code'], message: string): ConfigError => ({ path: '', value: undefined, message, code });

/** The config file at `file` (as findConfigFile names it), read and checked whole. */
export async function loadConfigFile(file: string): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const failure =
      code === 'ENOENT'
        ? fileError('config.not_found', `config file not found: ${file}`)
        : fileError('config.unreadable', `config file cannot be read: ${file} (${code ?? (error as Error).message})`);
    return { ok: false, errors: [failure], source: file };
  }
  const content = await parseConfigText(text, file);
  return content.ok ? parseConfig(content.raw, file) : { ok: false, errors: content.errors, source: file };
}

/**
 * The effective config: the explicit path, else KLANTWAARDE_CONFIG, else the first of
 * klantwaarde.config.yaml / .yml / .json in cwd, else the defaults.
 */
export async function loadConfig(options: string | LoadConfigOptions = {}): Promise<ConfigResult> {
  const file = await findConfigFile(typeof options === 'string' ? { path: options } : options);
  return file === null ? parseConfig({}, 'defaults') : loadConfigFile(file);
}
