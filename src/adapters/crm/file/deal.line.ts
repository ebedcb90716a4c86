// A deals.csv line of the shape nearly every export writes, read in one pass straight from the
// read buffer, like an activities.csv line (activity.line.ts): the scanner does not cut it into
// cells first (csv.scanner.ts LineReader), and no CsvRow loads it. It reads a line the checked
// reader (CsvRow + mapDeal) would accept as it is — the header's field count, the required
// cells not empty, a known company, values that parse — with the same cell parsers, so it
// gives the same values. A cell may be quoted if it closes on the line; a cell of a column it
// does not read may hold doubled quotes too. For any other line it returns -1 and the line
// goes the usual way: scanned, then read the checked way, which reports what is wrong with it.
// The money cells' places are kept for the Dutch-amount check (DutchAmounts.watchCells), so
// that check does not load the row again either.
import { DEAL_STATUSES, type DealStatus, type Instant } from '../../../domain/records.ts';
import { label, numberParsers, oneOf, readInstant, type CellParser, type NumberFormat } from './cell-parsers.ts';
import type { IdSet } from './id-set.ts';
import { afterCell, cellEnd, closesCell, LastCompany, quotedEnd } from './line-cells.ts';

// Local, not imported: compared against on every byte, and a module's own constants are folded into its compiled code.
const QUOTE = 34;
const LF = 10;
const CR = 13;

const MINUS = 45;
const DOT = 46;

/** What each of the header's columns is to the line reader. */
const OTHER = 0;
const ID = 1;
const COMPANY = 2;
const CLOSE_DATE = 3;
const STATUS = 4;
const PIPELINE = 5;
/** The number columns, from AMOUNT on. */
const AMOUNT = 6;
const COST = 7;
const MARGIN = 8;
const DISCOUNT = 9;
const ORDERS = 10;
const COLUMNS = new Map<string, number>([
  ['id', ID],
  ['company_id', COMPANY],
  ['amount', AMOUNT],
  ['close_date', CLOSE_DATE],
  ['status', STATUS],
  ['pipeline', PIPELINE],
  ['cost', COST],
  ['margin_pct', MARGIN],
  ['discount', DISCOUNT],
  ['order_count', ORDERS],
]);

/** The lengths of 2026-03-01 and 2026-03-01T09:30:00.000Z: a date cell of either is tried without looking for its end. */
const DATE_LENGTH = 10;
const INSTANT_LENGTH = 24;
/** The bytes of those two shapes: with a delimiter among them, a cell's end cannot be guessed from its length. */
const INSTANT_BYTES = '0123456789-T:.Z';

/** 10 ** k, as cell-parsers.ts plainDecimal divides by them. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);
/** In amountDecimals: the cell was not read in the one pass; DutchAmounts looks at its bytes. */
const DECIMALS_UNKNOWN = -2;

export class DealLine {
  /** The line's id cell, as byte offsets into the buffer it was read from. */
  idStart = 0;
  idEnd = 0;
  /** The company's position among the known companies. */
  slot = -1;
  amount = 0;
  closeDate: Instant = 0;
  status: DealStatus = 'won';
  /** The optional cells: undefined when empty or not in the header, as CsvRow.optional gives them (putDeal stores them as such). */
  pipeline: string | undefined = undefined;
  /**
   * The optional numbers: NaN when empty or not in the header, as putDeal stores an absent one.
   * Not undefined: a field that may hold undefined keeps a double as a new heap number each line.
   */
  cost = Number.NaN;
  marginPct = Number.NaN;
  discount = Number.NaN;
  orderCount = Number.NaN;
  /**
   * The money cells the Dutch-amount check looks at (DEAL_AMOUNTS: amount, cost, discount), as
   * DutchAmounts.watchCells takes them: the start and end of each cell (between its quotes if
   * quoted), start -1 when the header has no such column.
   */
  readonly amountCells = new Int32Array(6).fill(-1);
  /**
   * What the line's pass already knows of those cells, for DutchAmounts.watchCells: the digits
   * after a cell's only dot, -1 when it is not a plain number with one dot, -2 when not known.
   */
  readonly amountDecimals = new Int32Array(3).fill(DECIMALS_UNKNOWN);

