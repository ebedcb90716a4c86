// What a CLI command is: its name, help, options (node:util parseArgs) and run function.
import type { ParseArgsConfig } from 'node:util';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** The clock runs read as now (Date.now when absent; tests pin it). */
  now?: () => number;
}

export type Values = Record<string, string | boolean | undefined>;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Values, positionals: string[], io: CliIo): Promise<number>;
}

/** Exit codes (PRODUCT.md §5). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

export function write(stream: NodeJS.WritableStream, chunks: Iterable<string>): void {
  for (const chunk of chunks) stream.write(chunk);
}

/** Progress lines on a terminal only, so pipes and CI logs stay clean. */
export function progress(io: CliIo): (message: string) => void {
  const started = Date.now();
  return (message) => {
    if (io.stderr.isTTY) io.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
  };
}

export function parseDateOption(name: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(at)) throw new UsageError(`--${name} ${value}: expected an ISO 8601 date such as 2026-11-01`);
  return at;
}
