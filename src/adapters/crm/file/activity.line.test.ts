// The one-pass line reader reads a line only when the scanner and the checked reader would read
// it, and then to the same values and the same line end — for every delimiter, CRLF, header
// order, unknown column and a line cut off by the end of the buffer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../app/sample/prng.ts';
import type { Activity } from '../../../domain/records.ts';
import { ActivityLine } from './activity.line.ts';
import { DOT_DECIMAL, type NumberFormat } from './cell-parsers.ts';
import { scanCsvFile, wordsOf, type CsvRecord } from './csv.scanner.ts';
import { CSV_FILES } from './csv.columns.ts';
import { CsvRow } from './csv.row.ts';
import { rowMappers } from './file.mapper.ts';
import { ImportErrorLog } from './import-error.ts';
import { KnownCompany, knownCompanies } from './known-company.ts';

const DUTCH: NumberFormat = { decimal: ',', thousands: '.' };
const companies = knownCompanies(['c-1', 'c-22', 'c-333', 'bedrijf-ü']);

const SHAPES: Record<string, string[]> = {
  id: ['a-1', 'a-22', 'a-ü', '"a-4"', '""', '', ' a-3', '"a ""5"""'],
  company_id: ['c-1', 'c-22', 'c-333', 'bedrijf-ü', '"c-1"', 'c-4', '', '"c-4"', 'c-1 ', '" c-1"'],
  type: ['call', 'visit', 'ticket', 'email', '"call"', 'note', 'task', 'meeting', 'CALL', 'fax', '', '"fax"'],
  occurred_at: ['2026-07-11T09:54:00.000Z', '2025-03-01', '2026-02-30T10:00:00.000Z', '2026-07-11T24:00:00.000Z', '"2026-07-11T09:54:00.000Z"', '"2026-07-11"', '2026-07-11T09:54:00Z', '2026-07-11 09:54', '', '2026-07-11T09:54:00.000ZZ', '"2026-02-30"'],
  duration_minutes: ['', '9', '12.5', '0', '"15"', '""', '-3', '1e2', '007', '1,5', '1.234,5', 'abc', '"1,5"'],
  owner_role: ['', 'inside_sales', 'account_manager', 'rôle-ü', '"quoted"', '""', 'a role with spaces', 'tab\there', '"a ""quoted"" role"', '" padded "'],
  contact_layer: ['', 'operational', 'decision', 'management', '"decision"', '""', 'ceo', '"ceo"'],
  note: ['', 'free text', '"a, quoted; note"', '"say ""hi"", twice"', '""', 'x', '"two\nlines"'],
};

/** How many of each column's shapes above are the common ones (plain, valid or not). */
const COMMON: Record<string, number> = { id: 4, company_id: 5, type: 5, occurred_at: 6, duration_minutes: 6, owner_role: 6, contact_layer: 6, note: 5 };

/**
 * What the scanner and the checked reader (CsvRow + mapActivity, as a reading thread uses them)
 * make of each record of the text: its values, or null when the row is refused.
 */
async function byCheckedReader(text: string, header: string[], delimiter: number, numbers: NumberFormat): Promise<{ end: number; values: unknown }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kw-line-'));
  const path = join(dir, 'activities.csv');
  writeFileSync(path, text);
  const company = new KnownCompany(companies);
  const { mapActivity } = rowMappers(numbers);
  const row = new CsvRow(CSV_FILES.activities, header, new ImportErrorLog());
  const scratch = {} as Activity;
  const idAt = header.indexOf('id');
  const out: { end: number; values: unknown }[] = [];
  await scanCsvFile(path, (r: CsvRecord) => {
    const a = row.load(r) ? mapActivity(row, company, scratch) : undefined;
    out.push({
      end: r.fileOffset,
      values: a ? { id: r.text(idAt), slot: company.lastSlot, type: a.type, occurredAt: a.occurredAt, durationMinutes: a.durationMinutes, ownerRole: a.ownerRole, contactLayer: a.contactLayer } : null,
    });
  }, { delimiter });
  return out;
}

