// The one-pass companies.csv line reader reads a line only when the scanner and the checked
// reader would read it, and then to the same Company (the same fields, set in the same order)
// and the same line end — for every delimiter, CRLF, header order and unknown column. A whole
// folder reads to the same companies and the same errors as the checked reader alone.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../app/sample/prng.ts';
import type { Company } from '../../../domain/records.ts';
import { DOT_DECIMAL, type NumberFormat } from './cell-parsers.ts';
import { CompanyLine } from './company.line.ts';
import { CSV_FILES } from './csv.columns.ts';
import { readPortfolioCsv } from './csv.reader.ts';
import { CsvRow } from './csv.row.ts';
import { scanCsvFile, wordsOf, type CsvRecord } from './csv.scanner.ts';
import { COMPANY_LABELS, rowMappers } from './file.mapper.ts';
import { ImportErrorLog } from './import-error.ts';

const DUTCH: NumberFormat = { decimal: ',', thousands: '.' };

const SHAPES: Record<string, string[]> = {
  id: ['c-1', 'c-22', 'c-ü', '"c-4"', '', '""', ' c-3', '"c ""5"""'],
  name: ['Hendriks Zorg B.V.', 'Bakkerij ’t Hoekje', '"Jansen, Zonen & Co"', 'x', '', '""', '"Het ""Anker"""'],
  parent_id: ['', 'c-9', '"c-9"', 'c-1', '""', '"p ""1"""'],
  industry: ['', 'hospitality', 'wholesale', 'zorg-ü', '"retail"', '""', 'a sector with spaces'],
  employees: ['', '8', '120', '"15"', '0', '3.0', '-3', '12.5', '1e2', '1.234', 'many'],
  annual_revenue: ['', '1896000', '14873.50', '14.873', '"250000"', '0', '-5', '1.234.567', '1,5', 'n/a'],
  lifecycle_stage: ['', 'customer', 'lead', '"opportunity"', '""', 'klant ü'],
  owner_id: ['', 'owner-5', 'owner-12', '"owner-1"', '""'],
  created_at: ['', '2020-10-19T16:15:00.000Z', '2024-11-22', '"2021-01-01"', '2026-02-30', '2024-11-22 10:00', '2024-11-22T10:00:00+02:00', 'yesterday'],
  is_reference: ['', 'true', 'false', '"true"', 'TRUE', 'yes'],
  codevelopment: ['', 'false', 'true', '"false"', '1'],
  estimated_wallet: ['', '172500', '99.95', '"5000"', '12.345', '-1', 'lots'],
  satisfaction: ['', '8', '7.5', '"9"', '0', '-2', 'good'],
  notes: ['', 'free text', '"a, quoted; note"', '"say ""hi"", twice"', '"two\nlines"'],
};

/** How many of each column's shapes above are plain ones a line reader may take (valid or not). */
const COMMON: Record<string, number> = { id: 4, name: 4, parent_id: 3, industry: 5, employees: 6, annual_revenue: 6, lifecycle_stage: 4, owner_id: 4, created_at: 5, is_reference: 4, codevelopment: 4, estimated_wallet: 5, satisfaction: 5, notes: 4 };

interface Read {
  end: number;
  company: Company | null;
  keys: string[] | null;
  id: string | null;
}

/** What the scanner and the checked reader (CsvRow + mapCompany) make of each record of the text. */
async function byCheckedReader(text: string, header: string[], delimiter: number, numbers: NumberFormat, everyField: boolean): Promise<Read[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kw-company-line-'));
  const path = join(dir, 'companies.csv');
  writeFileSync(path, text);
  const { mapCompany } = rowMappers(numbers, { everyCompanyField: everyField });
  const row = new CsvRow(CSV_FILES.companies, header, new ImportErrorLog());
  const out: Read[] = [];
  await scanCsvFile(path, (r: CsvRecord) => {
    const company = row.load(r) ? mapCompany(row) : undefined;
    out.push({ end: r.fileOffset, company: company ?? null, keys: company ? Object.keys(company) : null, id: company ? company.id : null });
  }, { delimiter });
  return out;
}

function byLine(line: CompanyLine, bytes: Buffer, at: number, end: number): Read {
  const next = line.read(bytes, wordsOf(bytes), at, end);
  if (next < 0) return { end: -1, company: null, keys: null, id: null };
  return { end: next, company: line.company, keys: Object.keys(line.company!), id: bytes.toString('utf8', line.idStart, line.idEnd) };
}

