// node bench/deal-line.bench.ts [folder] — deals.csv of the 100k-company sample (~1M rows, made
// by bench:pipeline) read in this one thread, as a reading thread reads it: in one pass per line
// (DealLine, with the Dutch-amount check on the money cells it found: DutchAmounts.watchCells),
// against the checked way (the scanner cuts each row into cells, CsvRow loads them,
// DutchAmounts.watch and mapDeal read them), and the scanner alone for scale. Prints ns per
// row (the file read from the page cache included) of each of 4 rounds; the rows, the sum of
// their amounts and the Dutch-amount observations must agree between the two ways.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { DOT_DECIMAL } from '../src/adapters/crm/file/cell-parsers.ts';
import { CSV_FILES } from '../src/adapters/crm/file/csv.columns.ts';
import { CsvRow } from '../src/adapters/crm/file/csv.row.ts';
import { scanCsvFile, sniffDelimiter, type CsvRecord, type LineReader } from '../src/adapters/crm/file/csv.scanner.ts';
import { DealLine } from '../src/adapters/crm/file/deal.line.ts';
import { DEAL_AMOUNTS, DutchAmounts } from '../src/adapters/crm/file/dutch-amounts.ts';
import { rowMappers } from '../src/adapters/crm/file/file.mapper.ts';
import { ImportErrorLog } from '../src/adapters/crm/file/import-error.ts';
import { KnownCompany, readKnownCompanies } from '../src/adapters/crm/file/known-company.ts';

const FOLDER = process.argv[2] ?? '/tmp/klantwaarde-bench/sample-100000-11';
const ROUNDS = 4;
const path = join(FOLDER, 'deals.csv');
const spec = CSV_FILES.deals;
const numbers = DOT_DECIMAL;

const known = await readKnownCompanies(join(FOLDER, 'companies.csv'));
const delimiter = await sniffDelimiter(path);
// The header line, read past: the rows start after it, on line 2.
const head = Buffer.alloc(64 << 10);
const file = await open(path, 'r');
const { bytesRead } = await file.read(head, 0, head.length, 0);
await file.close();
const headerEnd = head.subarray(0, bytesRead).indexOf(10) + 1;
const header = head.toString('utf8', 0, headerEnd).trim().split(String.fromCharCode(delimiter)).map((name) => name.trim());
const rows = { start: headerEnd, linesBefore: 1, delimiter };

interface Tally {
  rows: number;
  sum: number;
  dutch: DutchAmounts;
}

/** A row the fast readers leave, the checked way (as records.worker.ts does it). */
function checkedReader(dutch: DutchAmounts, tally: Tally): (record: CsvRecord) => void {
  const company = new KnownCompany(known);
  const row = new CsvRow(spec, header, new ImportErrorLog());
  const { mapDeal } = rowMappers(numbers);
  const scratch = {} as Parameters<typeof mapDeal>[2] & object;
  return (record) => {
    if (!row.load(record)) return;
    dutch.watch(row, spec.name, DEAL_AMOUNTS);
    const deal = mapDeal(row, company, scratch);
    if (deal === undefined) return;
    tally.rows++;
    tally.sum += deal.amount;
  };
}

/** The checked way alone: every row scanned into cells, loaded by CsvRow, watched for Dutch amounts and mapped (what the line reader leaves). */
async function checkedOnly(): Promise<Tally> {
  const tally: Tally = { rows: 0, sum: 0, dutch: new DutchAmounts() };
  await scanCsvFile(path, checkedReader(tally.dutch, tally), rows);
  return tally;
}

/** One pass per line: DealLine, and DutchAmounts.watchCells on the money cells it found. */
async function oneLine(): Promise<Tally> {
  const tally: Tally = { rows: 0, sum: 0, dutch: new DutchAmounts() };
  const line = new DealLine(header, delimiter, numbers, known.set);
  const lineReader: LineReader = {
    lines: 0,
    readLines(bytes, words, at, end, lineNumber) {
      for (;; lineNumber++) {
        const next = line.read(bytes, words, at, end);
        if (next < 0) return at;
        tally.dutch.watchCells(spec.name, DEAL_AMOUNTS, bytes, line.amountCells, lineNumber, line.amountDecimals);
        tally.rows++;
        tally.sum += line.amount;
        this.lines++;
        at = next;
      }
    },
  };
  await scanCsvFile(path, checkedReader(tally.dutch, tally), { ...rows, lineReader });
  return tally;
}

/** The scanner alone, every row cut into cells and nothing read of them. */
async function scanOnly(): Promise<Tally> {
  const tally: Tally = { rows: 0, sum: 0, dutch: new DutchAmounts() };
  await scanCsvFile(path, () => void tally.rows++, rows);
  return tally;
}

const ways = { 'scan only': scanOnly, 'checked (scan + CsvRow + watch + map)': checkedOnly, 'DealLine (one pass + watchCells)': oneLine };
const results = new Map<string, Tally>();
for (let round = 1; round <= ROUNDS; round++) {
  for (const [name, read] of Object.entries(ways)) {
    const started = process.hrtime.bigint();
    const tally = await read();
    const ns = Number(process.hrtime.bigint() - started);
    results.set(name, tally);
    console.log(`round ${round}  ${name.padEnd(36)} ${(ns / tally.rows).toFixed(0).padStart(4)} ns/row  (${tally.rows} rows, amounts ${tally.sum.toFixed(2)})`);
  }
}
const [before, after] = [results.get('checked (scan + CsvRow + watch + map)')!, results.get('DealLine (one pass + watchCells)')!];
const same = before.rows === after.rows && before.sum === after.sum && JSON.stringify(before.dutch.seen(spec.name)) === JSON.stringify(after.dutch.seen(spec.name));
console.log(same ? 'both ways read the same rows, amounts and Dutch-amount observations' : 'MISMATCH between the two ways');
if (!same) process.exitCode = 1;
