// Spots amounts written the Dutch way in a file read with dot decimals: "14.873" (fourteen
// thousand eight hundred seventy-three, with a thousands dot) would silently become 14.873.
// Only a money cell with one dot and exactly three digits after it is suspect, and only when
// the same file writes its other amounts with two decimals (cents): then it names the rows.

import type { AmountsSeen } from './record-batch.ts';

const MAX_LINES = 5;

/** The money columns watched in each file. */
export const COMPANY_AMOUNTS = ['annual_revenue', 'estimated_wallet'] as const;
export const DEAL_AMOUNTS = ['amount', 'cost', 'discount'] as const;

/** What watch reads of a CSV row. */
interface WatchedRow {
  line: number;
  field(column: string): number;
  record: { bytes: Uint8Array; starts: Int32Array; ends: Int32Array } | null;
}

interface Column {
  file: string;
  column: string;
  /** Cells with exactly two decimals: the file writes cents. */
  withCents: number;
  suspects: { line: number; value: string }[];
  suspectCount: number;
}

export class DutchAmounts {
  readonly #columns = new Map<string, Column>();
  readonly #watched = new Map<string, { name: string; column: Column }[]>();
  /** The file watchCells looked at last and its watched columns: a line reader calls it for every line of one file. */
  #cellsFile: string | null = null;
  #cellsWatched: { name: string; column: Column }[] = [];

  /** Looks at the money cells of the current row. */
  watch(row: WatchedRow, file: string, columns: readonly string[]): void {
    const r = row.record!;
    for (const { name, column } of this.#watchedOf(file, columns)) {
      const at = row.field(name);
      if (at >= 0) this.#see(column, r.bytes, r.starts[at]!, r.ends[at]!, -2, row.line);
    }
  }

  /**
   * The same as watch for a line read without a CsvRow (deal.line.ts): the cell of columns[k]
   * is bytes[cells[2k], cells[2k + 1]) — between its quotes if quoted, as CsvRecord gives it —
   * and cells[2k] is -1 when the file has no such column. decimals[k], when the reader already
   * knows it, is what decimalsAfterSingleDot gives for that cell (the digits after its only
   * dot, -1 for none or not a plain number); -2: not known, the cell's bytes are looked at.
   * `columns` must be the list watch is given for the same file: both keep to the one found first.
   */
  watchCells(file: string, columns: readonly string[], bytes: Uint8Array, cells: Int32Array, line: number, decimals?: Int32Array): void {
    if (file !== this.#cellsFile) {
      this.#cellsFile = file;
      this.#cellsWatched = this.#watchedOf(file, columns);
    }
    const watched = this.#cellsWatched;
    for (let k = 0; k < watched.length; k++) {
      const start = cells[2 * k]!;
      if (start >= 0) this.#see(watched[k]!.column, bytes, start, cells[2 * k + 1]!, decimals === undefined ? -2 : decimals[k]!, line);
    }
  }

  /** The watched columns of the file, found once: no key is made per cell of millions of rows. */
  #watchedOf(file: string, columns: readonly string[]): { name: string; column: Column }[] {
    let watched = this.#watched.get(file);
    if (!watched) this.#watched.set(file, (watched = columns.map((name) => ({ name, column: this.#column(file, name) }))));
    return watched;
  }

  /** One money cell, bytes[start, end), on `line`: `known` its decimals (decimalsAfterSingleDot) when the reader has them, -2 when not. */
  #see(c: Column, bytes: Uint8Array, start: number, end: number, known: number, line: number): void {
    const decimals = known === -2 ? decimalsAfterSingleDot(bytes, start, end) : known;
    if (decimals === 2) c.withCents++;
    else if (decimals === 3 && wholeDigits(bytes, start, end) <= 3) {
      c.suspectCount++;
      // Digits, a dot and perhaps a minus (nothing else has a single dot's decimals): their bytes are their text.
      if (c.suspects.length < MAX_LINES) c.suspects.push({ line, value: String.fromCharCode(...bytes.subarray(start, end)) });
    }
  }

  /** What was seen in `file`'s columns (a thread's part of the file, for the main thread to add). */
  seen(file: string): AmountsSeen[] {
    return [...this.#columns.values()].filter((c) => c.file === file).map(({ column, withCents, suspects, suspectCount }) => ({ column, withCents, suspects, suspectCount }));
  }

  /** Adds what a thread saw in a part of `file` whose first line is lineOffset + 1, as if it had been watched here. */
  add(file: string, seen: readonly AmountsSeen[], lineOffset: number): void {
    for (const part of seen) {
      const c = this.#column(file, part.column);
      c.withCents += part.withCents;
      c.suspectCount += part.suspectCount;
      for (const s of part.suspects) if (c.suspects.length < MAX_LINES) c.suspects.push({ line: s.line + lineOffset, value: s.value });
    }
  }

  #column(file: string, column: string): Column {
    const key = `${file}\u0000${column}`;
    let c = this.#columns.get(key);
    if (!c) this.#columns.set(key, (c = { file, column, withCents: 0, suspects: [], suspectCount: 0 }));
    return c;
  }

  /** One warning per column whose suspects stand among amounts with cents. */
  notes(): string[] {
    const out: string[] = [];
    for (const c of this.#columns.values()) {
      if (c.suspectCount === 0 || c.withCents === 0) continue;
      const lines = c.suspects.map((s) => `line ${s.line} (${s.value})`).join(', ');
      const more = c.suspectCount > c.suspects.length ? ` and ${c.suspectCount - c.suspects.length} more` : '';
      const example = c.suspects[0]!.value;
      out.push(
        `${c.file} column ${c.column}: ${lines}${more} read as ${example}, but the file's other amounts have cents — ` +
          `if ${example} means ${example.replace('.', '')} (a Dutch thousands dot), set csv.decimal: "," in the config and import again`,
      );
    }
    return out;
  }
}

/** Digits before the dot of a cell decimalsAfterSingleDot accepted. */
function wholeDigits(bytes: Uint8Array, start: number, end: number): number {
  const from = bytes[start] === 45 ? start + 1 : start;
  return end - from - decimalsAfterSingleDot(bytes, start, end) - 1;
}

/** Digits after the only dot of a plain number cell, or -1. */
function decimalsAfterSingleDot(bytes: Uint8Array, start: number, end: number): number {
  let dot = -1;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c === 46) {
      if (dot >= 0) return -1;
      dot = i;
    } else if (c < 48 || c > 57) {
      if (!(c === 45 && i === start)) return -1;
    }
  }
  return dot < 0 ? -1 : end - dot - 1;
}