describe('a companies.csv line read in one pass', () => {
  it('is read only when the checked reader reads it, to the same company, fields in the same order, and the same line end', async () => {
    const random = createRandom(5);
    const next = () => random.next();
    const pick = <T,>(xs: readonly T[]): T => random.pick(xs);
    let read = 0;
    let quotedRead = 0;
    const passed: string[] = [];
    for (let n = 0; n < 120; n++) {
      const delimiter = pick([',', ';', '\t']);
      const numbers = delimiter === ';' ? DUTCH : DOT_DECIMAL;
      const everyField = next() < 0.5;
      const columns: string[] = [...CSV_FILES.companies.columns];
      // Sometimes another order, a column of someone else's, or optional columns left out.
      if (next() < 0.3) columns.sort(() => next() - 0.5);
      if (next() < 0.3) columns.splice(Math.floor(next() * columns.length), 0, 'notes');
      if (next() < 0.3) columns.splice(columns.indexOf(pick(columns.filter((c) => c !== 'id' && c !== 'name' && c !== 'notes'))), 1);
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
      const expected = await byCheckedReader(text, columns, delimiter.charCodeAt(0), numbers, everyField);
      const line = new CompanyLine(columns, delimiter.charCodeAt(0), numbers, everyField, COMPANY_LABELS);
      let at = 0;
      for (const [k, want] of expected.entries()) {
        const got = byLine(line, bytes, at, bytes.length);
        if (got.end >= 0) {
          read++;
          if (lines[k]!.includes('"')) quotedRead++;
          expect(got, `case ${n} line ${k}: ${JSON.stringify(lines[k])}`).toEqual(want);
        } else if (want.company !== null && common[k]) {
          passed.push(lines[k]!);
        }
        at = want.end;
      }
    }
    // Every line of the common shape the checked reader takes is read here, quoted cells included.
    expect(read).toBeGreaterThan(400);
    expect(quotedRead).toBeGreaterThan(50);
    expect(passed, 'lines of the common shape left to the scanner').toEqual([]);
  });

  it('leaves a company that is its own parent, and a line cut off by the end of the buffer, to the checked reader', () => {
    const header = ['id', 'name', 'parent_id'];
    const line = new CompanyLine(header, 44, DOT_DECIMAL, false);
    const own = (s: string) => Buffer.alloc(Buffer.byteLength(s), s);
    const text = own('c-1,Acme,c-2\n');
    for (const words of [wordsOf(text), null]) {
      expect(line.read(text, words, 0, text.length)).toBe(text.length);
      for (let end = 0; end < text.length; end++) expect(line.read(text, words, 0, end), `cut at ${end}`).toBe(-1);
    }
    expect(line.company).toEqual({ id: 'c-1', name: 'Acme', createdAt: Number.POSITIVE_INFINITY, parentId: 'c-2' });
    const self = own('c-1,Acme,c-1\n');
    expect(line.read(self, null, 0, self.length)).toBe(-1);
  });

  it('needs id and name in the header', () => {
    expect(new CompanyLine(['id', 'name'], 44, DOT_DECIMAL, false).usable).toBe(true);
    expect(new CompanyLine(['id', 'industry'], 44, DOT_DECIMAL, false).usable).toBe(false);
  });
});

describe('companies.csv read through the line reader', () => {
  const folder = (companies: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-company-folder-'));
    writeFileSync(join(dir, 'companies.csv'), companies);
    writeFileSync(join(dir, 'deals.csv'), 'id,company_id,amount,close_date,status\n');
    writeFileSync(join(dir, 'activities.csv'), 'id,company_id,type,occurred_at\n');
    return dir;
  };

  it('reports a repeated id, a bad cell, an own parent and an unknown parent on their lines, as the checked reader does', async () => {
    const dir = folder(['id,name,parent_id,employees,created_at', 'c-1,Acme,,10,2024-01-01', 'c-2,Beta,c-1,,', 'c-1,Again,,,', 'c-3,Gamma,,ten,', 'c-4,Delta,c-4,,', 'c-5,Epsilon,c-404,,', 'c-6,Zeta,,3,'].join('\n') + '\n');
    const read = await readPortfolioCsv(dir, { parallel: false });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.map((e) => [e.line, e.column, e.reason])).toEqual([
      [4, 'id', 'duplicate: an earlier row has the same id'],
      [5, 'employees', 'expected a whole number ≥ 0'],
      [6, 'parent_id', 'a company cannot be its own parent'],
      [7, 'parent_id', 'no company with this id in companies.csv'],
    ]);
  });

  it('gives the companies in file order, dated from their records when created_at is empty', async () => {
    const dir = folder('id,name,created_at,annual_revenue\nc-1,Acme,2024-01-01,100\n"c-2","Beta, Inc",,\nc-3,Gamma,,2000.50\n');
    writeFileSync(join(dir, 'deals.csv'), 'id,company_id,amount,close_date,status\nd-1,c-3,10,2025-05-01,won\n');
    const read = await readPortfolioCsv(dir, { parallel: false });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.portfolio.companies).toEqual([
      { id: 'c-1', name: 'Acme', createdAt: Date.parse('2024-01-01'), annualRevenue: 100 },
      { id: 'c-2', name: 'Beta, Inc', createdAt: 0 },
      { id: 'c-3', name: 'Gamma', createdAt: Date.parse('2025-05-01'), annualRevenue: 2000.5 },
    ]);
  });

  it('watches the money cells for Dutch thousands dots on the same lines', async () => {
    const rows = Array.from({ length: 8 }, (_, k) => `c-${k + 1},Company ${k + 1},${k === 2 || k === 6 ? '14.873' : `${1000 + k}.50`},${k === 4 ? '"12.345"' : '99.95'}`);
    const read = await readPortfolioCsv(folder(['id,name,annual_revenue,estimated_wallet', ...rows].join('\n') + '\n'), { parallel: false });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const notes = read.notes.filter((n) => n.startsWith('companies.csv'));
    expect(notes).toHaveLength(2);
    expect(notes[0]).toContain('companies.csv column annual_revenue: line 4 (14.873), line 8 (14.873) read as 14.873');
    expect(notes[1]).toContain('companies.csv column estimated_wallet: line 6 (12.345) read as 12.345');
  });
});
