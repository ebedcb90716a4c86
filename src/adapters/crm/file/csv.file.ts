// Reads one CSV file of the folder into records: file presence, header check, then each
// row through its mapper. Reports what went wrong instead of throwing.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvFileSpec } from './csv.columns.ts';
import { checkHeader, CsvRow } from './csv.row.ts';
import { MalformedCsvError, scanCsvFile, sniffDelimiter, type LineReader } from './csv.scanner.ts';
import type { ImportError, ImportErrorLog } from './import-error.ts';

export interface CsvFileRead<T> {
  records: T[];
  /** Header columns that are not ours, read past. */
  ignored: string[];
  /** False when the file was missing, unreadable or its rows could not all be read. */
  complete: boolean;
}

/** Maps a loaded row to a record, or undefined when the row was refused. */
export type RowMapper<T> = (row: CsvRow) => T | undefined;

/** Called after each data row with how many bytes of the file have been read. */
export type RowProgress = (bytesInFile: number) => void;

/**
 * Makes, once the header is read and fits, a reader of the file's common lines straight from
 * the buffer (csv.scanner.ts LineReader), or null. Each line it reads it hands to `take` as the
 * record `map` would have made of it, with the file offset where the line ends; the lines it
 * does not read go to `map` as usual.
 */
export type LinesReader<T> = (header: readonly string[], delimiter: number, take: (record: T, fileOffset: number) => void) => LineReader | null;

export async function readCsvFile<T>(
  dir: string,
  spec: CsvFileSpec,
  log: ImportErrorLog,
  map: RowMapper<T>,
  onRow?: RowProgress,
  between?: () => Promise<void>,
  lines?: LinesReader<T>,
): Promise<CsvFileRead<T>> {
  const path = join(dir, spec.name);
  const problem = await fileProblem(path);
  if (problem === 'missing') {
    if (!spec.optionalFile) log.add({ file: spec.name, line: null, column: null, value: null, reason: 'required file is missing' });
    return { records: [], ignored: [], complete: spec.optionalFile };
  }
  if (problem) {
    log.add({ file: spec.name, line: null, column: null, value: null, reason: problem });
    return { records: [], ignored: [], complete: false };
  }
  const records: T[] = [];
  let ignored: string[] = [];
  let row: CsvRow | null = null;
  let complete = true;
  const delimiter = await sniffDelimiter(path);
  // The scanner is given the line reader up front; it reads nothing until the header is known.
  let reader: LineReader | null = null;
  const take = (record: T, fileOffset: number) => {
    onRow?.(fileOffset);
    records.push(record);
  };
  const lineReader: LineReader = {
    lines: 0,
    readLines(bytes, words, at, end, line, base) {
      if (reader === null) return at;
      const before = reader.lines;
      const next = reader.readLines(bytes, words, at, end, line, base);
      this.lines += reader.lines - before;
      return next;
    },
  };
  try {
    await scanCsvFile(path, (cells) => {
      if (!row) {
        const header = cells.texts().map((name) => name.trim());
        const check = checkHeader(spec, header);
        for (const error of check.errors) log.add(error);
        ignored = check.ignored;
        row = new CsvRow(spec, header, log);
        // A misspelled column still lets us check the rows; a missing or doubled one does not.
        if (check.errors.some((e) => spec.columns.includes(e.column ?? ''))) {
          complete = false;
          return false;
        }
        reader = lines?.(header, delimiter, take) ?? null;
        return true;
      }
      onRow?.(cells.fileOffset);
      if (!row.load(cells)) return true;
      const record = map(row);
      if (record !== undefined) records.push(record);
      return true;
    }, { delimiter, ...(between ? { between } : {}), ...(lines ? { lineReader } : {}) });
  } catch (error) {
    if (!(error instanceof MalformedCsvError)) throw error;
    log.add(malformedError(spec, error));
    complete = false;
  }
  if (!row && !spec.optionalFile) {
    log.add({ file: spec.name, line: null, column: null, value: null, reason: 'file is empty; expected a header row' });
    complete = false;
  }
  return { records, ignored, complete };
}

function malformedError(spec: CsvFileSpec, error: MalformedCsvError): ImportError {
  return { file: spec.name, line: error.line || null, column: null, value: null, reason: `malformed CSV: ${error.message}` };
}

/** A file's header row: its column names, where the rows after it start and the line breaks up to there; null when the file has no rows. */
export async function readCsvHeader(path: string, delimiter: number): Promise<{ header: string[]; dataStart: number; lines: number } | null> {
  let header: { header: string[]; dataStart: number } | null = null;
  const { lines } = await scanCsvFile(path, (cells) => {
    header = { header: cells.texts().map((name) => name.trim()), dataStart: cells.fileOffset };
    return false;
  }, { delimiter, chunkBytes: 64 << 10 });
  return header ? { ...(header as { header: string[]; dataStart: number }), lines } : null;
}

/**
 * Reads a file's rows from a record in its middle on (its header already checked), like
 * readCsvFile reads them: false when the CSV is malformed from there on (reported).
 */
export async function readCsvRowsFrom(
  path: string,
  spec: CsvFileSpec,
  header: readonly string[],
  log: ImportErrorLog,
  map: RowMapper<unknown>,
  from: { start: number; linesBefore: number; delimiter: number },
  onRow?: RowProgress,
  between?: () => Promise<void>,
): Promise<boolean> {
  const row = new CsvRow(spec, header, log);
  try {
    await scanCsvFile(path, (cells) => {
      onRow?.(cells.fileOffset);
      if (row.load(cells)) map(row);
      return true;
    }, { ...from, ...(between ? { between } : {}) });
    return true;
  } catch (error) {
    if (!(error instanceof MalformedCsvError)) throw error;
    log.add(malformedError(spec, error));
    return false;
  }
}

export async function fileProblem(path: string): Promise<'missing' | string | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? null : 'is not a file';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    return `cannot be read: ${(error as Error).message}`;
  }
}
