// A companies.csv line of the shape nearly every export writes, read in one pass straight from
// the read buffer, like a deals.csv or activities.csv line (deal.line.ts, activity.line.ts): the
// scanner does not cut it into cells first, and no CsvRow loads it. It reads a line the checked
// reader (CsvRow + mapCompany) would accept as it is — the header's field count, id and name
// not empty, values that parse, not its own parent — with the same cell parsers, and makes the
// same Company, its fields set in the same order. Whether its id is new is the caller's to
// check (csv.reader.ts). For any other line it returns -1 and the line goes the usual way:
// scanned, then read the checked way, which reports what is wrong with it. The money cells'
// places are kept for the Dutch-amount check (DutchAmounts.watchCells).
import type { Company, Instant } from '../../../domain/records.ts';
import { boolean, label, numberParsers, readInstant, SLOW, type CellParser, type NumberFormat } from './cell-parsers.ts';
import { UNKNOWN_CREATED_AT } from './file.mapper.ts';
import { nextCell } from './line-cells.ts';

/** The bytes that can end or break a cell besides the delimiter: a quote, LF and CR. */
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** What each of the header's columns is to the line reader. */
const OTHER = 0;
const ID = 1;
const NAME = 2;
const PARENT = 3;
const INDUSTRY = 4;
const EMPLOYEES = 5;
const ANNUAL_REVENUE = 6;
const LIFECYCLE = 7;
const OWNER = 8;
const CREATED_AT = 9;
const IS_REFERENCE = 10;
const CODEVELOPMENT = 11;
const ESTIMATED_WALLET = 12;
const SATISFACTION = 13;
const COLUMNS = new Map<string, number>([
  ['id', ID],
  ['name', NAME],
  ['parent_id', PARENT],
  ['industry', INDUSTRY],
  ['employees', EMPLOYEES],
  ['annual_revenue', ANNUAL_REVENUE],
  ['lifecycle_stage', LIFECYCLE],
  ['owner_id', OWNER],
  ['created_at', CREATED_AT],
  ['is_reference', IS_REFERENCE],
  ['codevelopment', CODEVELOPMENT],
  ['estimated_wallet', ESTIMATED_WALLET],
  ['satisfaction', SATISFACTION],
]);

export class CompanyLine {
  /** The company the line was read into (a new one each line). */
  company: Company | null = null;
  /** The line's id cell, as byte offsets into the buffer it was read from. */
  idStart = 0;
  idEnd = 0;
  /**
   * The cells of annual_revenue and estimated_wallet (dutch-amounts.ts COMPANY_AMOUNTS, in
   * that order) as DutchAmounts.watchCells reads them: start and end of each, -1 when the
   * header has no such column.
   */
  readonly amountCells = new Int32Array([-1, -1, -1, -1]);

  readonly #kinds: Uint8Array;
  readonly #delimiter: number;
  /** The greatest byte that can end or break a cell: any byte above it is plain text. */
  readonly #highest: number;
  /** highest + 1 in each byte of a word. */
  readonly #below: number;
  readonly #everyField: boolean;
  readonly #instant = new Float64Array(1);
  /** Where nextCell puts a cell's bounds. */
  readonly #cell = new Int32Array(2);
  readonly #wholeNumber: CellParser<number>;
  readonly #nonNegative: CellParser<number>;
  readonly #industries: CellParser<string>;
  readonly #lifecycles: CellParser<string>;
  readonly #owners: CellParser<string>;

  /** `labels`: the parsers mapCompany reads industry, lifecycle_stage and owner_id with (so rows share their strings). */
  constructor(header: readonly string[], delimiter: number, numbers: NumberFormat, everyField: boolean, labels: { industry: CellParser<string>; lifecycle: CellParser<string>; owner: CellParser<string> } = { industry: label(), lifecycle: label(), owner: label() }) {
    this.#kinds = Uint8Array.from(header, (column, k) => (header.indexOf(column) === k ? (COLUMNS.get(column) ?? OTHER) : OTHER));
    this.#delimiter = delimiter;
    this.#highest = Math.max(delimiter, LF, CR, QUOTE);
    this.#below = Math.imul(this.#highest + 1, 0x01010101);
    this.#everyField = everyField;
    const parsers = numberParsers(numbers);
    this.#wholeNumber = parsers.wholeNumber;
    this.#nonNegative = parsers.nonNegativeNumber;
    this.#industries = labels.industry;
    this.#lifecycles = labels.lifecycle;
    this.#owners = labels.owner;
  }

  /** Whether the header has the columns a line needs (id and name): without them no line is read here. */
  get usable(): boolean {
    return this.#kinds.includes(ID) && this.#kinds.includes(NAME);
  }

