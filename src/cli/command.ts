// What a CLI command is: its name, help, options (node:util parseArgs) and run function.
import { readdir, stat } from 'node:fs/promises';
import type { ParseArgsConfig } from 'node:util';
import { instant } from '../adapters/crm/file/cell-parsers.ts';
import { AppError } from '../app/errors.ts';
import type { Runtime } from '../composition/runtime.ts';
import { terminalText } from './output.ts';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether a person watches (progress bars); unset: stderr's TTY flag decides. */
  terminal?: boolean;
  /** The clock runs read as now (Date.now when absent; tests pin it). */
  now?: () => number;
}

export type Values = Record<string, string | boolean | undefined>;

/** One option or argument in `<command> --help`: what it does, its default, an example. */
export interface HelpEntry {
  /** The value's placeholder (DIR, DATE); none for a flag. */
  value?: string;
  text: string;
  default: string;
  example: string;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Every option (a test holds each command to it) and positional argument, with examples of whole calls. */
  help: { arguments?: Record<string, HelpEntry>; options: Record<string, HelpEntry>; examples: string[] };
  run(values: Values, positionals: string[], io: CliIo): Promise<number>;
}

/** --config, which every command that reads the config takes. */
export const CONFIG_HELP: HelpEntry = {
  value: 'FILE',
  text: 'the config file (YAML or JSON); every key has a default',
  default: '$KLANTWAARDE_CONFIG, else klantwaarde.config.yaml (or .yml, .json) in this folder, else the defaults',
  example: '--config ops/klantwaarde.config.yaml',
};

/** Exit codes (PRODUCT.md §5). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Output for a person or a pipe: never a terminal escape sequence from CRM text (JSON escapes its own). */
/** Writes the chunks in blocks of about 64 kB: a line per write would be a system call per company. */
export function write(stream: NodeJS.WritableStream, chunks: Iterable<string>): void {
  let block = '';
  for (const chunk of chunks) {
    block += terminalText(chunk);
    if (block.length >= 1 << 16) {
      stream.write(block);
      block = '';
    }
  }
  if (block !== '') stream.write(block);
}

/**
 * A date option read as the CSV importer reads its dates (ISO 8601 only; a date alone is
 * that day at midnight UTC): Date.parse would take 01-11-2026 as 11 January and roll
 * 2026-02-30 over into March.
 */
export function parseDateOption(name: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  const at = instant.parse(value.trim());
  if (at === undefined) throw new UsageError(`--${name} ${value}: ${instant.expected}`);
  return at;
}

/** A folder of CSV exports given on the command line: there, and a folder. */
export async function inputFolder(name: string, path: string): Promise<string> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(error.code === 'ENOENT' ? `--${name} ${path}: folder not found` : `--${name} ${path}: cannot be read (${error.message})`);
  });
  if (!info.isDirectory()) throw new UsageError(`--${name} ${path}: this is a file; give the folder that holds companies.csv, deals.csv and activities.csv`);
  return path;
}

/** A folder to write CSV files to: absent (it is made), or a folder without CSV files unless `force`. */
export async function outputFolder(name: string, path: string, force: boolean): Promise<string> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new UsageError(`--${name} ${path}: cannot be read (${error.message})`);
  });
  if (info === null) return path;
  if (!info.isDirectory()) throw new UsageError(`--${name} ${path}: this is a file; give a folder to write the CSV files to`);
  const csv = (await readdir(path)).filter((file) => file.toLowerCase().endsWith('.csv')).sort();
  if (csv.length > 0 && !force) throw new UsageError(`--${name} ${path} already holds ${csv.join(', ')}; add --force to write over them`);
  return path;
}

/** A --tenant the store or a connected CRM knows; tenant.not_found names the ones there are. */
export async function knownTenant(runtime: Runtime, tenant: string): Promise<string> {
  const known = [...new Set([...(await runtime.tenants()), ...(await runtime.store.listTenants())])].sort();
  if (!known.includes(tenant)) throw new AppError('tenant.not_found', `There is no tenant ${tenant}; known tenants: ${known.join(', ') || 'none'}.`);
  return tenant;
}
