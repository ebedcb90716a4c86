// Which config file a run reads, found without reading it: the schema that checks a file
// (config.schema.ts, zod) is loaded only when there is one.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

export const CONFIG_FILE_NAMES = ['klantwaarde.config.yaml', 'klantwaarde.config.yml', 'klantwaarde.config.json'] as const;

export interface ConfigFileOptions {
  /** An explicit file (`--config FILE`); it must exist. */
  path?: string;
  /** The environment, for KLANTWAARDE_CONFIG; passed in so this module never reads process.env. */
  env?: Record<string, string | undefined>;
  /** Where relative paths and the default file names are looked up (default: the process's cwd). */
  cwd?: string;
}

/**
 * The config file's path: the explicit path, else KLANTWAARDE_CONFIG (either may not exist:
 * reading it says so), else the first of klantwaarde.config.yaml / .yml / .json in cwd; null
 * when there is none and the defaults apply.
 */
export async function findConfigFile(options: ConfigFileOptions = {}): Promise<string | null> {
  const { path, env = {}, cwd = process.cwd() } = options;
  const chosen = path ?? (env['KLANTWAARDE_CONFIG'] || undefined);
  if (chosen !== undefined) return resolve(cwd, chosen);
  for (const name of CONFIG_FILE_NAMES) {
    const file = resolve(cwd, name);
    if (await isFile(file)) return file;
  }
  return null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
