// How the CLI prints results: a readable table, JSON (PRODUCT.md §5 names without the kw_
// prefix, plus company_id) or CSV with the same columns.
import { NUMERIC_PROPERTIES, PROPERTY_NAMES, resultProperties, type PropertyName } from '../domain/crm-properties.ts';
import { isoDate } from '../domain/time.ts';
import type { Instant } from '../domain/records.ts';
import type { CompanyResult } from '../domain/results.ts';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type ResultRecord = Record<string, string | number | null>;

/** One company as the JSON/CSV record: the CRM properties with numbers as numbers. */
export function resultRecord(result: CompanyResult, calculatedAt: Instant): ResultRecord {
  const record: ResultRecord = { company_id: result.companyId };
  for (const [name, value] of Object.entries(resultProperties(result, calculatedAt))) {
    record[name] = value !== null && NUMERIC_PROPERTIES.has(name as PropertyName) ? Number(value) : value;
  }
  return record;
}

/** JSON and CSV are written as the results come (one at a time is fine); the table sorts them all first. */
export function* formatResults(results: Iterable<CompanyResult>, calculatedAt: Instant, format: OutputFormat): Generator<string> {
  if (format !== 'table') {
    const ends = documentEnds(format);
    yield ends.opening;
    let empty = true;
    for (const record of formatRecords(results, calculatedAt, format, true)) {
      empty = false;
      yield record;
    }
    const closing = ends.closing(empty);
    if (closing !== '') yield closing;
    return;
  }
  const rows = [...results]
    .sort((a, b) => (a.valueRank ?? Infinity) - (b.valueRank ?? Infinity) || a.companyId.localeCompare(b.companyId))
    .map((r) => [
      r.companyId,
      truncate(r.name, 28),
      r.segment ?? '-',
      r.segmentComputed ?? '-',
      r.pyramidLevel,
      money(r.revenue),
      money(r.costToServe),
      money(r.netContribution),
      money(r.totalValue),
      r.serviceFlag,
      r.recommendedAction,
    ]);
  yield* table(['company', 'name', 'seg', 'model', 'pyramid', 'revenue', 'cost', 'net', 'total value', 'service', 'action'], rows, [5, 6, 7, 8]);
}

/** What a JSON or CSV document of results starts and ends with (`empty`: it holds no record). */
export function documentEnds(format: 'json' | 'csv'): { opening: string; closing(empty: boolean): string } {
  if (format === 'json') return { opening: '[', closing: (empty) => (empty ? ']\n' : '\n]\n') };
  return { opening: `${['company_id', ...PROPERTY_NAMES].join(',')}\n`, closing: () => '' };
}

/**
 * The JSON or CSV records of the results, without the document's opening and closing (a
 * document made in parts). `first`: the first result is the document's first record — JSON
 * puts a comma before every other.
 */
export function* formatRecords(results: Iterable<CompanyResult>, calculatedAt: Instant, format: 'json' | 'csv', first: boolean): Generator<string> {
  if (format === 'json') {
    for (const result of results) {
      yield `${first ? '' : ','}\n  ${JSON.stringify(resultRecord(result, calculatedAt))}`;
      first = false;
    }
    return;
  }
  const at = csvCell(new Date(calculatedAt).toISOString());
  for (const result of results) yield csvLine(result, at);
}

/**
 * One result's CSV line, with its line break: the properties of resultProperties, each as its
 * cell — a number as numberText prints it, text as csvCell makes it — in PROPERTY_NAMES order,
 * made straight from the result (100,000 companies print without a property object and nine
 * money texts each, read back as numbers). `calculatedAt`: the run's time as its cell.
 */
