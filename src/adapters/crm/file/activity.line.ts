// An activities.csv line of the shape nearly every export writes, read in one pass straight
// from the read buffer: the scanner does not cut it into cells first (csv.scanner.ts
// LineReader). It reads a line the checked reader (CsvRow + mapActivity) would accept as it
// is — the header's field count, the required cells not empty, a known company, values that
// parse — with the same cell parsers, so it gives the same values. A cell may be quoted (some
// exports quote every cell) if it closes on the line; a cell of a column it does not read (an
// export's notes or subject) may hold doubled quotes too. For any other line it returns -1 and
// the line goes the usual way: scanned, then read the checked way, which reports what is
// wrong with it.
import { ACTIVITY_TYPES, CONTACT_LAYERS, type ActivityType, type ContactLayer, type Instant } from '../../../domain/records.ts';
import { label, numberParsers, oneOf, readInstant, type CellParser, type NumberFormat } from './cell-parsers.ts';
import { firstLowByte } from './csv.scanner.ts';
import type { IdSet } from './id-set.ts';
import { afterCell, cellEnd, closesCell, LastCompany, quotedEnd } from './line-cells.ts';

// Local, not imported: compared against on every byte, and a module's own constants are folded into its compiled code.
const QUOTE = 34;
const LF = 10;
const CR = 13;


/** What each of the header's columns is to the line reader. */
const OTHER = 0;
const ID = 1;
const COMPANY = 2;
const TYPE = 3;
const OCCURRED_AT = 4;
const DURATION = 5;
const ROLE = 6;
const LAYER = 7;
const COLUMNS = new Map<string, number>([['id', ID], ['company_id', COMPANY], ['type', TYPE], ['occurred_at', OCCURRED_AT], ['duration_minutes', DURATION], ['owner_role', ROLE], ['contact_layer', LAYER]]);

/** The length of 2026-03-01T09:30:00.000Z: an instant cell of this length is tried without looking for its end. */
const INSTANT_LENGTH = 24;

export class ActivityLine {
  /** The line's id cell, as byte offsets into the buffer it was read from. */
  idStart = 0;
  idEnd = 0;
  /** The company's position among the known companies. */
  slot = -1;
  type: ActivityType = 'call';
  occurredAt: Instant = 0;
  /** NaN: no duration (putActivity stores it as such). */
  durationMinutes = Number.NaN;
  ownerRole: string | undefined = undefined;
  contactLayer: ContactLayer | undefined = undefined;

  /** Where readInstant puts the instant (no heap number per line). */
  readonly #instant = new Float64Array(1);
  readonly #lastCompany = new LastCompany();
  readonly #kinds: Uint8Array;
  readonly #delimiter: number;
  /** The greatest byte that can end or break a cell: any byte above it is plain text. */
  readonly #highest: number;
  /** highest + 1 in each byte of a word. */
  readonly #below: number;
  readonly #companies: IdSet;
  readonly #types = oneOf(ACTIVITY_TYPES);
  readonly #layers = oneOf(CONTACT_LAYERS);
  readonly #roles = label();
  readonly #minutes: CellParser<number>;

  constructor(header: readonly string[], delimiter: number, numbers: NumberFormat, companies: IdSet) {
    this.#kinds = Uint8Array.from(header, (column, k) => (header.indexOf(column) === k ? (COLUMNS.get(column) ?? OTHER) : OTHER));
    this.#delimiter = delimiter;
    this.#highest = Math.max(delimiter, LF, CR, QUOTE);
    this.#below = Math.imul(this.#highest + 1, 0x01010101);
    this.#companies = companies;
    this.#minutes = numberParsers(numbers).nonNegativeNumber;
  }

