// The companies of companies.csv as the other files' company id cells are checked against:
// every record that names a company shares that company's id string and learns its slot.
import type { SlotIndex } from '../../../domain/records.ts';
import type { CellParser } from './cell-parsers.ts';
import { firstLowByte, scanCsvFile, sniffDelimiter, type LineReader } from './csv.scanner.ts';
import { IdSet } from './id-set.ts';

export interface KnownCompanies {
  set: IdSet;
  /** By position in the set (the slot). */
  ids: string[];
}

/** The set of `ids`, each at its own position (the ids must be distinct). */
export function knownCompanies(ids: string[]): KnownCompanies {
  const set = new IdSet(ids.length);
  for (const id of ids) set.add(id);
  return { set, ids };
}

/**
 * companies.csv's ids as the reader keeps them (csv.reader.ts): from each row with the
 * header's field count its id cell as written, the first time each id comes, in the set a
 * thread checks company id cells against (built as they are read, not again afterwards).
 * Empty when the file cannot be read (the reader then reports it, and keeps no list).
 */
export async function readKnownCompanies(path: string): Promise<KnownCompanies> {
  const set = new IdSet();
  const ids: string[] = [];
  let width = -1;
  let at = -1;
  const delimiter = await sniffDelimiter(path);
  // A line without a quote is read for its id cell alone (each thread reads the file: its names and addresses are not needed here).
  const idLine = new IdLine(delimiter);
  const keep = (id: string) => {
    if (id !== '' && set.add(id)) ids.push(id);
  };
  try {
    await scanCsvFile(path, (record) => {
      if (width < 0) {
        const header = record.texts().map((name) => name.trim());
        width = header.length;
        at = header.indexOf('id');
        return at >= 0;
      }
      if (record.count !== width) return true;
      keep(record.text(at) ?? '');
      return true;
    }, {
      delimiter,
      lineReader: {
        lines: 0,
        readLines(bytes, words, from, end) {
          if (width < 0) return from; // the header is the scanner's
          for (;;) {
            const next = idLine.read(bytes, words, from, end, at);
            if (next < 0) return from;
            // A row of another field count is passed over, as onRecord does.
            if (idLine.cells === width) {
              const { idStart, idEnd } = idLine;
              // An ASCII id's bytes are its text's UTF-8: added as they are, its string made only when it is new.
              if (!ascii(bytes, idStart, idEnd)) keep(bytes.toString('utf8', idStart, idEnd));
              else if (idEnd > idStart && set.addBytes(bytes, idStart, idEnd)) ids.push(bytes.toString('latin1', idStart, idEnd));
            }
            this.lines++;
            from = next;
          }
        },
      } satisfies LineReader,
    });
  } catch {
    return knownCompanies([]);
  }
  return { set, ids };
}

function ascii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! > 127) return false;
  return true;
}

/**
 * A line of no quotes, read for how many cells it has and where cell `column` is: a record the
 * scanner reads with the same cells. Any other line (a quote, a lone CR) is left to the scanner.
 */
class IdLine {
  cells = 0;
  idStart = 0;
  idEnd = 0;
  readonly #delimiter: number;
  /** The greatest byte that can end or break a cell, and that + 1 in each byte of a word (firstLowByte). */
  readonly #highest: number;
  readonly #below: number;

  constructor(delimiter: number) {
    this.#delimiter = delimiter;
    this.#highest = Math.max(delimiter, 10, 13, 34);
    this.#below = Math.imul(this.#highest + 1, 0x01010101);
  }

  /** Where the line that starts at bytes[at] ends, past its line break; -1 when it is not of this shape or does not end before `end`. */
  read(bytes: Buffer, words: Int32Array | null, at: number, end: number, column: number): number {
    const delimiter = this.#delimiter;
    let cells = 0;
    let start = at;
    this.idStart = this.idEnd = at;
    for (let j = at; ; j++) {
      j = firstLowByte(bytes, words, j, end, this.#highest, this.#below);
      if (j >= end) return -1;
      const c = bytes[j]!;
      const lineEnd = c === 10 || (c === 13 && j + 1 < end && bytes[j + 1] === 10);
      if (c !== delimiter && !lineEnd) {
        if (c === 34 || c === 13) return -1; // a quote, or a CR that ends no line: the scanner's to read
        continue; // a space or tab inside a cell
      }
      if (cells === column) {
        this.idStart = start;
        this.idEnd = j;
      }
      cells++;
      if (lineEnd) {
        this.cells = cells;
        return c === 13 ? j + 2 : j + 1;
      }
      start = j + 1;
    }
  }
}

/** A fingerprint of an id list (its order included), to check two threads read the same companies. */
export function idsFingerprint(ids: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const id of ids) {
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
    h = Math.imul(h ^ 10, 16777619);
  }
  return `${ids.length}:${(h >>> 0).toString(16)}`;
}

/**
 * A company id cell that must name a company of companies.csv; the company's own id string
 * is shared, and its slot (position in companies.csv) is kept for the record being read.
 */
export class KnownCompany implements CellParser<string> {
  readonly expected = 'no company with this id in companies.csv';
  lastSlot = -1;
  readonly #known: KnownCompanies;

  constructor(known: KnownCompanies) {
    this.#known = known;
  }

  parse(raw: string): string | undefined {
    return this.#at(this.#known.set.findText(raw));
  }

  fromBytes(bytes: Uint8Array, start: number, end: number): string | undefined {
    return this.#at(this.#known.set.find(bytes, start, end));
  }

  #at(slot: number): string | undefined {
    this.lastSlot = slot;
    return slot < 0 ? undefined : this.#known.ids[slot];
  }
}

/** The companies' slots by id, for the engine: looked up in the set the read already keeps, no map of them built again. */
export function companySlots(known: KnownCompanies): SlotIndex {
  return new CompanySlots(known.set);
}

class CompanySlots implements SlotIndex {
  // Private: results that hold it compare equal in tests by what they say, not by the set's internals.
  readonly #ids: IdSet;

  constructor(ids: IdSet) {
    this.#ids = ids;
  }

  get(companyId: string): number | undefined {
    const slot = this.#ids.findText(companyId);
    return slot < 0 ? undefined : slot;
  }
}
