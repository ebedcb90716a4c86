// One CSV row read against its file's header: typed cell access that records a precise
// error (file:line, column, value, reason) for each cell that does not fit.
import { SLOW, type CellParser } from './cell-parsers.ts';
import type { CsvFileSpec } from './csv.columns.ts';
import type { CsvRecord } from './csv.scanner.ts';
import type { ImportError, ImportErrorLog } from './import-error.ts';

export interface HeaderCheck {
  /** Doubled and missing required columns, and what looks like one of ours misspelled, on line 1. */
  errors: ImportError[];
  /** Columns that are not ours (a CRM export's own), read past. */
  ignored: string[];
}

/**
 * Checks a header against the file's columns. A column that is not ours is ignored — real
 * exports carry many — unless it looks like one of ours that the header lacks (close date,
 * closeDate, clsoe_date for close_date): then it is refused with the name it should have.
 */
export function checkHeader(spec: CsvFileSpec, header: readonly string[]): HeaderCheck {
  const errors: ImportError[] = [];
  const ignored: string[] = [];
  const seen = new Set<string>();
  const present = new Set(header);
  for (const column of header) {
    if (seen.has(column)) errors.push({ file: spec.name, line: 1, column, value: null, reason: 'column appears more than once' });
    else if (!spec.columns.includes(column)) {
      const meant = likelyMeant(column, spec.columns.filter((c) => !present.has(c)));
      if (meant) errors.push({ file: spec.name, line: 1, column, value: null, reason: `unknown column; did you mean ${meant}?` });
      else ignored.push(column);
    }
    seen.add(column);
  }
  for (const column of spec.required) {
    if (!seen.has(column)) errors.push({ file: spec.name, line: 1, column, value: null, reason: 'required column is missing' });
  }
  return { errors, ignored };
}

/** One of `columns` that `name` is most likely a misspelling of: the same letters and digits, or at most two edits away. */
function likelyMeant(name: string, columns: readonly string[]): string | undefined {
  const plain = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const typed = plain(name);
  if (typed.length < 3) return undefined;
  let best: { column: string; distance: number } | undefined;
  for (const column of columns) {
    const distance = editDistance(typed, plain(column));
    if (distance <= (typed.length >= 6 ? 2 : 1) && (!best || distance < best.distance)) best = { column, distance };
  }
  return best?.column;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

export class CsvRow {
  record: CsvRecord | null = null;
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
  load(record: CsvRecord): boolean {
    this.record = record;
    this.line = record.line;
    this.ok = record.count === this.width;
    if (!this.ok) this.log.add({ file: this.file, line: record.line, column: null, value: null, reason: `expected ${this.width} fields like the header, found ${record.count}` });
    return this.ok;
  }

  /** The cell as written ('' when empty or the column is absent). */
  raw(column: string): string {
    const at = this.position[column]!;
    return at < 0 ? '' : (this.record!.text(at) ?? '');
  }

  /** Where the column's cell is in the record (-1 when the file has no such column). */
  field(column: string): number {
    return this.position[column]!;
  }

  /**
   * The parsed value of a required cell. When it is empty or does not parse, the error is
   * recorded and the row marked not ok; the returned placeholder is then never used.
   */
  required<T>(column: string, parser: CellParser<T>): T {
    const at = this.position[column]!;
    if (at < 0 || this.isEmpty(at)) {
      this.fail(column, '', 'a value is required');
      return undefined as T;
    }
    return this.parseCell(column, at, parser) as T;
  }

  /** Refuses the row when a required cell is empty (the cell's value is read elsewhere, or not at all). */
  present(column: string): void {
    const at = this.position[column]!;
    if (at < 0 || this.isEmpty(at)) this.fail(column, '', 'a value is required');
  }

  /** The parsed value of an optional cell; undefined when empty or absent. */
  optional<T>(column: string, parser: CellParser<T>): T | undefined {
    const at = this.position[column]!;
    if (at < 0 || this.isEmpty(at)) return undefined;
    return this.parseCell(column, at, parser);
  }

  fail(column: string | null, value: string | null, reason: string): void {
    this.ok = false;
    this.log.add({ file: this.file, line: this.line, column, value, reason });
  }

  private isEmpty(at: number): boolean {
    const r = this.record!;
    return r.ends[at] === r.starts[at];
  }

  private parseCell<T>(column: string, at: number, parser: CellParser<T>): T | undefined {
    const r = this.record!;
    if (parser.fromBytes && r.quoted[at] === 0) {
      const fast = parser.fromBytes(r.bytes, r.starts[at]!, r.ends[at]!);
      if (fast !== SLOW) {
        if (fast === undefined) this.fail(column, r.text(at)!, parser.expected);
        return fast;
      }
    }
    const raw = r.text(at)!;
    const value = parser.parse(raw);
    if (value === undefined) this.fail(column, raw, parser.expected);
    return value;
  }
}