export function csvLine(r: CompanyResult, calculatedAt: string): string {
  // Joined, not added cell by cell: one flat string per line instead of a rope of dozens of pieces to flatten on write.
  const cells = new Array<string>(CSV_COLUMNS);
  cells[0] = csvCell(r.companyId);
  cells[1] = csvCell(r.segment);
  cells[2] = csvCell(r.segmentComputed);
  cells[3] = csvCell(r.override?.segment ?? null);
  cells[4] = csvCell(r.override?.reason ?? null);
  cells[5] = csvCell(r.pyramidLevel);
  cells[6] = moneyCell(r.revenue);
  cells[7] = moneyCell(r.grossMargin);
  cells[8] = moneyCell(r.costToServe);
  cells[9] = moneyCell(r.netContribution);
  cells[10] = moneyCell(r.clv);
  cells[11] = moneyCell(r.strategicValue);
  cells[12] = moneyCell(r.totalValue);
  cells[13] = moneyCell(r.growthPotential);
  cells[14] = r.shareOfWallet === null ? '' : moneyCell(r.shareOfWallet * 100);
  cells[15] = r.valueRank === null ? '' : numberText(String(r.valueRank));
  cells[16] = r.nextContactDate === null ? '' : csvCell(isoDate(r.nextContactDate));
  cells[17] = r.contactOverdue ? 'yes' : 'no';
  cells[18] = csvCell(r.contactPlan);
  cells[19] = csvCell(r.serviceFlag);
  cells[20] = csvCell(r.recommendedAction);
  cells[21] = csvCell(r.explanation);
  cells[22] = `${calculatedAt}\n`;
  return cells.join(',');
}

/** The company id and the properties: the CSV's columns (csvLine writes them in this order). */
const CSV_COLUMNS = 1 + PROPERTY_NAMES.length;

/**
 * A money property's cell, numberText(money(value)), without the text in between: numberText
 * is String(Number(text)), and money's text reads back as the value rounded to cents itself
 * (at any scale: it is within half a cent of that double, and no other double is closer), so
 * the cell is String() of that.
 */
export function moneyCell(value: number): string {
  const hundredths = Math.round(value * 100);
  if (hundredths === 0) return '0';
  // Below 10^13 that text is the whole hundredths' digits with the decimal point put in and
  // trailing zeros cut (no other number of two decimals is as close): integer digits are
  // quicker to make than a double's shortest text.
  if (!(Math.abs(hundredths) < 1e15)) return String(hundredths / 100);
  const abs = Math.abs(hundredths);
  const fraction = abs % 100;
  const whole = `${hundredths < 0 ? '-' : ''}${(abs - fraction) / 100}`;
  if (fraction === 0) return whole;
  return fraction % 10 === 0 ? `${whole}.${fraction / 10}` : `${whole}.${fraction < 10 ? '0' : ''}${fraction}`;
}

export const BLOCK_BYTES = 1 << 16;

/**
 * Writes the chunks, terminal-safe, in blocks of about 64 kB: a line per write would be a
 * system call per company.
 */
export function writeBlocks(stream: NodeJS.WritableStream, chunks: Iterable<string>): void {
  for (const block of encodeBlocks(chunks)) stream.write(block);
}

/**
 * The chunks as terminal-safe UTF-8 in blocks of about 64 kB, each on a buffer of its own (a
 * written block may still be queued, or be handed to another thread). Each chunk is encoded
 * into the block as it comes (adding the text up first and encoding the whole would flatten a
 * string of thousands of pieces).
 */
export function* encodeBlocks(chunks: Iterable<string>): Generator<Buffer> {
  let block = Buffer.allocUnsafe(BLOCK_BYTES);
  let used = 0;
  for (const chunk of chunks) {
    const text = terminalText(chunk);
    // At most three bytes per UTF-16 unit.
    if (used + text.length * 3 > block.length) {
      if (used > 0) yield block.subarray(0, used);
      block = Buffer.allocUnsafe(Math.max(BLOCK_BYTES, text.length * 3));
      used = 0;
    }
    used += block.write(text, used);
  }
  if (used > 0) yield block.subarray(0, used);
}

/**
 * Prints results handed over in chunks (a full run's): JSON and CSV as they come, one
 * document across the chunks; the table once all are there (it sorts them by rank).
 */
