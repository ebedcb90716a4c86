// Streams a CSV file's records with the line each starts on, as a person opening the
// file in an editor would count it (header = line 1), also after quoted multi-line fields.
import { createReadStream } from 'node:fs';
import { CsvError, parse } from 'csv-parse';

export class MalformedCsvError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(message);
    this.name = 'MalformedCsvError';
    this.line = line;
  }
}

/** Return false to stop reading the file. `bytes`: how far into the file the parser is. */
export type RecordHandler = (cells: string[], line: number, bytes: number) => boolean | void;

/**
 * Calls `onRecord` for each record, in order, without a promise per record (files of
 * millions of rows). Rejects with MalformedCsvError when the CSV itself is broken.
 *
 * csv-parse's `info.lines` counts each \r and each \n inside quoted fields, so an embedded
 * CRLF counts twice; we subtract those and count back over the record's own line breaks.
 */
export function eachCsvRecord(path: string, onRecord: RecordHandler): Promise<void> {
  return new Promise((resolve, reject) => {
    const input = createReadStream(path);
    const parser = parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true });
    let previousLines = 0;
    let overcount = 0;
    let stopped = false;
    const stop = (): void => {
      stopped = true;
      input.destroy();
      parser.destroy();
      resolve();
    };
    input.on('error', (error) => {
      if (!stopped) reject(error);
    });
    parser.on('error', (error) => {
      if (stopped) return;
      stopped = true;
      input.destroy();
      const line = error instanceof CsvError && typeof error.lines === 'number' ? error.lines - overcount : 0;
      reject(error instanceof CsvError ? new MalformedCsvError(error.message, line) : error);
    });
    parser.on('data', ({ record, info }: { record: string[]; info: { lines: number; bytes: number } }) => {
      if (stopped) return;
      let line = info.lines - overcount;
      if (info.lines - previousLines > 1) {
        for (const cell of record) {
          if (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) continue;
          const breaks = countLineBreaks(cell);
          overcount += breaks.crlf;
          line -= breaks.crlf + breaks.total;
        }
      }
      previousLines = info.lines;
      if (onRecord(record, line, info.bytes) === false) stop();
    });
    parser.on('end', () => {
      if (!stopped) resolve();
    });
    input.pipe(parser);
  });
}

function countLineBreaks(cell: string): { total: number; crlf: number } {
  let total = 0;
  let crlf = 0;
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (c === 13) {
      total += 1;
      if (cell.charCodeAt(i + 1) === 10) {
        crlf += 1;
        i += 1;
      }
    } else if (c === 10) total += 1;
  }
  return { total, crlf };
}
