// What a CSV import reports when a folder is not valid: every bad cell, header or
// reference as file:line, column, value and reason — and nothing imported.
import type { Portfolio } from '../../../domain/records.ts';

export interface ImportError {
  file: string;
  /** 1-based line of the file, the header being line 1; null for a problem with the whole file. */
  line: number | null;
  column: string | null;
  value: string | null;
  reason: string;
}

/** `notes`: what the user should know although nothing was refused (ignored columns, amounts that look Dutch). */
export type ReadResult =
  | { ok: true; portfolio: Portfolio; notes: string[] }
  | { ok: false; errors: ImportError[]; /** All errors found, also those beyond the list's cap. */ errorCount: number; notes: string[] };

export const MAX_REPORTED_ERRORS = 100;

/** `companies.csv:14 column employees value "12x": expected a whole number ≥ 0` */
export function formatImportError(e: ImportError): string {
  const where = e.line === null ? e.file : `${e.file}:${e.line}`;
  const column = e.column === null ? '' : ` column ${e.column}`;
  const value = e.value === null ? '' : ` value ${JSON.stringify(e.value)}`;
  return `${where}${column}${value}: ${e.reason}`;
}

/** One line per error, plus how many more there were beyond the cap. */
export function formatImportErrors(errors: readonly ImportError[], errorCount: number): string {
  const lines = errors.map(formatImportError);
  if (errorCount > errors.length) lines.push(`… and ${errorCount - errors.length} more errors`);
  return lines.join('\n');
}

/** Keeps the first errors and counts the rest, so a file full of bad rows stays readable. */
export class ImportErrorLog {
  readonly errors: ImportError[] = [];
  count = 0;

  add(error: ImportError): void {
    this.count += 1;
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push(error);
  }
}