  readonly #kinds: Uint8Array;
  readonly #delimiter: number;
  /** The greatest byte that can end or break a cell: any byte above it is plain text. */
  readonly #highest: number;
  /** Whether a date cell's end may be taken from its length (the delimiter is none of its bytes). */
  readonly #dateByLength: boolean;
  /** The decimal sign as a byte, and whether a number cell may be read as it is found (the delimiter is neither a digit, a minus nor the decimal sign). */
  readonly #decimal: number;
  readonly #numbersInPass: boolean;
  readonly #companies: IdSet;
  readonly #statuses = oneOf(DEAL_STATUSES);
  readonly #pipelines = label();
  readonly #numberParser: CellParser<number>;
  readonly #nonNegativeParser: CellParser<number>;
  readonly #fractionParser: CellParser<number>;
  readonly #wholeParser: CellParser<number>;
  readonly #lastCompany = new LastCompany();
  /** Where readInstant puts the close date (no heap number per line). */
  readonly #instant = new Float64Array(1);
  /** The number #plainNumber read last, and the digits after its decimal sign (-1: none). */
  #number = 0;
  #decimals = -1;

  constructor(header: readonly string[], delimiter: number, numbers: NumberFormat, companies: IdSet) {
    // Only a column's first occurrence is read, as CsvRow finds it (header.indexOf).
    this.#kinds = Uint8Array.from(header, (column, k) => (header.indexOf(column) === k ? (COLUMNS.get(column) ?? OTHER) : OTHER));
    this.#delimiter = delimiter;
    this.#highest = Math.max(delimiter, LF, CR, QUOTE);
    this.#dateByLength = !INSTANT_BYTES.includes(String.fromCharCode(delimiter));
    this.#decimal = numbers.decimal.charCodeAt(0);
    this.#numbersInPass = !`0123456789-${numbers.decimal}`.includes(String.fromCharCode(delimiter));
    this.#companies = companies;
    // The parsers mapDeal reads each number column with (file.mapper.ts).
    const parsers = numberParsers(numbers);
    this.#numberParser = parsers.number;
    this.#nonNegativeParser = parsers.nonNegativeNumber;
    this.#fractionParser = parsers.fraction;
    this.#wholeParser = parsers.wholeNumber;
  }