export function resultPrinter(stream: NodeJS.WritableStream, format: OutputFormat): { add(results: readonly CompanyResult[], calculatedAt: Instant): void; end(calculatedAt: Instant): void } {
  const all: CompanyResult[] = [];
  let opened = false;
  let printed = 0;
  return {
    add(results, calculatedAt) {
      if (format === 'table') {
        for (const r of results) all.push(r);
        return;
      }
      // The document opens with the first chunk, even an empty one; JSON puts a comma before every record but the first.
      const records = formatRecords(results, calculatedAt, format, printed === 0);
      writeBlocks(stream, opened ? records : prefixed(documentEnds(format).opening, records));
      opened = true;
      printed += results.length;
    },
    end(calculatedAt) {
      if (format === 'table') writeBlocks(stream, formatResults(all, calculatedAt, format));
      else if (!opened) writeBlocks(stream, formatResults([], calculatedAt, format));
      else writeBlocks(stream, [documentEnds(format).closing(false)]);
    },
  };
}

/** The first text, then the rest. */
export function* prefixed(first: string, rest: Iterable<string>): Generator<string> {
  yield first;
  yield* rest;
}

/**
 * A numeric property's text as a number prints: String(Number(text)), so 12.50 is 12.5 and
 * 3.00 is 3. Fixed-point text of up to 15 digits is trimmed as it is, without the round trip.
 */
export function numberText(text: string): string {
  if (text.length > 15 || !/^-?\d+(?:\.\d+)?$/.test(text)) return String(Number(text));
  if (!text.includes('.')) return text.length > 1 && (text[0] === '0' || text.startsWith('-0')) ? String(Number(text)) : text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--; // trailing zeros of the fraction
  if (text.charCodeAt(end - 1) === 46) end--; // and its dot
  const trimmed = text.slice(0, end);
  return trimmed === '-0' ? '0' : trimmed;
}

// Spreadsheets run a cell that starts with one of these as a formula (=HYPERLINK(…), +cmd|…).
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * One CSV cell. Text that a spreadsheet would run as a formula gets a leading apostrophe
 * (shown as text, the OWASP advice). Numbers are never touched, and neither is text that is
 * a plain number (an id like -1, a reason "-37393.12"): a number cannot be a formula.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  let s = value;
  if (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  if (!/[",\n\r]/.test(s)) return s;
  // Most quoted cells hold commas, not quotes: no copy of them with none replaced.
  return s.includes('"') ? `"${s.replaceAll('"', '""')}"` : `"${s}"`;
}

/* eslint-disable no-control-regex -- these patterns exist to find control characters */
// ESC or CSI (0x9b) sequences: CSI … final byte, OSC … BEL/ST, or ESC and one more character.
const ESCAPE_SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]?/g;
const CONTROL_BUT_LINE_BREAKS = /[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]/g;
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
/** A control character besides line breaks and tabs (every escape sequence starts with one). */
const UNSAFE = /[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]/;
const WHITESPACE_CONTROL = /[\t\n\r\v\f]/g;
/* eslint-enable no-control-regex */

/**
 * Text on its way to a terminal: CRM text could carry escape sequences that clear the
 * screen, retitle the window or fake output. Line breaks and tabs stay; every other control
 * character and sequence goes.
 */
export function terminalText(text: string): string {
  // Nearly every chunk is a line ending in a line break: tested once, left as it is.
  if (!UNSAFE.test(text)) return text;
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL_BUT_LINE_BREAKS, '');
}

/** A table cell: terminal-safe, on one line. */
export function plainCell(text: string): string {
  if (!CONTROL.test(text)) return text;
  return terminalText(text.replace(WHITESPACE_CONTROL, ' '));
}

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export function money(value: number): string {
  return whole.format(Math.round(value) === 0 ? 0 : value);
}

/** A count with thousands separators: 1,221,080. */
export function count(value: number): string {
  return whole.format(value);
}

/** "1 deal", "2,994 deals": the count with its noun in the right number. */
export function counted(value: number, singular: string, plural = `${singular}s`): string {
  return `${count(value)} ${value === 1 ? singular : plural}`;
}

export function percent(value: number | null): string {
  return value === null ? '-' : `${(value * 100).toFixed(1)}%`;
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A plain text table; columns listed in `rightAligned` are numbers. */
export function* table(header: string[], cells: string[][], rightAligned: number[] = []): Generator<string> {
  const rows = cells.map((row) => row.map(plainCell));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd() + '\n';
  yield line(header);
  yield line(widths.map((w) => '-'.repeat(w)));
  for (const row of rows) yield line(row);
}
