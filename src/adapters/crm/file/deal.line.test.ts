// The one-pass deals.csv line reader reads a line only when the scanner and the checked reader
// would read it, and then to the same values, the same line end and the same Dutch-amount
// observations — for every delimiter, number format, CRLF, header order, unknown or doubled
// column and a line cut off by the end of the buffer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../../app/sample/prng.ts';
import type { Deal } from '../../../domain/records.ts';
import { DOT_DECIMAL, type NumberFormat } from './cell-parsers.ts';
import { CSV_FILES } from './csv.columns.ts';
import { CsvRow } from './csv.row.ts';
import { scanCsvFile, wordsOf, type CsvRecord, type LineReader } from './csv.scanner.ts';
import { DealLine } from './deal.line.ts';
import { DEAL_AMOUNTS, DutchAmounts } from './dutch-amounts.ts';
import { rowMappers } from './file.mapper.ts';
import { ImportErrorLog } from './import-error.ts';
import { KnownCompany, knownCompanies } from './known-company.ts';

const DUTCH: NumberFormat = { decimal: ',', thousands: '.' };
const FILE = CSV_FILES.deals.name;
// One company's id holds delimiters: quoted, it is one cell; not quoted, several (but in a tab-separated file).
const companies = knownCompanies(['c-1', 'c-22', 'c-333', 'bedrijf-ü', 'c,4;x']);

/** Each column's cells: the first COMMON[column] are the common shapes (plain or quoted, valid or not), the rest odd ones. */
const SHAPES: Record<string, string[]> = {
  id: ['d-1', 'd-22', 'd-ü', '"d-4"', '""', '', ' d-3', '"d ""5"""'],
  company_id: ['c-1', 'c-22', 'c-333', 'bedrijf-ü', '"c-1"', '"c,4;x"', 'c-4', '', '"c-4"', 'c-1 ', '" c-1"', 'c,4;x'],
  amount: ['1736.67', '934.5', '1000', '-12.5', '14.873', '-1.250', '1.234,56', '1,5', '"250.00"', '"14.873"', '"1,5"', '0.10', '', '""', '1e2', 'abc', '12345678901234567', '123456789012.3456789', '0.30000000000000004441', '5.', '1.2.3', ' 12', '"1 000"'],
  close_date: ['2026-03-17', '2026-07-11T09:54:00.000Z', '2026-02-30', '"2026-03-17"', '"2026-07-11T09:54:00.000Z"', '2026-07-11T24:00:00.000Z', '', '2026-07-11T09:54:00Z', '2026-07-11 09:54', '2026-03-177', '"2026-02-30"', '2026-3-1'],
  status: ['won', 'lost', 'open', '"won"', 'WON', 'closed', '', '""', '"lo""st"'],
  pipeline: ['', 'default', 'projects', 'service_contracts', 'pijplijn-ü', '"quoted, pipe; line"', 'a pipeline with spaces', 'tab\there', '""', '" padded "', '"a ""quoted"" pipe"', '"two\nlines"'],
  cost: ['', '755.93', '0', '1687.47', '12.345', '"100.5"', '-1', '1.234,56', '"1,5"', '""', '1e2', '5.', 'abc'],
  margin_pct: ['', '0.26', '0', '-0.5', '1', '1.5', '0,3', '"0.3"', '""', '1e-1', '.', 'x'],
  discount: ['', '322.39', '481.4', '219.45', '0.125', '"12.00"', '-3', '1.000', '""', '3e1', '12.', '"a""b"'],
  order_count: ['', '1', '2', '0', '3.0', '1.5', '-1', '1.000', '"4"', '""', '1e1', '4.', 'two'],
  note: ['', 'free text', '"a, quoted; note"', '"say ""hi"", twice"', '""', 'x', '"two\nlines"', '"two\r\nlines"', '"two\rlines"'],
};
const COMMON: Record<string, number> = { id: 4, company_id: 7, amount: 12, close_date: 6, status: 6, pipeline: 9, cost: 10, margin_pct: 9, discount: 9, order_count: 10, note: 6 };

