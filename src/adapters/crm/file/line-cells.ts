// The rules a one-pass line reader (activity.line.ts, deal.line.ts) reads a cell's end by: a
// line of the common shape ends each cell at the delimiter and its last one at the line
// break, and a quoted cell closes on the line. Anything else is left to the checked reader.
import { firstLowByte } from './csv.scanner.ts';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Whether the cell that has reached bytes[j] — a byte no higher than the highest separator —
 * ends there the common way, 1 (the delimiter after a cell that is not the `last`, the line
 * break LF or CRLF after the last); goes on, 0 (a low byte that separates nothing: a space, a
 * tab in a comma file); or is not of the common shape, -1 (a quote, a break or a delimiter out
 * of place, a CR without its LF). Plain numbers: compared by sign in the readers' loops.
 */
export function cellEnd(bytes: Uint8Array, j: number, end: number, delimiter: number, last: boolean): number {
  const c = bytes[j]!;
  if (c === delimiter) return last ? -1 : 1;
  if (c === LF) return last ? 1 : -1;
  if (c === CR) return last && j + 1 < end && bytes[j + 1] === LF ? 1 : -1;
  return c === QUOTE ? -1 : 0;
}

/** Whether the quoted cell closed at bytes[j] is followed the common way: the delimiter, or (the `last` cell) the line break. */
export function closesCell(bytes: Uint8Array, j: number, end: number, delimiter: number, last: boolean): boolean {
  const c = bytes[j];
  return last ? c === LF || (c === CR && j + 1 < end && bytes[j + 1] === LF) : c === delimiter;
}

/**
 * Where the quoted cell that starts at bytes[at] (its opening quote) ends: the index just past
 * its closing quote. A doubled quote is a quote inside (`escapes`), or -1 (its bytes would not
 * be its text). -1 too when it holds a line break (the scanner counts the lines) or does not
 * close before `end`.
 */
export function quotedEnd(bytes: Uint8Array, at: number, end: number, escapes: boolean): number {
  for (let k = at + 1; k < end; k++) {
    const c = bytes[k]!;
    if (c === QUOTE) {
      if (k + 1 >= end) return -1;
      if (bytes[k + 1] !== QUOTE) return k + 1;
      if (!escapes) return -1;
      k++;
    } else if (c === LF || c === CR) {
      return -1;
    }
  }
  return -1;
}

/**
 * The company cell of a line read before, when it was not quoted: its bytes and its slot. Exports
 * list a company's records together, so the next line most often names the same company: its
 * cell is then these bytes followed by the cell's end, and the line reader takes the slot
 * without looking for the cell's end or looking the company up.
 */
export class LastCompany {
  slot = -1;
  #bytes = new Uint8Array(32);
  #length = 0;

  /** Where the kept cell ends when bytes[i…] holds it followed by `next` (the delimiter, or LF after a line's last cell) before `end`; else -1. */
  endAt(bytes: Uint8Array, i: number, end: number, next: number): number {
    const length = this.#length;
    const after = i + length;
    if (length === 0 || after >= end || bytes[after] !== next) return -1;
    const known = this.#bytes;
    for (let k = 0; k < length; k++) if (bytes[i + k] !== known[k]) return -1;
    return after;
  }

  /** Keeps the company cell bytes[start, stop) and its slot (a copy: the buffer moves on). */
  keep(bytes: Uint8Array, start: number, stop: number, slot: number): void {
    if (stop - start > this.#bytes.length) this.#bytes = new Uint8Array(2 * (stop - start));
    const known = this.#bytes;
    for (let k = start; k < stop; k++) known[k - start] = bytes[k]!;
    this.#length = stop - start;
    this.slot = slot;
  }
}

/** Where the line goes on after the cell that ended at bytes[j] (past a CRLF's two bytes). */
export function afterCell(bytes: Uint8Array, j: number): number {
  return bytes[j] === CR ? j + 2 : j + 1;
}

/**
 * The cell that starts at bytes[i] of a line of the common shape: its bytes [into[0], into[1]),
 * between its quotes when quoted, and where the next cell starts (past the line break after the
 * `last` cell); -1 when the cell is not of the common shape or does not end before `end`.
 * `escapes`: a quoted cell may hold doubled quotes (a column whose text is not read). `words`,
 * `highest` and `below` as firstLowByte takes them. activity.line.ts writes these steps out in
 * its own loop: there a call per cell cost a fifth of the line.
 */
export function nextCell(bytes: Buffer, words: Int32Array | null, i: number, end: number, delimiter: number, last: boolean, escapes: boolean, highest: number, below: number, into: Int32Array): number {
  if (i < end && bytes[i] === QUOTE) {
    const j = quotedEnd(bytes, i, end, escapes);
    if (j < 0 || !closesCell(bytes, j, end, delimiter, last)) return -1;
    into[0] = i + 1;
    into[1] = j - 1;
    return afterCell(bytes, j);
  }
  for (let stop = i; ; stop++) {
    stop = firstLowByte(bytes, words, stop, end, highest, below);
    if (stop >= end) return -1;
    const ends = cellEnd(bytes, stop, end, delimiter, last);
    if (ends < 0) return -1;
    if (ends > 0) {
      into[0] = i;
      into[1] = stop;
      return afterCell(bytes, stop);
    }
  }
}
