// One CSV row read against its file's header: typed cell access that records a precise
// error (file:line, column, value, reason) for each cell that does not fit.
import type { CellParser } from './cell-parsers.ts';
import type { CsvFileSpec } from './csv.columns.ts';
import type { ImportError, ImportErrorLog } from './import-error.ts';

/** Unknown, doubled and missing required columns, each as an error on line 1. */
export function checkHeader(spec: CsvFileSpec, header: readonly string[]): ImportError[] {
  const errors: ImportError[] = [];
  const seen = new Set<string>();
  for (const column of header) {
    if (seen.has(column)) errors.push({ file: spec.name, line: 1, column, value: null, reason: 'column appears more than once' });
    else if (!spec.columns.includes(column)) errors.push({ file: spec.name, line: 1, column, value: null, reason: `unknown column; ${spec.name} has ${spec.columns.join(', ')}` });
    seen.add(column);
  }
  for (const column of spec.required) {
    if (!seen.has(column)) errors.push({ file: spec.name, line: 1, column, value: null, reason: 'required column is missing' });
  }
  return errors;
}

export class CsvRow {
  cells: string[] = [];
  line = 0;
  /** False once any cell of the current row was refused. */
  ok = true;
  private readonly file: string;
  private readonly position: Record<string, number>;
  private readonly width: number;
  private readonly log: ImportErrorLog;

  constructor(spec: CsvFileSpec, header: readonly string[], log: ImportErrorLog) {
    this.file = spec.name;
    this.width = header.length;
    this.log = log;
    this.position = Object.fromEntries(spec.columns.map((column) => [column, header.indexOf(column)]));
  }

  /** Moves to the next record; false (with an error) when its field count differs from the header's. */
  load(cells: string[], line: number): boolean {
    this.cells = cells;
    this.line = line;
    this.ok = cells.length === this.width;
    if (!this.ok) this.log.add({ file: this.file, line, column: null, value: null, reason: `expected ${this.width} fields like the header, found ${cells.length}` });
    return this.ok;
  }

  /** The cell as written ('' when empty or the column is absent). */
  raw(column: string): string {
    const at = this.position[column]!;
    return at < 0 ? '' : (this.cells[at] ?? '');
  }

  /**
   * The parsed value of a required cell. When it is empty or does not parse, the error is
   * recorded and the row marked not ok; the returned placeholder is then never used.
   */
  required<T>(column: string, parser: CellParser<T>): T {
    const raw = this.raw(column);
    if (raw === '') {
      this.fail(column, raw, 'a value is required');
      return undefined as T;
    }
    const value = parser.parse(raw);
    if (value === undefined) this.fail(column, raw, parser.expected);
    return value as T;
  }

  /** The parsed value of an optional cell; undefined when empty or absent. */
  optional<T>(column: string, parser: CellParser<T>): T | undefined {
    const raw = this.raw(column);
    if (raw === '') return undefined;
    const value = parser.parse(raw);
    if (value === undefined) this.fail(column, raw, parser.expected);
    return value;
  }

  fail(column: string | null, value: string | null, reason: string): void {
    this.ok = false;
    this.log.add({ file: this.file, line: this.line, column, value, reason });
  }
}