  /**
   * Reads the line that starts at bytes[at] into `company`: where it ends, past its line break
   * (LF or CRLF), or -1 when it is not of the common shape, holds a value the checked reader
   * refuses, or does not end before `end`. `words`: the buffer as words (wordsOf), or null.
   */
  read(bytes: Buffer, words: Int32Array | null, at: number, end: number): number {
    const kinds = this.#kinds;
    const last = kinds.length - 1;
    const delimiter = this.#delimiter;
    const amounts = this.amountCells;
    const cell = this.#cell;
    let id: string | undefined;
    let name: string | undefined;
    let createdAt: Instant = UNKNOWN_CREATED_AT;
    let parentId: string | undefined;
    let industry: string | undefined;
    let employees: number | undefined;
    let annualRevenue: number | undefined;
    let lifecycleStage: string | undefined;
    let ownerId: string | undefined;
    let isReference: boolean | undefined;
    let codevelopment: boolean | undefined;
    let estimatedWallet: number | undefined;
    let satisfaction: number | undefined;
    let i = at;
    for (let column = 0; column <= last; column++) {
      const kind = kinds[column]!;
      // The cell, bytes[start, stop), and where the next one starts (i).
      i = nextCell(bytes, words, i, end, delimiter, column === last, kind === OTHER, this.#highest, this.#below, cell);
      if (i < 0) return -1;
      const start = cell[0]!;
      const stop = cell[1]!;
      // Money cells are watched empty or not, as DutchAmounts.watch does.
      if (kind === ANNUAL_REVENUE || kind === ESTIMATED_WALLET) {
        const k = kind === ANNUAL_REVENUE ? 0 : 2;
        amounts[k] = start;
        amounts[k + 1] = stop;
      }
      if (kind === OTHER || start === stop) continue;
      // The cell's value, with the parser mapCompany reads it with; -1 where it would refuse the
      // cell or read its text instead (SLOW), which the checked reader does.
      switch (kind) {
        case ID:
          id = bytes.toString('utf8', start, stop);
          this.idStart = start;
          this.idEnd = stop;
          break;
        case NAME:
          name = bytes.toString('utf8', start, stop);
          break;
        case PARENT:
          parentId = bytes.toString('utf8', start, stop);
          break;
        case CREATED_AT:
          if (readInstant(bytes, start, stop, this.#instant, 0) <= 0) return -1;
          createdAt = this.#instant[0]!;
          break;
        case INDUSTRY:
          if ((industry = labelOf(this.#industries, bytes, start, stop)) === undefined) return -1;
          break;
        case LIFECYCLE:
          if ((lifecycleStage = labelOf(this.#lifecycles, bytes, start, stop)) === undefined) return -1;
          break;
        case OWNER:
          if ((ownerId = labelOf(this.#owners, bytes, start, stop)) === undefined) return -1;
          break;
        case EMPLOYEES:
          if ((employees = numberOf(this.#wholeNumber, bytes, start, stop)) === undefined) return -1;
          break;
        case ANNUAL_REVENUE:
          if ((annualRevenue = numberOf(this.#nonNegative, bytes, start, stop)) === undefined) return -1;
          break;
        case ESTIMATED_WALLET:
          if ((estimatedWallet = numberOf(this.#nonNegative, bytes, start, stop)) === undefined) return -1;
          break;
        case SATISFACTION:
          if ((satisfaction = numberOf(this.#nonNegative, bytes, start, stop)) === undefined) return -1;
          break;
        case IS_REFERENCE:
          if ((isReference = flagOf(bytes, start, stop)) === undefined) return -1;
          break;
        case CODEVELOPMENT:
          if ((codevelopment = flagOf(bytes, start, stop)) === undefined) return -1;
          break;
      }
    }
    if (id === undefined || name === undefined || parentId === id) return -1;
    // mapCompany's object: the same fields in the same order (one shape with everyField).
    const company: Company = this.#everyField
      ? { id, name, createdAt, parentId: undefined, industry: undefined, employees: undefined, annualRevenue: undefined, lifecycleStage: undefined, ownerId: undefined, isReference: undefined, codevelopment: undefined, estimatedWallet: undefined, satisfaction: undefined, satisfactionResponses: undefined }
      : { id, name, createdAt };
    if (parentId !== undefined) company.parentId = parentId;
    if (industry !== undefined) company.industry = industry;
    if (employees !== undefined) company.employees = employees;
    if (annualRevenue !== undefined) company.annualRevenue = annualRevenue;
    if (lifecycleStage !== undefined) company.lifecycleStage = lifecycleStage;
    if (ownerId !== undefined) company.ownerId = ownerId;
    if (isReference !== undefined) company.isReference = isReference;
    if (codevelopment !== undefined) company.codevelopment = codevelopment;
    if (estimatedWallet !== undefined) company.estimatedWallet = estimatedWallet;
    if (satisfaction !== undefined) company.satisfaction = satisfaction;
    this.company = company;
    return i;
  }
}

/** A label cell: the known string, or the text read and kept as label.parse keeps it. */
function labelOf(parser: CellParser<string>, bytes: Buffer, start: number, stop: number): string | undefined {
  const known = parser.fromBytes!(bytes, start, stop);
  return typeof known === 'string' ? known : parser.parse(bytes.toString('utf8', start, stop));
}

/** A number cell of a shape fromBytes reads; undefined for a refused value or another shape (the checked reader's). */
function numberOf(parser: CellParser<number>, bytes: Buffer, start: number, stop: number): number | undefined {
  const value = parser.fromBytes!(bytes, start, stop);
  return value === SLOW ? undefined : value;
}

function flagOf(bytes: Buffer, start: number, stop: number): boolean | undefined {
  const value = boolean.fromBytes!(bytes, start, stop);
  return value === SLOW ? undefined : value;
}