  /** Whether the header has every column a line needs (id, company_id, type, occurred_at): without them no line is read here. */
  get usable(): boolean {
    return [ID, COMPANY, TYPE, OCCURRED_AT].every((kind) => this.#kinds.includes(kind));
  }

  /**
   * Reads the line that starts at bytes[at]: where it ends, past its line break (LF or CRLF),
   * or -1 when it is not of the common shape or does not end before `end`. `words`: the
   * buffer as words (wordsOf), or null.
   */
  read(bytes: Buffer, words: Int32Array | null, at: number, end: number): number {
    const kinds = this.#kinds;
    const last = kinds.length - 1;
    const delimiter = this.#delimiter;
    this.durationMinutes = Number.NaN;
    this.ownerRole = undefined;
    this.contactLayer = undefined;
    let i = at;
    for (let column = 0; column <= last; column++) {
      const kind = kinds[column]!;
      // A canonical instant is checked byte by byte by its parser: no need to look for its end first.
      if (kind === OCCURRED_AT && i + INSTANT_LENGTH < end && bytes[i + INSTANT_LENGTH] === (column === last ? LF : delimiter)) {
        if (readInstant(bytes, i, i + INSTANT_LENGTH, this.#instant, 0) > 0) {
          this.occurredAt = this.#instant[0]!;
          i += INSTANT_LENGTH + 1;
          continue;
        }
      }
      // The company of the line before (exports list a company's activities together): the same slot, without looking for the cell's end or the company.
      if (kind === COMPANY) {
        const after = this.#lastCompany.endAt(bytes, i, end, column === last ? LF : delimiter);
        if (after >= 0) {
          this.slot = this.#lastCompany.slot;
          i = after + 1;
          continue;
        }
      }
      // The cell, bytes[start, stop), and where the next one starts (i), as line-cells.ts nextCell finds it,
      // written out here (a call per cell is dear on this line): it ends at the delimiter, or
      // at the line break after the last cell; a quote, or a break or delimiter out of place, is not this shape.
      let start = i;
      let stop = i;
      // i < end first: a line cut at the buffer's end would read past it, and V8 throws the optimized code away for that.
      const quoted = i < end && bytes[i] === QUOTE;
      if (quoted) {
        // A quoted cell: it must end right after its closing quote. Someone else's column may hold
        // doubled quotes (its text is not read); a column read here is read between its quotes.
        const j = quotedEnd(bytes, i, end, kind === OTHER);
        if (j < 0 || !closesCell(bytes, j, end, delimiter, column === last)) return -1;
        start = i + 1;
        stop = j - 1;
        i = afterCell(bytes, j);
      } else {
        for (;; stop++) {
          stop = firstLowByte(bytes, words, stop, end, this.#highest, this.#below);
          if (stop >= end) return -1;
          const ends = cellEnd(bytes, stop, end, delimiter, column === last);
          if (ends > 0) break;
          if (ends < 0) return -1;
        }
        i = afterCell(bytes, stop);
      }
      // The cell's value, with the parser mapActivity reads it with. Here in the loop rather than in
      // a method of its own (as DealLine does): V8 did not inline that method, and a call per cell
      // cost a fifth of the line.
      if (kind === OTHER) continue;
      const empty = start === stop;
      switch (kind) {
        case ID:
          if (empty) return -1;
          this.idStart = start;
          this.idEnd = stop;
          break;
        case COMPANY:
          if (empty || (this.slot = this.#companies.find(bytes, start, stop)) < 0) return -1;
          // Kept for the next line: an unquoted cell's bytes are its whole text.
          if (!quoted) this.#lastCompany.keep(bytes, start, stop, this.slot);
          break;
        case TYPE: {
          const type = empty ? undefined : this.#types.fromBytes!(bytes, start, stop);
          if (typeof type !== 'string') return -1;
          this.type = type;
          break;
        }
        case OCCURRED_AT:
          // The canonical shapes here, any other the checked way (its parser reads them).
          if (empty || readInstant(bytes, start, stop, this.#instant, 0) <= 0) return -1;
          this.occurredAt = this.#instant[0]!;
          break;
        case DURATION: {
          if (empty) break;
          const value = this.#minutes.fromBytes!(bytes, start, stop);
          if (typeof value !== 'number') return -1;
          this.durationMinutes = value;
          break;
        }
        case ROLE: {
          if (empty) break;
          const known = this.#roles.fromBytes!(bytes, start, stop);
          this.ownerRole = typeof known === 'string' ? known : this.#roles.parse(bytes.toString('utf8', start, stop));
          break;
        }
        case LAYER: {
          if (empty) break;
          const layer = this.#layers.fromBytes!(bytes, start, stop);
          if (typeof layer !== 'string') return -1;
          this.contactLayer = layer;
          break;
        }
      }
    }
    return i;
  }
}