  /** Whether the header has every column a line needs (id, company_id, amount, close_date, status): without them no line is read here. */
  get usable(): boolean {
    return [ID, COMPANY, AMOUNT, CLOSE_DATE, STATUS].every((kind) => this.#kinds.includes(kind));
  }

  /**
   * Reads the line that starts at bytes[at]: where it ends, past its line break (LF or CRLF),
   * or -1 when it is not of the common shape or does not end before `end`. The buffer as words
   * (a LineReader is given them) is not used: see below. The fields above are the line's only
   * after it was read.
   */
  read(bytes: Buffer, _words: Int32Array | null, at: number, end: number): number {
    const kinds = this.#kinds;
    const last = kinds.length - 1;
    const delimiter = this.#delimiter;
    this.pipeline = undefined;
    this.cost = Number.NaN;
    this.marginPct = Number.NaN;
    this.discount = Number.NaN;
    this.orderCount = Number.NaN;
    let i = at;
    for (let column = 0; column <= last; column++) {
      const kind = kinds[column]!;
      // A date of a canonical length is checked byte by byte by its parser: no need to look for its end first.
      if (kind === CLOSE_DATE && this.#dateByLength) {
        const stop = column === last ? LF : delimiter;
        // Both bounds tested on every line: a test made only for a date cut at the buffer's end ran
        // first after V8 had compiled this method, and threw that code away.
        const dateFits = i + DATE_LENGTH < end;
        const instantFits = i + INSTANT_LENGTH < end;
        const length = dateFits && bytes[i + DATE_LENGTH] === stop ? DATE_LENGTH : instantFits && bytes[i + INSTANT_LENGTH] === stop ? INSTANT_LENGTH : 0;
        if (length > 0 && readInstant(bytes, i, i + length, this.#instant, 0) > 0) {
          this.closeDate = this.#instant[0]!;
          i += length + 1;
          continue;
        }
      }
      // The company of the line before (exports list a company's deals together): the same slot,
      // without looking for the cell's end or the company. Its bytes hold no delimiter (it was not
      // quoted), so they are the whole cell when the delimiter follows them.
      if (kind === COMPANY) {
        const after = this.#lastCompany.endAt(bytes, i, end, column === last ? LF : delimiter);
        if (after >= 0) {
          this.slot = this.#lastCompany.slot;
          i = after + 1;
          continue;
        }
      }
      // The cell, bytes[start, stop), and where the next one starts (i). A number cell of digits
      // and at most one decimal sign, or an empty one (nearly all of them), is read as its end is
      // looked for (inPass: its value is in #number). Any other cell ends at the delimiter, or at
      // the line break after the last cell; a quote, or a break or delimiter out of place, is not
      // this shape.
      let start = i;
      let stop = -1;
      if (kind >= AMOUNT && this.#numbersInPass) {
        const after = this.#plainNumber(bytes, i, end);
        if (after >= 0 && after < end) {
          if (closesCell(bytes, after, end, delimiter, column === last)) {
            stop = after;
            i = afterCell(bytes, after);
          }
        }
      }
      const inPass = stop >= 0;
      if (inPass) {
        // Read above.
      } else if (i < end && bytes[i] === QUOTE) {
        // A quoted cell: it must end right after its closing quote. Someone else's column may hold
        // doubled quotes (its text is not read); a column read here is read between its quotes.
        const j = quotedEnd(bytes, i, end, kind === OTHER);
        if (j < 0 || !closesCell(bytes, j, end, delimiter, column === last)) return -1;
        start = i + 1;
        stop = j - 1;
        i = afterCell(bytes, j);
      } else {
        // A byte at a time: a deal's cells are short, and for them that is quicker than words (firstLowByte).
        const highest = this.#highest;
        for (stop = i; ; stop++) {
          while (stop < end && bytes[stop]! > highest) stop++;
          if (stop >= end) return -1;
          const ends = cellEnd(bytes, stop, end, delimiter, column === last);
          if (ends > 0) break;
          if (ends < 0) return -1;
        }
        i = afterCell(bytes, stop);
      }
      // The cell's value, with the parser mapDeal reads it with (for a number read in the pass, as
      // that parser takes it). Here in the loop rather than in a method of its own: one that reads
      // every column is too big for V8 to inline, and the call per cell cost more than the parse.
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
          // Kept for the next line, when its bytes are its whole cell (not quoted).
          if (start === at || bytes[start - 1] !== QUOTE) this.#lastCompany.keep(bytes, start, stop, this.slot);
          break;
        case CLOSE_DATE: {
          // The canonical shapes here, any other the checked way (its parser reads them).
          if (empty || readInstant(bytes, start, stop, this.#instant, 0) <= 0) return -1;
          this.closeDate = this.#instant[0]!;
          break;
        }
        case STATUS: {
          const status = empty ? undefined : this.#statuses.fromBytes!(bytes, start, stop);
          if (typeof status !== 'string') return -1;
          this.status = status;
          break;
        }
        case PIPELINE: {
          if (empty) break;
          // A pipeline not seen yet: its text, as the label parser gives it (and keeps it for the next lines).
          const known = this.#pipelines.fromBytes!(bytes, start, stop);
          this.pipeline = typeof known === 'string' ? known : this.#pipelines.parse(bytes.toString('utf8', start, stop));
          break;
        }
        // The numbers, each into #number (#numberCell). Empty is NaN where optional. A shape the
        // byte parser does not take (SLOW) is left to the checked reader; a value the column does
        // not take refuses the line there too (a minus where it takes a number ≥ 0, even on -0).
        case AMOUNT:
          if (empty || !this.#numberCell(inPass, this.#numberParser, bytes, start, stop)) return -1;
          this.amount = this.#number;
          this.#amountCell(0, start, stop, inPass);
          break;
        case COST:
        case DISCOUNT:
          if (!empty) {
            if ((inPass && bytes[start] === MINUS) || !this.#numberCell(inPass, this.#nonNegativeParser, bytes, start, stop)) return -1;
            if (kind === COST) this.cost = this.#number;
            else this.discount = this.#number;
          }
          this.#amountCell(kind === COST ? 1 : 2, start, stop, inPass);
          break;
        case MARGIN:
          if (empty) break;
          if (!this.#numberCell(inPass, this.#fractionParser, bytes, start, stop) || !(this.#number >= -1 && this.#number <= 1)) return -1;
          this.marginPct = this.#number;
          break;
        case ORDERS:
          if (empty) break;
          if ((inPass && bytes[start] === MINUS) || !this.#numberCell(inPass, this.#wholeParser, bytes, start, stop) || !Number.isInteger(this.#number)) return -1;
          this.orderCount = this.#number;
          break;
      }
    }
    return i;
  }

  /**
   * Reads -?digits(decimal digits)? from bytes[i] on, as cell-parsers.ts plainDecimal reads a
   * cell of that shape: at most 15 digits, as integer ÷ power of ten, so the same double. Returns
   * where it stops (the first other byte, or end), the number in #number; i itself when there
   * is nothing of the shape there; -1 for what it leaves to the cell's parser (a minus or decimal
   * sign without a digit, nothing after the decimal sign, more than 15 digits).
   */
  #plainNumber(bytes: Buffer, i: number, end: number): number {
    const from = i;
    const negative = i < end && bytes[i] === MINUS;
    if (negative) i++;
    const decimal = this.#decimal;
    let mantissa = 0;
    let digits = 0;
    let decimals = -1;
    for (; i < end; i++) {
      const c = bytes[i]!;
      const d = c - 48;
      if (d >= 0 && d <= 9) {
        mantissa = mantissa * 10 + d;
        digits++;
        if (decimals >= 0) decimals++;
      } else if (c === decimal && decimals < 0) {
        decimals = 0;
      } else {
        break;
      }
    }
    if (i === from) return i;
    if (digits === 0 || digits > 15 || decimals === 0) return -1;
    const value = decimals > 0 ? mantissa / POWERS_OF_TEN[decimals]! : mantissa;
    this.#number = negative ? -value : value;
    this.#decimals = decimals;
    return i;
  }

  /**
   * A number cell's value into #number: read in the pass already (inPass), or by the column's
   * parser; false when the parser does not take it. Through #number, not returned: a double
   * returned from a call that is not inlined is a new heap number, each line.
   */
  #numberCell(inPass: boolean, parser: CellParser<number>, bytes: Buffer, start: number, stop: number): boolean {
    if (inPass) return true;
    const value = parser.fromBytes!(bytes, start, stop);
    if (typeof value !== 'number') return false;
    this.#number = value;
    return true;
  }

  /**
   * Keeps where the k-th money cell of DEAL_AMOUNTS is, for the Dutch-amount check, and the digits
   * after its only dot when the pass read it: a plain number has a dot only as its decimal sign.
   */
  #amountCell(k: number, start: number, stop: number, inPass: boolean): void {
    this.amountCells[2 * k] = start;
    this.amountCells[2 * k + 1] = stop;
    this.amountDecimals[k] = !inPass ? DECIMALS_UNKNOWN : start === stop || this.#decimal !== DOT ? -1 : this.#decimals;
  }
}