function byLine(line: ActivityLine, bytes: Buffer, at: number, end: number): { end: number; values: unknown } {
  const next = line.read(bytes, wordsOf(bytes), at, end);
  if (next < 0) return { end: -1, values: null };
  const duration = Number.isNaN(line.durationMinutes) ? undefined : line.durationMinutes;
  return {
    end: next,
    values: { id: bytes.toString('utf8', line.idStart, line.idEnd), slot: line.slot, type: line.type, occurredAt: line.occurredAt, durationMinutes: duration, ownerRole: line.ownerRole, contactLayer: line.contactLayer },
  };
}

describe('an activities.csv line read in one pass', () => {
  it('is read only when the checked reader reads it, to the same values and line end', async () => {
    const random = createRandom(3);
    const next = () => random.next();
    const pick = <T,>(xs: readonly T[]): T => random.pick(xs);
    let read = 0;
    let quotedRead = 0;
    const passed: string[] = [];
    for (let n = 0; n < 120; n++) {
      const delimiter = pick([',', ';', '\t']);
      const numbers = delimiter === ';' ? DUTCH : DOT_DECIMAL;
      const columns = ['id', 'company_id', 'type', 'occurred_at', 'duration_minutes', 'owner_role', 'contact_layer'];
      // Sometimes another order, a column of someone else's, or an optional column left out.
      if (next() < 0.3) columns.sort(() => next() - 0.5);
      if (next() < 0.3) columns.splice(Math.floor(next() * columns.length), 0, 'note');
      if (next() < 0.2) columns.splice(columns.indexOf(pick(['duration_minutes', 'owner_role', 'contact_layer'])), 1);
      const eol = next() < 0.3 ? '\r\n' : '\n';
      const common: boolean[] = [];
      const lines = Array.from({ length: 40 }, () => {
        // Mostly the common shape; now and then any shape, a cell too many or too few.
        common.push(next() < 0.6);
        const cells = columns.map((c) => pick(common.at(-1) ? SHAPES[c]!.slice(0, COMMON[c]) : SHAPES[c]!));
        if (!common.at(-1) && next() < 0.1) cells.push('extra');
        if (!common.at(-1) && next() < 0.1) cells.pop();
        return cells.join(delimiter);
      });
      const text = lines.join(eol) + eol;
      const bytes = Buffer.from(text, 'utf8');
      const header = columns;
      const expected = await byCheckedReader(text, header, delimiter.charCodeAt(0), numbers);
      const line = new ActivityLine(header, delimiter.charCodeAt(0), numbers, companies.set);
      // Each line from where the scanner started it (a record of a line with a quote may span more).
      let at = 0;
      for (const [k, want] of expected.entries()) {
        const got = byLine(line, bytes, at, bytes.length);
        if (got.end >= 0) {
          read++;
          if (lines[k]!.includes('"')) quotedRead++;
          expect(got, `case ${n} line ${k}: ${JSON.stringify(lines[k])}`).toEqual(want);
        } else if (want.values !== null && common[k]) {
          passed.push(lines[k]!);
        }
        at = want.end;
      }
    }
    // Every line of the common shape the checked reader takes is read here, quoted cells included;
    // it leaves doubled quotes in its own columns, line breaks inside quotes and wrong widths to the scanner.
    expect(read).toBeGreaterThan(1000);
    expect(quotedRead).toBeGreaterThan(50);
    expect(passed, 'lines of the common shape left to the scanner').toEqual([]);
  });

  it('leaves a line to the scanner when it does not end in a line break before the end of the buffer', () => {
    const header = ['id', 'company_id', 'type', 'occurred_at', 'duration_minutes', 'owner_role', 'contact_layer'];
    const line = new ActivityLine(header, 44, DOT_DECIMAL, companies.set);
    // A buffer of its own starts on a word, so it is read four bytes at a time; without words, byte by byte.
    const own = (s: string) => Buffer.alloc(Buffer.byteLength(s), s);
    const text = own('a-1,c-22,call,2026-07-11T09:54:00.000Z,9,inside_sales,operational\n');
    for (const words of [wordsOf(text), null]) {
      expect(line.read(text, words, 0, text.length)).toBe(text.length);
      for (let end = 0; end < text.length; end++) expect(line.read(text, words, 0, end), `cut at ${end}`).toBe(-1);
    }
    expect(wordsOf(text)).not.toBeNull();
    // A lone CR is a line break to the scanner: left to it.
    const cr = own('a-1,c-22,call,2026-07-11T09:54:00.000Z,9,inside_sales,operational\rnext\n');
    expect(line.read(cr, wordsOf(cr), 0, cr.length)).toBe(-1);
    expect(line.read(cr, null, 0, cr.length)).toBe(-1);
  });

  it('reads past a quoted cell of a column it does not read, but leaves a line break inside one to the scanner', () => {
    const header = ['id', 'company_id', 'type', 'occurred_at', 'note', 'owner_role'];
    const line = new ActivityLine(header, 44, DOT_DECIMAL, companies.set);
    const own = (s: string) => Buffer.alloc(Buffer.byteLength(s), s);
    const read = (s: string) => line.read(own(s), null, 0, Buffer.byteLength(s));
    const start = 'a-1,c-22,call,2026-07-11T09:54:00.000Z,';
    const quoted = `${start}"a, b; ""c""",inside_sales\n`;
    expect(read(quoted)).toBe(Buffer.byteLength(quoted));
    expect(line.ownerRole).toBe('inside_sales');
    const empty = `${start}"",inside_sales\r\n`;
    expect(read(empty)).toBe(Buffer.byteLength(empty));
    // A line break inside the quotes makes the record span lines: the scanner counts them.
    expect(read(`${start}"two\nlines",inside_sales\n`)).toBe(-1);
    expect(read(`${start}"two\r\nlines",inside_sales\n`)).toBe(-1);
    // Not closed on the line, or text after the closing quote (the scanner reports the fault).
    expect(read(`${start}"open,inside_sales\n`)).toBe(-1);
    expect(read(`${start}"closed"x,inside_sales\n`)).toBe(-1);
    // A quoted cell of a column it reads is read between its quotes, unless it holds a quote itself.
    expect(read(`${start}note,"account_manager"\n`)).toBe(Buffer.byteLength(`${start}note,"account_manager"\n`));
    expect(line.ownerRole).toBe('account_manager');
    expect(read(`${start}note,"inside ""sales"""\n`)).toBe(-1);
  });

  it('takes the company of the line before only when the cell is that company’s whole id', () => {
    const known = knownCompanies(['c-1', 'c-10', 'c-2', 'b-1']);
    const line = new ActivityLine(['id', 'company_id', 'type', 'occurred_at'], 44, DOT_DECIMAL, known.set);
    const own = (s: string) => Buffer.alloc(Buffer.byteLength(s), s);
    const slotOf = (company: string) => {
      const text = own(`a-1,${company},call,2026-07-11\n`);
      return line.read(text, wordsOf(text), 0, text.length) < 0 ? null : line.slot;
    };
    // c-1 kept; then longer and shorter ids that start like it, ids that differ in one byte, the same one quoted, unknown ones.
    const ids = ['c-1', 'c-1', 'c-10', 'c-1', 'c-2', 'c-1', 'b-1', 'c-1', 'x-1', '"c-1"', 'c-1', 'c-1x', 'c-1', 'c-', 'c-1 ', 'c-1'];
    expect(ids.map(slotOf)).toEqual([0, 0, 1, 0, 2, 0, 3, 0, null, 0, 0, null, 0, null, null, 0]);
    // The company in the last column: kept with its line break after it (LF; a CRLF line is read the long way, to the same slot).
    const last = new ActivityLine(['id', 'type', 'occurred_at', 'company_id'], 44, DOT_DECIMAL, known.set);
    const read = (s: string) => (last.read(own(s), null, 0, Buffer.byteLength(s)) < 0 ? null : last.slot);
    expect(['a,call,2026-07-11,c-10\n', 'a,call,2026-07-11,c-10\n', 'a,call,2026-07-11,c-10\r\n', 'a,call,2026-07-11,c-1\n', 'a,call,2026-07-11,c-10\n'].map(read)).toEqual([1, 1, 1, 0, 1]);
  });

  it('needs id, company_id, type and occurred_at in the header', () => {
    expect(new ActivityLine(['id', 'company_id', 'type', 'occurred_at'], 44, DOT_DECIMAL, companies.set).usable).toBe(true);
    expect(new ActivityLine(['id', 'company_id', 'type', 'duration_minutes'], 44, DOT_DECIMAL, companies.set).usable).toBe(false);
  });
});