/** Cells the checked reader takes, of each number format: most lines are made of these, as most of an export is. */
const GOOD: Record<string, string[]> = {
  id: SHAPES.id!.slice(0, 4),
  company_id: SHAPES.company_id!.slice(0, 6),
  close_date: ['2026-03-17', '2026-07-11T09:54:00.000Z', '"2026-03-17"', '"2026-07-11T09:54:00.000Z"'],
  status: ['won', 'lost', 'open', '"won"'],
  pipeline: SHAPES.pipeline!.slice(0, 7),
  note: SHAPES.note!.slice(0, 6),
};
const GOOD_NUMBERS: Record<'dot' | 'dutch', Record<string, string[]>> = {
  dot: {
    amount: ['1736.67', '934.5', '1000', '14.873', '-1.250', '1234.567', '"250.00"'],
    cost: ['', '755.93', '0', '12.345', '"100.5"'],
    margin_pct: ['', '0.26', '-0.5', '1'],
    discount: ['', '322.39', '0.125', '"12.00"'],
    order_count: ['', '1', '3.0', '"4"'],
  },
  dutch: {
    amount: ['1736,67', '934,5', '1.000', '14.873', '-1.250,5', '"250,00"'],
    cost: ['', '755,93', '0', '1.234,5', '"100,5"'],
    margin_pct: ['', '0,26', '-0,5', '1'],
    discount: ['', '322,39', '0,125', '"12,00"'],
    order_count: ['', '1', '1.000', '"4"'],
  },
};

const ALL_COLUMNS = ['id', 'company_id', 'amount', 'close_date', 'status', 'pipeline', 'cost', 'margin_pct', 'discount', 'order_count'];
const OPTIONAL = ['pipeline', 'cost', 'margin_pct', 'discount', 'order_count'];
/** The delimiters and number formats exports write: Dutch Excel writes ; with decimal commas. */
const FORMATS: [string, NumberFormat][] = [[',', DOT_DECIMAL], [';', DUTCH], [';', DOT_DECIMAL], ['\t', DOT_DECIMAL], ['\t', DUTCH], [',', DUTCH]];

type Seen = ReturnType<DutchAmounts['seen']>;

interface Case {
  header: string[];
  delimiter: number;
  numbers: NumberFormat;
  eol: string;
  lines: string[];
  /** Whether each line was made of common shapes only. */
  common: boolean[];
  text: string;
}

/**
 * A deals.csv of 40 lines (no header line): half of good cells (with now and then a common
 * one), a quarter of common shapes, a quarter of good lines with one or two cells of any shape
 * and now and then a cell too many or too few.
 */
function randomCase(random: Random): Case {
  const next = () => random.next();
  const [delimiter, numbers] = random.pick(FORMATS);
  const header = [...ALL_COLUMNS];
  // Sometimes another order, a column of someone else's, an optional column left out, a column twice (only the first counts).
  if (next() < 0.3) header.sort(() => next() - 0.5);
  if (next() < 0.3) header.splice(Math.floor(next() * header.length), 0, 'note');
  if (next() < 0.2) header.splice(header.indexOf(random.pick(OPTIONAL)), 1);
  if (next() < 0.15) header.splice(Math.floor(next() * header.length), 0, random.pick(['amount', 'status', 'cost', 'id']));
  const eol = next() < 0.3 ? '\r\n' : '\n';
  const good = { ...GOOD, ...GOOD_NUMBERS[numbers === DUTCH ? 'dutch' : 'dot'] };
  // A good cell that holds the delimiter (a decimal comma in a comma-separated file) is quoted, as an export quotes it.
  const goodCell = (c: string, plain = false) => {
    const cell = random.pick(plain ? good[c]!.filter((g) => !g.startsWith('"')) : good[c]!);
    return cell.includes(delimiter) && !cell.startsWith('"') ? `"${cell}"` : cell;
  };
  const common: boolean[] = [];
  const lines = Array.from({ length: 40 }, () => {
    const kind = next();
    let odd = false;
    // A shape of the column's list, the common ones only or any; odd when it is not a common one.
    const shape = (c: string, any: boolean) => {
      const k = Math.floor(next() * (any ? SHAPES[c]!.length : COMMON[c]!));
      odd ||= k >= COMMON[c]!;
      return SHAPES[c]![k]!;
    };
    let cells: string[];
    // Half of the good lines without a quoted cell, as most exports write them.
    const plain = next() < 0.5;
    if (kind < 0.5) cells = header.map((c) => (next() < 0.95 ? goodCell(c, plain) : shape(c, false)));
    else if (kind < 0.75) cells = header.map((c) => shape(c, false));
    else {
      cells = header.map((c) => goodCell(c));
      for (let n = next() < 0.5 ? 1 : 2; n > 0; n--) {
        const k = Math.floor(next() * header.length);
        cells[k] = shape(header[k]!, true);
      }
      const width = next();
      if (width < 0.1) cells.push('extra');
      else if (width < 0.2) cells.pop();
      if (cells.length !== header.length) odd = true;
    }
    common.push(!odd);
    return cells.join(delimiter);
  });
  return { header, delimiter: delimiter.charCodeAt(0), numbers, eol, lines, common, text: lines.join(eol) + eol };
}

function writeDeals(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kw-deal-line-')), 'deals.csv');
  writeFileSync(path, text);
  return path;
}

interface Read {
  line: number;
  end: number;
  values: unknown;
}

/** A deal's values as compared here: the id's text, the company's slot and every field, as putDeal stores them (an empty number is NaN). */
function valuesOf(id: string, slot: number, d: Omit<Deal, 'id' | 'companyId'>): unknown {
  const stored = (n: number | undefined) => n ?? Number.NaN;
  return { id, slot, amount: d.amount, closeDate: d.closeDate, status: d.status, pipeline: d.pipeline, cost: stored(d.cost), marginPct: stored(d.marginPct), discount: stored(d.discount), orderCount: stored(d.orderCount) };
}

/**
 * The checked way a reading thread reads a record (CsvRow + mapDeal): its values, or null when
 * refused; and the Dutch-amount check of every record of the header's width.
 */
function checkedReader(header: string[], numbers: NumberFormat) {
  const company = new KnownCompany(companies);
  const { mapDeal } = rowMappers(numbers);
  const row = new CsvRow(CSV_FILES.deals, header, new ImportErrorLog());
  const scratch = {} as Deal;
  const idAt = header.indexOf('id');
  return (r: CsvRecord, dutch: DutchAmounts): Read => {
    const loaded = row.load(r);
    if (loaded) dutch.watch(row, FILE, DEAL_AMOUNTS);
    const d = loaded ? mapDeal(row, company, scratch) : undefined;
    return { line: r.line, end: r.fileOffset, values: d ? valuesOf(r.text(idAt)!, company.lastSlot, d) : null };
  };
}

/** What the scanner and the checked reader make of each record, with what the Dutch-amount check sees of that record alone. */
async function byCheckedReader(c: Case): Promise<(Read & { seen: Seen })[]> {
  const read = checkedReader(c.header, c.numbers);
  const out: (Read & { seen: Seen })[] = [];
  await scanCsvFile(writeDeals(c.text), (r) => {
    const dutch = new DutchAmounts();
    out.push({ ...read(r, dutch), seen: dutch.seen(FILE) });
  }, { delimiter: c.delimiter });
  return out;
}

function byLine(line: DealLine, bytes: Buffer, at: number, end: number, lineNumber: number): Read & { seen: Seen } {
  const next = line.read(bytes, wordsOf(bytes), at, end);
  if (next < 0) return { line: lineNumber, end: -1, values: null, seen: [] };
  // With what the pass knew of the money cells' decimals, and without (every cell's bytes looked at): the same.
  const dutch = new DutchAmounts();
  dutch.watchCells(FILE, DEAL_AMOUNTS, bytes, line.amountCells, lineNumber, line.amountDecimals);
  const byBytes = new DutchAmounts();
  byBytes.watchCells(FILE, DEAL_AMOUNTS, bytes, line.amountCells, lineNumber);
  expect(byBytes.seen(FILE)).toEqual(dutch.seen(FILE));
  return { line: lineNumber, end: next, values: valuesOf(bytes.toString('utf8', line.idStart, line.idEnd), line.slot, line), seen: dutch.seen(FILE) };
}

describe('a deals.csv line read in one pass', () => {
  it('is read only when the checked reader reads it, to the same values, line end and Dutch-amount observations', async () => {
    const random = createRandom(7);
    let read = 0;
    let quotedRead = 0;
    let plainRead = 0;
    let suspects = 0;
    let cents = 0;
    const passed: string[] = [];
    for (let n = 0; n < 150; n++) {
      const c = randomCase(random);
      const bytes = Buffer.from(c.text, 'utf8');
      const expected = await byCheckedReader(c);
      const line = new DealLine(c.header, c.delimiter, c.numbers, companies.set);
      expect(line.usable).toBe(true);
      // Each line from where the scanner started it (a record of a line with a quote may span more).
      let at = 0;
      for (const [k, want] of expected.entries()) {
        const got = byLine(line, bytes, at, bytes.length, want.line);
        if (got.end >= 0) {
          read++;
          if (c.lines[k]!.includes('"')) quotedRead++;
          else plainRead++;
          for (const s of got.seen) {
            suspects += s.suspectCount;
            cents += s.withCents;
          }
          expect(got, `case ${n} line ${k}: ${JSON.stringify(c.lines[k])} of ${JSON.stringify(c.header)}`).toEqual(want);
        } else if (want.values !== null && c.common[k]) {
          passed.push(`${JSON.stringify(c.header)} ${JSON.stringify(c.lines[k])}`);
        }
        at = want.end;
      }
    }
    // Every line of the common shape the checked reader takes is read here, quoted cells included;
    // it leaves doubled quotes in its own columns, line breaks inside quotes and wrong widths to the scanner.
    expect(read).toBeGreaterThan(2000);
    expect(quotedRead).toBeGreaterThan(1000);
    expect(plainRead).toBeGreaterThan(1000);
    expect(suspects).toBeGreaterThan(500);
    expect(cents).toBeGreaterThan(500);
    expect(passed, 'lines of the common shape left to the scanner').toEqual([]);
  });

  it('read as a reading thread does, through the scanner in small reads, gives what the checked reader gives', async () => {
    const random = createRandom(11);
    let fast = 0;
    for (let n = 0; n < 40; n++) {
      const c = randomCase(random);
      const path = writeDeals(c.text);
      // Small reads: lines are cut off by the end of the buffer, and read again once the rest is in.
      const chunkBytes = random.pick([64, 97, 256, 4096]);
      const checked = checkedReader(c.header, c.numbers);

      const want: Read[] = [];
      const wantDutch = new DutchAmounts();
      await scanCsvFile(path, (r) => void want.push(checked(r, wantDutch)), { delimiter: c.delimiter, chunkBytes });

      const got: Read[] = [];
      const gotDutch = new DutchAmounts();
      const dealLine = new DealLine(c.header, c.delimiter, c.numbers, companies.set);
      const lineReader: LineReader = {
        lines: 0,
        readLines(bytes, words, at, end, line, base) {
          for (;; line++) {
            const next = dealLine.read(bytes, words, at, end);
            if (next < 0) return at;
            fast++;
            gotDutch.watchCells(FILE, DEAL_AMOUNTS, bytes, dealLine.amountCells, line, dealLine.amountDecimals);
            got.push({ line, end: base + next, values: valuesOf(bytes.toString('utf8', dealLine.idStart, dealLine.idEnd), dealLine.slot, dealLine) });
            this.lines++;
            at = next;
          }
        },
      };
      await scanCsvFile(path, (r) => void got.push(checked(r, gotDutch)), { delimiter: c.delimiter, chunkBytes, lineReader });

      expect(got, `case ${n}`).toEqual(want);
      expect(gotDutch.seen(FILE)).toEqual(wantDutch.seen(FILE));
      expect(gotDutch.notes()).toEqual(wantDutch.notes());
    }
    expect(fast).toBeGreaterThan(500);
  });

  it('leaves a line to the scanner when it does not end in a line break before the end of the buffer', () => {
    const header = ['id', 'company_id', 'amount', 'close_date', 'status', 'pipeline', 'cost', 'margin_pct', 'discount', 'order_count'];
    const line = new DealLine(header, 44, DOT_DECIMAL, companies.set);
    // A buffer of its own starts on a word: the scanner would hand its words over too (the line reader does not need them).
    const own = (s: string) => Buffer.alloc(Buffer.byteLength(s), s);
    for (const date of ['2026-03-17', '2026-07-11T09:54:00.000Z']) {
      for (const last of ['1', '', '"2"']) {
        const text = own(`d-1,c-22,1736.67,${date},won,default,755.93,0.26,322.39,${last}${date.length > 10 ? '\r\n' : '\n'}`);
        for (const words of [wordsOf(text), null]) {
          expect(line.read(text, words, 0, text.length)).toBe(text.length);
          for (let end = 0; end < text.length; end++) expect(line.read(text, words, 0, end), `cut at ${end}`).toBe(-1);
        }
      }
    }
    // A line ending in its date (the date read by its length) is cut off the same way.
    const dateLast = new DealLine(['id', 'company_id', 'amount', 'status', 'close_date'], 44, DOT_DECIMAL, companies.set);
    const text = own('d-1,c-22,1736.67,won,2026-03-17\n');
    expect(dateLast.read(text, null, 0, text.length)).toBe(text.length);
    for (let end = 0; end < text.length; end++) expect(dateLast.read(text, null, 0, end), `cut at ${end}`).toBe(-1);
    // A lone CR is a line break to the scanner: left to it, after a cell quoted or not.
    for (const last of ['1', '"1"']) {
      const cr = own(`d-1,c-22,1736.67,2026-03-17,won,default,755.93,0.26,322.39,${last}\rnext\n`);
      expect(line.read(cr, wordsOf(cr), 0, cr.length)).toBe(-1);
      expect(line.read(cr, null, 0, cr.length)).toBe(-1);
    }
  });

  it('leaves a line the scanner finds fault with to it: a quote inside a cell, text after a closing quote', () => {
    const header = ['id', 'company_id', 'amount', 'close_date', 'status', 'pipeline', 'cost', 'margin_pct', 'discount', 'order_count', 'note'];
    const line = new DealLine(header, 44, DOT_DECIMAL, companies.set);
    const good = ['d-1', 'c-22', '1736.67', '2026-03-17', 'won', 'default', '755.93', '0.26', '322.39', '1', 'note'];
    const read = (cells: string[]) => {
      const text = Buffer.from(`${cells.join(',')}\n`);
      return line.read(text, wordsOf(text), 0, text.length);
    };
    expect(read(good)).toBeGreaterThan(0);
    for (const [k, cell] of good.entries()) {
      for (const fault of [`${cell}"`, `a"${cell}`, `"${cell}"x`, `"${cell}`]) {
        const cells = good.with(k, fault);
        expect(read(cells), cells.join(',')).toBe(-1);
      }
    }
    // A doubled quote is text only inside quotes; in a column read here, not even there (its bytes would not be its text).
    expect(read(good.with(10, '"say ""hi"""'))).toBeGreaterThan(0);
    for (let k = 0; k < 10; k++) expect(read(good.with(k, `"${good[k]!}"""`)), header[k]).toBe(-1);
  });

  it('takes the company of the line before by its bytes only when they were its whole cell', () => {
    const header = ['id', 'company_id', 'amount', 'close_date', 'status'];
    for (const [delimiter, readsPlain] of [[',', false], ['\t', true]] as const) {
      const line = new DealLine(header, delimiter.charCodeAt(0), DOT_DECIMAL, companies.set);
      const read = (s: string) => line.read(Buffer.from(s), null, 0, Buffer.byteLength(s));
      const quoted = ['d-1', '"c,4;x"', '10', '2026-03-17', 'won'].join(delimiter) + '\n';
      expect(read(quoted)).toBe(quoted.length);
      expect(line.slot).toBe(4);
      // Not quoted, that id is several cells to the scanner, unless the file is tab-separated.
      const plain = ['d-2', 'c,4;x', '10', '2026-03-17', 'won'].join(delimiter) + '\n';
      expect(read(plain)).toBe(readsPlain ? plain.length : -1);
      expect(read(plain)).toBe(readsPlain ? plain.length : -1);
    }
  });

  it('gives every field of a line, NaN for an empty optional number (as putDeal stores it), and where its money cells are', () => {
    const header = ['id', 'company_id', 'amount', 'close_date', 'status', 'pipeline', 'cost', 'margin_pct', 'discount', 'order_count', 'note'];
    const line = new DealLine(header, 59, DUTCH, companies.set);
    const text = Buffer.from('d-7;"c-333";1.234,56;2026-07-11T09:54:00.000Z;open;projects;;0,25;"12,5";3;"a ""note"""\r\n');
    expect(line.read(text, null, 0, text.length)).toBe(text.length);
    expect(text.toString('utf8', line.idStart, line.idEnd)).toBe('d-7');
    expect(line).toMatchObject({ slot: 2, amount: 1234.56, closeDate: Date.parse('2026-07-11T09:54:00.000Z'), status: 'open', pipeline: 'projects', cost: Number.NaN, marginPct: 0.25, discount: 12.5, orderCount: 3 });
    const cell = (k: number) => text.toString('utf8', line.amountCells[2 * k], line.amountCells[2 * k + 1]);
    expect([cell(0), cell(1), cell(2)]).toEqual(['1.234,56', '', '12,5']);
    // Decimals after a single dot known from the pass (an empty cell has none); the others' bytes are for DutchAmounts to look at.
    expect([...line.amountDecimals]).toEqual([-2, -1, -2]);
    // A column the header lacks has no cell; the optional fields of the line before do not stay.
    const lean = new DealLine(['id', 'company_id', 'amount', 'close_date', 'status', 'discount'], 44, DOT_DECIMAL, companies.set);
    const short = Buffer.from('d-8,c-1,14.873,2026-03-17,won,\n');
    expect(lean.read(short, null, 0, short.length)).toBe(short.length);
    expect([...lean.amountCells.subarray(2, 4)]).toEqual([-1, -1]);
    expect([lean.amountDecimals[0], lean.amountDecimals[2]]).toEqual([3, -1]);
    expect(line.read(Buffer.from('d-9;c-1;5;2026-03-17;won;;;;;;\n'), null, 0, 31)).toBe(31);
    expect(line).toMatchObject({ pipeline: undefined, marginPct: Number.NaN, discount: Number.NaN, orderCount: Number.NaN });
  });

  it('needs id, company_id, amount, close_date and status in the header', () => {
    expect(new DealLine(['id', 'company_id', 'amount', 'close_date', 'status'], 44, DOT_DECIMAL, companies.set).usable).toBe(true);
    expect(new DealLine(['id', 'company_id', 'amount', 'close_date', 'pipeline'], 44, DOT_DECIMAL, companies.set).usable).toBe(false);
  });
});
