// The file connector (CSV folder ⇄ portfolio) and the deterministic sample generator.
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CSV_FILES } from '../src/adapters/crm/file/csv.columns.ts';
import { readPortfolioCsv } from '../src/adapters/crm/file/csv.reader.ts';
import { writePortfolioCsv } from '../src/adapters/crm/file/csv.writer.ts';
import { createFileSource, type ImportInvalidDetails } from '../src/adapters/crm/file/file.source.ts';
import { IdSet } from '../src/adapters/crm/file/id-set.ts';
import { isoDate, isoInstant } from '../src/adapters/crm/file/iso-format.ts';
import { formatImportError, type ImportError, type ReadResult } from '../src/adapters/crm/file/import-error.ts';
import { readSampleDay, SAMPLE_FILE, writeSamplePortal } from '../src/adapters/crm/file/sample.ts';
import { AppError } from '../src/app/errors.ts';
import type { SyncPage } from '../src/app/ports/crm.port.ts';
import { generatePortfolio } from '../src/app/sample/generate-portfolio.ts';
import type { Portfolio } from '../src/domain/records.ts';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/csv');
const SAMPLE_DIR = resolve(import.meta.dirname, '../examples/sample-portal');
const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const DAY = 86_400_000;
const COMPANIES_HEADER = CSV_FILES.companies.columns.join(',');

const scratch: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kw-file-'));
  scratch.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A folder with the given files written byte for byte. */
async function folder(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

function errorsOf(result: ReadResult): ImportError[] {
  if (result.ok) throw new Error('expected the import to fail');
  return result.errors;
}

function portfolioOf(result: ReadResult): Portfolio {
  if (!result.ok) throw new Error(`expected the import to succeed:\n${result.errors.map(formatImportError).join('\n')}`);
  return result.portfolio;
}

const MINIMAL_DEALS = 'id,company_id,amount,close_date,status\n';
const MINIMAL_ACTIVITIES = 'id,company_id,type,occurred_at\n';

describe('CSV folder round trip', () => {
  it('reads the same portfolio when an export quotes every cell', async () => {
    const portfolio = generatePortfolio({ companies: 300, seed: 43, asOf: AS_OF });
    const dir = await tempDir();
    await writePortfolioCsv(dir, portfolio);
    // As some exports write them: every cell in quotes (deals and activities hold no quote or line break of their own).
    for (const file of [CSV_FILES.deals, CSV_FILES.activities]) {
      const path = join(dir, file.name);
      const text = await readFile(path, 'utf8');
      expect(text).not.toContain('"');
      const lines = text.split('\n').filter((line) => line !== '');
      await writeFile(path, lines.map((line) => line.split(',').map((cell) => `"${cell}"`).join(',')).join('\r\n') + '\r\n');
    }
    expect(portfolioOf(await readPortfolioCsv(dir))).toStrictEqual(portfolio);
  });

  it('reads back exactly the portfolio it wrote (the 300-company sample)', async () => {
    const portfolio = generatePortfolio({ companies: 300, seed: 42, asOf: AS_OF });
    const dir = await tempDir();
    await writePortfolioCsv(dir, portfolio);
    expect(portfolioOf(await readPortfolioCsv(dir))).toStrictEqual(portfolio);
  });

  it('writes exactly the columns of the contract, in its order', async () => {
    const dir = await tempDir();
    await writePortfolioCsv(dir, generatePortfolio({ companies: 20, seed: 1, asOf: AS_OF }));
    const headers = await Promise.all(Object.values(CSV_FILES).map(async (spec) => (await readFile(join(dir, spec.name), 'utf8')).split('\n')[0]));
    expect(headers).toEqual([
      'id,name,parent_id,industry,employees,annual_revenue,lifecycle_stage,owner_id,created_at,is_reference,codevelopment,estimated_wallet,satisfaction',
      'id,company_id,amount,close_date,status,pipeline,cost,margin_pct,discount,order_count',
      'id,company_id,type,occurred_at,duration_minutes,owner_role,contact_layer',
      'from_company_id,to_company_id,kind',
      'company_id,segment,reason,by,at,expires_at',
    ]);
  });

  it('quotes names with commas, quotes and line breaks and keeps times that are not midnight', async () => {
    const portfolio: Portfolio = {
      companies: [
        { id: 'c-1', name: 'Bakker, Jansen & Co', createdAt: Date.parse('2020-01-01T08:30:00.250Z') },
        { id: 'c-2', name: 'De "Zon"\nRetail', createdAt: 0, isReference: false, satisfaction: 7.5 },
      ],
      deals: [{ id: 'd-1', companyId: 'c-1', amount: 0.1 + 0.2, closeDate: Date.parse('2026-03-01T13:00:00Z'), status: 'won', pipeline: 'new, big' }],
      activities: [{ id: 'a-1', companyId: 'c-2', type: 'note', occurredAt: AS_OF - 1 }],
      relations: [],
      overrides: [{ companyId: 'c-2', segment: 'D', reason: 'Says "no" to everything', by: 'manager', at: AS_OF }],
    };
    const dir = await tempDir();
    await writePortfolioCsv(dir, portfolio);
    const companies = await readFile(join(dir, 'companies.csv'), 'utf8');
    expect(companies).toContain('c-1,"Bakker, Jansen & Co",');
    expect(companies).toContain('c-2,"De ""Zon""\nRetail",');
    expect(await readFile(join(dir, 'deals.csv'), 'utf8')).toContain('2026-03-01T13:00:00.000Z');
    expect(portfolioOf(await readPortfolioCsv(dir))).toStrictEqual(portfolio);
  });

  it('formats instants exactly as Date#toISOString does, before 1970, on leap days and beyond 9999', () => {
    const instants = [0, -1, 951_782_400_000, Date.parse('2024-02-29T23:59:59.999Z'), Date.parse('1899-12-31T12:00:00Z'), Date.UTC(10000, 0, 1), AS_OF + 123_456_789];
    expect(instants.map(isoInstant)).toEqual(instants.map((t) => new Date(t).toISOString()));
    expect(isoDate(Date.parse('2024-02-29'))).toBe('2024-02-29');
  });

  it('writes a close date at midnight UTC as the date alone and an absent field as an empty cell', async () => {
    const dir = await tempDir();
    await writePortfolioCsv(dir, {
      companies: [{ id: 'c-1', name: 'Alpha', createdAt: 0 }],
      deals: [{ id: 'd-1', companyId: 'c-1', amount: 1250.5, closeDate: Date.parse('2026-06-30'), status: 'won', marginPct: 0.3 }],
      activities: [],
      relations: [],
      overrides: [],
    });
    expect(await readFile(join(dir, 'deals.csv'), 'utf8')).toBe(`${CSV_FILES.deals.columns.join(',')}\nd-1,c-1,1250.5,2026-06-30,won,,,0.3,,\n`);
    expect(await readFile(join(dir, 'companies.csv'), 'utf8')).toBe(`${COMPANIES_HEADER}\nc-1,Alpha,,,,,,,1970-01-01T00:00:00.000Z,,,,\n`);
  });
});

describe('CSV import', () => {
  it('maps every column, in any column order, with dates, booleans and numbers', async () => {
    const portfolio = portfolioOf(await readPortfolioCsv(join(FIXTURES, 'valid')));
    expect(portfolio.companies[0]).toStrictEqual({
      id: 'c-1',
      name: 'Bakker, Jansen & Co',
      industry: 'wholesale',
      employees: 40,
      annualRevenue: 5_000_000,
      lifecycleStage: 'customer',
      ownerId: 'owner-1',
      createdAt: Date.parse('2020-01-15T08:00:00Z'),
      isReference: true,
      codevelopment: false,
      estimatedWallet: 120_000,
      satisfaction: 8.5,
    });
    expect(portfolio.companies[1]).toStrictEqual({
      id: 'c-2',
      name: 'De "Zon" Retail',
      parentId: 'c-1',
      industry: 'retail',
      lifecycleStage: 'customer',
      ownerId: 'owner-2',
      createdAt: Date.parse('2021-03-01T00:00:00Z'),
    });
    expect(portfolio.deals).toStrictEqual([
      { id: 'd-1', companyId: 'c-1', amount: 12500.5, closeDate: Date.parse('2026-06-30T00:00:00Z'), status: 'won', cost: 8000, discount: 250, orderCount: 3 },
      { id: 'd-2', companyId: 'c-1', amount: 4000, closeDate: Date.parse('2025-12-01T00:00:00Z'), status: 'lost', marginPct: 0.3 },
      { id: 'd-3', companyId: 'c-2', amount: 900, closeDate: Date.parse('2026-12-14T23:00:00Z'), status: 'open' },
    ]);
    expect(portfolio.activities[1]).toStrictEqual({ id: 'a-2', companyId: 'c-2', type: 'ticket', occurredAt: Date.parse('2026-09-02T14:30:00Z'), ownerRole: 'customer_service' });
    expect(portfolio.activities[2]!.durationMinutes).toBe(12.5);
    expect(portfolio.relations).toStrictEqual([
      { fromCompanyId: 'c-1', toCompanyId: 'c-2', kind: 'parent' },
      { fromCompanyId: 'c-2', toCompanyId: 'c-3', kind: 'referral' },
    ]);
    expect(portfolio.overrides).toStrictEqual([
      {
        companyId: 'c-2',
        segment: 'B',
        reason: 'Parent negotiates centrally, treat as B',
        by: 'sales-manager',
        at: Date.parse('2026-10-01T12:00:00Z'),
        expiresAt: Date.parse('2027-04-01T00:00:00Z'),
      },
    ]);
  });

  it("takes a company's earliest deal or activity date when created_at is empty, else the epoch", async () => {
    const portfolio = portfolioOf(await readPortfolioCsv(join(FIXTURES, 'valid')));
    expect(portfolio.companies[2]!.createdAt).toBe(Date.parse('2026-08-20T09:15:00Z'));
    const dir = await folder({
      'companies.csv': 'id,name\nc-1,Alpha\nc-2,Beta\n',
      'deals.csv': `${MINIMAL_DEALS}d-1,c-1,10,2025-05-05,lost\nd-2,c-1,10,2024-04-04,won\n`,
      'activities.csv': `${MINIMAL_ACTIVITIES}a-1,c-1,call,2025-01-01T00:00:00Z\n`,
    });
    const companies = portfolioOf(await readPortfolioCsv(dir)).companies;
    expect(companies.map((c) => c.createdAt)).toEqual([Date.parse('2024-04-04'), 0]);
  });

  it('reports the file and line of a bad row, also after a quoted multi-line field', async () => {
    const errors = errorsOf(await readPortfolioCsv(join(FIXTURES, 'bad-rows')));
    expect(errors[0]).toStrictEqual({ file: 'companies.csv', line: 5, column: 'employees', value: '12x', reason: 'expected a whole number ≥ 0' });
    expect(formatImportError(errors[0]!)).toBe('companies.csv:5 column employees value "12x": expected a whole number ≥ 0');
  });

  it('counts lines like an editor in CRLF files with line breaks inside quoted fields', async () => {
    const rows = [COMPANIES_HEADER, 'c-1,"First\r\nSecond\r\nThird",,,1,,,,,,,,', 'c-2,"One\nTwo",,,1,,,,,,,,', '', 'c-3,Gamma,,,many,,,,,,,,'];
    const dir = await folder({ 'companies.csv': `${rows.join('\r\n')}\r\n`, 'deals.csv': MINIMAL_DEALS, 'activities.csv': MINIMAL_ACTIVITIES });
    expect(errorsOf(await readPortfolioCsv(dir))).toStrictEqual([{ file: 'companies.csv', line: 8, column: 'employees', value: 'many', reason: 'expected a whole number ≥ 0' }]);
  });

  it('reports every bad cell in every file at once', async () => {
    const errors = errorsOf(await readPortfolioCsv(join(FIXTURES, 'bad-rows')));
    expect(errors.map(formatImportError)).toEqual([
      'companies.csv:5 column employees value "12x": expected a whole number ≥ 0',
      'companies.csv:6 column is_reference value "yes": expected true or false',
      'deals.csv:2 column amount value "1.234,50": expected a number with a dot as decimal separator (e.g. 1234.5)',
      'deals.csv:3 column status value "closed": expected one of won, lost, open',
      'deals.csv:4 column close_date value "2026-02-30": expected an ISO 8601 date or date-time (e.g. 2026-03-01 or 2026-03-01T09:30:00Z)',
      'deals.csv:6 column amount value "": a value is required',
      'activities.csv:2 column type value "lunch": expected one of call, meeting, visit, email, note, task, ticket',
      'activities.csv:2 column contact_layer value "ceo": expected one of decision, management, operational',
      'activities.csv:3 column duration_minutes value "-5": expected a number ≥ 0 with a dot as decimal separator (e.g. 1234.5)',
      'relations.csv:2 column kind value "friendship": expected one of parent, referral, influence',
      'overrides.csv:2 column segment value "E": expected one of A, B, C, D',
      'overrides.csv:2 column reason value "": a value is required',
      'overrides.csv:2 column at value "yesterday": expected an ISO 8601 date or date-time (e.g. 2026-03-01 or 2026-03-01T09:30:00Z)',
    ]);
  });

  it('is all or nothing: one bad row means no portfolio at all', async () => {
    const dir = await folder({
      'companies.csv': 'id,name\nc-1,Alpha\nc-2,Beta\n',
      'deals.csv': `${MINIMAL_DEALS}d-1,c-1,100,2026-01-01,won\nd-2,c-2,100,2026-01-01,maybe\n`,
      'activities.csv': MINIMAL_ACTIVITIES,
    });
    const result = await readPortfolioCsv(dir);
    expect(result).toStrictEqual({
      ok: false,
      errorCount: 1,
      errors: [{ file: 'deals.csv', line: 3, column: 'status', value: 'maybe', reason: 'expected one of won, lost, open' }],
      notes: [],
    });
    expect('portfolio' in result).toBe(false);
  });

  it('refuses misspelled, doubled and missing columns, naming the file and the column meant', async () => {
    const errors = errorsOf(await readPortfolioCsv(join(FIXTURES, 'bad-headers')));
    expect(errors).toStrictEqual([
      { file: 'companies.csv', line: 1, column: 'employes', value: null, reason: 'unknown column; did you mean employees?' },
      { file: 'deals.csv', line: 1, column: 'close_date', value: null, reason: 'required column is missing' },
      { file: 'activities.csv', line: 1, column: 'type', value: null, reason: 'column appears more than once' },
    ]);
  });

  it("reads past a CRM export's own columns and notes them once per file", async () => {
    const dir = await folder({
      'companies.csv': 'Record ID,id,name,hs_object_source,Create Date,created_at\n17,c-1,Alpha,IMPORT,2020-01-01,2020-01-01\n',
      'deals.csv': `id,company_id,amount,close_date,status,Deal Stage\nd-1,c-1,100,2026-01-01,won,closedwon\n`,
      'activities.csv': MINIMAL_ACTIVITIES,
    });
    const read = await readPortfolioCsv(dir);
    expect(portfolioOf(read).companies).toStrictEqual([{ id: 'c-1', name: 'Alpha', createdAt: Date.parse('2020-01-01') }]);
    expect(read.notes).toStrictEqual([
      "companies.csv: ignored 3 columns that Klantwaarde does not read: Record ID, hs_object_source, Create Date",
      "deals.csv: ignored the column that Klantwaarde does not read: Deal Stage",
    ]);
  });

  it('asks "did you mean" for a column of ours written another way, when the header lacks it', async () => {
    const dir = await folder({
      'companies.csv': 'id,name,Owner ID\nc-1,Alpha,o-1\n',
      'deals.csv': 'id,company_id,amount,closeDate,status\nd-1,c-1,100,2026-01-01,won\n',
      'activities.csv': 'id,company_id,type,occured_at\n',
    });
    expect(errorsOf(await readPortfolioCsv(dir)).map(formatImportError)).toEqual([
      'companies.csv:1 column Owner ID: unknown column; did you mean owner_id?',
      'deals.csv:1 column closeDate: unknown column; did you mean close_date?',
      'deals.csv:1 column close_date: required column is missing',
      'activities.csv:1 column occured_at: unknown column; did you mean occurred_at?',
      'activities.csv:1 column occurred_at: required column is missing',
    ]);
  });

  it("imports Excel's Dutch export: semicolons, decimal commas and thousands dots (csv.decimal: ',')", async () => {
    const dir = await folder({
      'companies.csv': 'id;name;employees;annual_revenue\r\nc-1;"Bakker; Zn";12;1.250.000\r\n',
      'deals.csv': 'id;company_id;amount;close_date;status;margin_pct;discount\r\nd-1;c-1;14.873,50;2026-01-01;won;0,3;-\r\nd-2;c-1;875;2026-02-01;won;;12,5\r\n'.replace(';-', ';'),
      'activities.csv': 'id;company_id;type;occurred_at;duration_minutes\r\na-1;c-1;call;2026-01-05;7,5\r\n',
    });
    const portfolio = portfolioOf(await readPortfolioCsv(dir, { numbers: { decimal: ',', thousands: '.' } }));
    expect(portfolio.companies[0]).toMatchObject({ name: 'Bakker; Zn', employees: 12, annualRevenue: 1_250_000 });
    expect(portfolio.deals.map((d) => [d.amount, d.marginPct, d.discount])).toEqual([[14_873.5, 0.3, undefined], [875, undefined, 12.5]]);
    expect(portfolio.activities[0]!.durationMinutes).toBe(7.5);
  });

  it('refuses numbers that do not fit the configured format, saying which one is expected', async () => {
    const dir = await folder({
      'companies.csv': 'id;name\nc-1;Alpha\n',
      'deals.csv': 'id;company_id;amount;close_date;status\nd-1;c-1;1.23,5;2026-01-01;won\nd-2;c-1;1234.5;2026-01-01;won\nd-3;c-1;12.345.678,9;2026-01-01;won\n',
      'activities.csv': 'id;company_id;type;occurred_at\n',
    });
    const errors = errorsOf(await readPortfolioCsv(dir, { numbers: { decimal: ',', thousands: '.' } }));
    expect(errors.map(formatImportError)).toEqual([
      'deals.csv:2 column amount value "1.23,5": expected a number with a comma as decimal separator (e.g. 1.234,5)',
      'deals.csv:3 column amount value "1234.5": expected a number with a comma as decimal separator (e.g. 1.234,5)',
    ]);
  });

  it('warns, naming the rows, when an amount looks like a Dutch thousands dot among amounts with cents', async () => {
    const dir = await folder({
      'companies.csv': 'id,name\nc-1,Alpha\n',
      'deals.csv': `${MINIMAL_DEALS}d-1,c-1,14.873,2026-01-01,won\nd-2,c-1,1250.50,2026-01-01,won\nd-3,c-1,2.5,2026-01-01,won\nd-4,c-1,999.125,2026-01-01,won\n`,
      'activities.csv': MINIMAL_ACTIVITIES,
    });
    const read = await readPortfolioCsv(dir);
    expect(portfolioOf(read).deals[0]!.amount).toBe(14.873);
    expect(read.notes).toEqual([
      'deals.csv column amount: line 2 (14.873), line 5 (999.125) read as 14.873, but the file\'s other amounts have cents — if 14.873 means 14873 (a Dutch thousands dot), set csv.decimal: "," in the config and import again',
    ]);
    // Amounts written with three decimals throughout are the file's own precision, not Dutch.
    const precise = await folder({ 'companies.csv': 'id,name\nc-1,Alpha\n', 'deals.csv': `${MINIMAL_DEALS}d-1,c-1,14.873,2026-01-01,won\n`, 'activities.csv': MINIMAL_ACTIVITIES });
    expect((await readPortfolioCsv(precise)).notes).toEqual([]);
  });

  it('reports references to unknown companies with their file and line', async () => {
    const errors = errorsOf(await readPortfolioCsv(join(FIXTURES, 'dangling')));
    expect(errors.map(formatImportError)).toEqual([
      'companies.csv:3 column parent_id value "c-9": no company with this id in companies.csv',
      'deals.csv:3 column company_id value "c-7": no company with this id in companies.csv',
      'activities.csv:2 column company_id value "c-8": no company with this id in companies.csv',
      'relations.csv:2 column to_company_id value "c-6": no company with this id in companies.csv',
      'relations.csv:3 column to_company_id value "c-1": a company cannot be related to itself',
      'overrides.csv:2 column company_id value "c-5": no company with this id in companies.csv',
    ]);
  });

  it('does not call a deal dangling when only its company row had a bad cell', async () => {
    const dir = await folder({
      'companies.csv': 'id,name,employees\nc-1,Alpha,lots\n',
      'deals.csv': `${MINIMAL_DEALS}d-1,c-1,100,2026-01-01,won\n`,
      'activities.csv': MINIMAL_ACTIVITIES,
    });
    expect(errorsOf(await readPortfolioCsv(dir)).map(formatImportError)).toEqual(['companies.csv:2 column employees value "lots": expected a whole number ≥ 0']);
  });

  it('knows a company by an id longer than any before it (the first time it is seen, too)', async () => {
    // Ids are encoded into one shared buffer, which grows for a long id: the id is looked up in the grown one.
    const long = `c-${'7'.repeat(40_000)}`;
    const dir = await folder({
      'companies.csv': `id,name,parent_id\n${long},Alpha,\nc-2,Beta,${long}\n`,
      'deals.csv': `${MINIMAL_DEALS}d-1,${long},100,2026-01-01,won\n`,
      'activities.csv': `${MINIMAL_ACTIVITIES}a-1,${long},call,2026-02-01\n`,
    });
    const portfolio = portfolioOf(await readPortfolioCsv(dir));
    expect(portfolio.companies.map((c) => c.parentId)).toEqual([undefined, long]);
    expect(portfolio.deals.map((d) => d.companyId)).toEqual([long]);
    expect(portfolio.activities.map((a) => a.companyId)).toEqual([long]);
  });

  it('knows a company id by its text, quoted or not: the same id twice is a duplicate, and records find it', async () => {
    // The id is checked from the cell's bytes: a quoted cell's are its text unless it holds "" pairs.
    const dir = await folder({
      'companies.csv': 'id,name\n"c-1",Alpha\nc-1,Beta\n"c-""2",Gamma\n',
      'deals.csv': `${MINIMAL_DEALS}d-1,c-1,100,2026-01-01,won\n`,
      'activities.csv': MINIMAL_ACTIVITIES,
    });
    expect(errorsOf(await readPortfolioCsv(dir)).map(formatImportError)).toEqual(['companies.csv:3 column id value "c-1": duplicate: an earlier row has the same id']);
    const clean = await folder({
      'companies.csv': 'id,name\n"c-1",Alpha\n"c-""2",Gamma\n',
      'deals.csv': `${MINIMAL_DEALS}d-1,c-1,100,2026-01-01,won\nd-2,"c-""2",50,2026-01-01,won\n`,
      'activities.csv': MINIMAL_ACTIVITIES,
    });
    const portfolio = portfolioOf(await readPortfolioCsv(clean));
    expect(portfolio.companies.map((c) => c.id)).toEqual(['c-1', 'c-"2']);
    expect(portfolio.deals.map((d) => d.companyId)).toEqual(['c-1', 'c-"2']);
  });

  it('reports duplicate ids, relations and overrides', async () => {
    const errors = errorsOf(await readPortfolioCsv(join(FIXTURES, 'duplicates')));
    expect(errors.map(formatImportError)).toEqual([
      'companies.csv:4 column id value "c-1": duplicate: an earlier row has the same id',
      'deals.csv:3 column id value "d-1": duplicate: an earlier row has the same id',
      'activities.csv:4 column id value "a-2": duplicate: an earlier row has the same id',
      'relations.csv:3: duplicate: an earlier row has the same from_company_id, to_company_id and kind',
      'overrides.csv:3 column company_id value "c-1": duplicate: an earlier row overrides the same company',
    ]);
  });

  it('accepts a folder without relations.csv and overrides.csv', async () => {
    const portfolio = portfolioOf(await readPortfolioCsv(join(FIXTURES, 'no-optional-files')));
    expect(portfolio.companies).toHaveLength(3);
    expect(portfolio.relations).toEqual([]);
    expect(portfolio.overrides).toEqual([]);
  });

  it('refuses a folder without a required file', async () => {
    expect(errorsOf(await readPortfolioCsv(join(FIXTURES, 'missing-required')))).toStrictEqual([
      { file: 'deals.csv', line: null, column: null, value: null, reason: 'required file is missing' },
    ]);
    expect(formatImportError({ file: 'deals.csv', line: null, column: null, value: null, reason: 'required file is missing' })).toBe('deals.csv: required file is missing');
  });

  it('reports broken CSV quoting with the line the open quote is on', async () => {
    expect(errorsOf(await readPortfolioCsv(join(FIXTURES, 'malformed')))).toStrictEqual([
      { file: 'companies.csv', line: 3, column: null, value: null, reason: expect.stringMatching(/^malformed CSV: Quote Not Closed/) },
    ]);
  });

  it('reports a row with more or fewer fields than the header', async () => {
    const dir = await folder({ 'companies.csv': 'id,name\nc-1,Alpha,extra\nc-2\n', 'deals.csv': MINIMAL_DEALS, 'activities.csv': MINIMAL_ACTIVITIES });
    expect(errorsOf(await readPortfolioCsv(dir)).map(formatImportError)).toEqual([
      'companies.csv:2: expected 2 fields like the header, found 3',
      'companies.csv:3: expected 2 fields like the header, found 1',
    ]);
  });

  it('accepts ISO 8601 dates with and without time and zone, and refuses other shapes', async () => {
    const dates = ['2026-03-01', '2026-03-01T09:30', '2026-03-01 09:30:15', '2026-03-01T09:30:00.5+02:00', '2026-03-01T09:30:00-0130', '2024-02-29T23:59:59.999Z'];
    const bad = ['01-03-2026', '2026-3-1', '2026-02-29', '2026-03-01T24:00:00Z', '2026-03-01T09:30:00+25:00', '20260301', ''];
    const rows = [...dates, ...bad].map((d, i) => `a-${i},c-1,call,${d}`).join('\n');
    const dir = await folder({ 'companies.csv': 'id,name,created_at\nc-1,Alpha,2020-01-01\n', 'deals.csv': MINIMAL_DEALS, 'activities.csv': `${MINIMAL_ACTIVITIES}${rows}\n` });
    const errors = errorsOf(await readPortfolioCsv(dir));
    expect(errors.map((e) => e.value)).toEqual(bad);
    const okDir = await folder({
      'companies.csv': 'id,name,created_at\nc-1,Alpha,2020-01-01\n',
      'deals.csv': MINIMAL_DEALS,
      'activities.csv': `${MINIMAL_ACTIVITIES}${dates.map((d, i) => `a-${i},c-1,call,${d}`).join('\n')}\n`,
    });
    expect(portfolioOf(await readPortfolioCsv(okDir)).activities.map((a) => new Date(a.occurredAt).toISOString())).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-03-01T09:30:00.000Z',
      '2026-03-01T09:30:15.000Z',
      '2026-03-01T07:30:00.500Z',
      '2026-03-01T11:00:00.000Z',
      '2024-02-29T23:59:59.999Z',
    ]);
  });

  it('keeps finding duplicate ids while its id table grows', () => {
    const ids = new IdSet();
    const fresh = Array.from({ length: 5000 }, (_, i) => ids.add(`a-${i}`));
    expect(fresh.every(Boolean)).toBe(true);
    expect(Array.from({ length: 5000 }, (_, i) => ids.add(`a-${i}`)).some(Boolean)).toBe(false);
    expect(ids.size).toBe(5000);
  });

  it('lists the first 100 errors and counts the rest', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `c-${i},Company ${i},${i % 2 ? 'x' : 'y'}`).join('\n');
    const dir = await folder({ 'companies.csv': `id,name,employees\n${rows}\n`, 'deals.csv': MINIMAL_DEALS, 'activities.csv': MINIMAL_ACTIVITIES });
    const result = await readPortfolioCsv(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(100);
    expect(result.errorCount).toBe(250);
    expect(result.errors[99]!.line).toBe(101);
  });
});

describe('file CRM source', () => {
  async function pages(source: ReturnType<typeof createFileSource>, mode: 'full' | 'incremental' = 'full'): Promise<SyncPage[]> {
    const result: SyncPage[] = [];
    for await (const page of source.pull({ mode, checkpoint: null })) result.push(page);
    return result;
  }

  it('yields the whole folder as one page with a checkpoint that moves when a file changes', async () => {
    const dir = await tempDir();
    const portfolio = generatePortfolio({ companies: 40, seed: 3, asOf: AS_OF, dealsPerCompany: 3, activitiesPerCompany: 5 });
    await writePortfolioCsv(dir, portfolio);
    const source = createFileSource({ dir });
    expect(source.tenant).toBe('local');
    const [first, ...rest] = await pages(source);
    expect(rest).toEqual([]);
    expect(first!.changes).toStrictEqual(portfolio);
    expect(first!.skipped).toEqual([]);
    expect((await pages(source, 'incremental'))[0]!.checkpoint).toBe(first!.checkpoint);
    await utimes(join(dir, 'deals.csv'), new Date(), new Date(Date.now() + 5000));
    expect((await pages(source))[0]!.checkpoint).not.toBe(first!.checkpoint);
  });

  it('fails the pull with import.invalid carrying the errors', async () => {
    const source = createFileSource({ dir: join(FIXTURES, 'bad-rows'), tenant: 'acme' });
    const error = await pages(source).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('import.invalid');
    expect(appError.message).toContain('companies.csv:5 column employees value "12x": expected a whole number ≥ 0');
    const details = appError.details as ImportInvalidDetails;
    expect(details.errorCount).toBe(13);
    expect(details.errors[0]).toMatchObject({ file: 'companies.csv', line: 5 });
  });

  it('pulls given companies with their deals, activities, relations and overrides', async () => {
    const page = await createFileSource({ dir: join(FIXTURES, 'valid') }).pullCompanies(['c-2']);
    expect(page.changes.companies!.map((c) => c.id)).toEqual(['c-2']);
    expect(page.changes.deals!.map((d) => d.id)).toEqual(['d-3']);
    expect(page.changes.activities!.map((a) => a.id)).toEqual(['a-2']);
    expect(page.changes.relations).toHaveLength(2);
    expect(page.changes.overrides!.map((o) => o.companyId)).toEqual(['c-2']);
  });
});

describe('sample portfolio generator', () => {
  const sample = generatePortfolio({ companies: 2000, seed: 42, asOf: AS_OF });
  const windowStart = AS_OF - 365 * DAY;
  const revenue = new Map<string, number>();
  const wonEver = new Set<string>();
  const withDeals = new Set<string>();
  const withOpen = new Set<string>();
  for (const d of sample.deals) {
    withDeals.add(d.companyId);
    if (d.status === 'open') withOpen.add(d.companyId);
    if (d.status !== 'won') continue;
    wonEver.add(d.companyId);
    if (d.closeDate > windowStart && d.closeDate <= AS_OF) revenue.set(d.companyId, (revenue.get(d.companyId) ?? 0) + d.amount);
  }

  it('gives the same portfolio for the same seed and another for another seed', () => {
    const again = generatePortfolio({ companies: 2000, seed: 42, asOf: AS_OF });
    expect(again).toStrictEqual(sample);
    const other = generatePortfolio({ companies: 2000, seed: 43, asOf: AS_OF });
    expect(other.deals).not.toStrictEqual(sample.deals);
    expect(other.companies.map((c) => c.name)).not.toEqual(sample.companies.map((c) => c.name));
  });

  it('comes out near the requested averages of deals and activities per company', () => {
    const p = generatePortfolio({ companies: 5000, seed: 9, asOf: AS_OF, dealsPerCompany: 4, activitiesPerCompany: 20 });
    expect(p.deals.length / 5000).toBeGreaterThan(3.8);
    expect(p.deals.length / 5000).toBeLessThan(4.3);
    expect(p.activities.length / 5000).toBeGreaterThan(19);
    expect(p.activities.length / 5000).toBeLessThan(21);
    expect(new Set(p.activities.map((a) => a.id)).size).toBe(p.activities.length);
  });

  it('has Pareto-shaped revenue: the top fifth of customers bring most of it', () => {
    for (const p of [sample, generatePortfolio({ companies: 300, seed: 42, asOf: AS_OF })]) {
      const won = new Map<string, number>();
      for (const d of p.deals) {
        if (d.status === 'won' && d.closeDate > windowStart && d.closeDate <= AS_OF) won.set(d.companyId, (won.get(d.companyId) ?? 0) + d.amount);
      }
      const amounts = [...won.values()].sort((a, b) => b - a);
      const total = amounts.reduce((s, x) => s + x, 0);
      const top = amounts.slice(0, Math.ceil(amounts.length / 5)).reduce((s, x) => s + x, 0);
      expect(top / total).toBeGreaterThanOrEqual(0.7);
    }
  });

  it("has an association: a chairman who buys little influencing ~20 members who buy a lot", () => {
    const influence = sample.relations.filter((r) => r.kind === 'influence');
    const chairmen = new Set(influence.map((r) => r.fromCompanyId));
    expect(chairmen.size).toBe(1);
    const [chairman] = [...chairmen];
    expect(revenue.get(chairman!)).toBe(1000);
    expect(influence.length).toBeGreaterThanOrEqual(18);
    expect(influence.length).toBeLessThanOrEqual(22);
    for (const r of influence) expect(revenue.get(r.toCompanyId)).toBeGreaterThan(20_000);
  });

  it('has holdings, referrals, references and co-development customers', () => {
    const parents = sample.relations.filter((r) => r.kind === 'parent');
    expect(parents.length).toBeGreaterThan(20);
    const byId = new Map(sample.companies.map((c) => [c.id, c]));
    for (const r of parents) expect(byId.get(r.toCompanyId)!.parentId).toBe(r.fromCompanyId);
    expect(sample.companies.filter((c) => c.parentId).length).toBe(parents.length);
    expect(sample.relations.filter((r) => r.kind === 'referral').length).toBeGreaterThanOrEqual(5);
    expect(sample.companies.some((c) => c.isReference)).toBe(true);
    expect(sample.companies.some((c) => c.codevelopment)).toBe(true);
    expect(sample.companies.some((c) => c.estimatedWallet !== undefined)).toBe(true);
    expect(sample.companies.some((c) => c.satisfaction !== undefined)).toBe(true);
    expect(sample.overrides.length).toBeGreaterThan(0);
  });

  it('has customers, former customers, prospects and suspects', () => {
    const former = [...wonEver].filter((id) => !revenue.has(id));
    const prospects = [...withOpen].filter((id) => !wonEver.has(id));
    const suspects = sample.companies.filter((c) => !withDeals.has(c.id));
    expect(revenue.size).toBeGreaterThan(1000);
    expect(former.length).toBeGreaterThan(100);
    expect(prospects.length).toBeGreaterThan(100);
    expect(suspects.length).toBeGreaterThan(100);
    for (const id of prospects) expect(sample.deals.filter((d) => d.companyId === id).every((d) => d.status === 'open')).toBe(true);
  });

  it('has every activity type, the default roles and contact layers, some without duration', () => {
    expect(new Set(sample.activities.map((a) => a.type))).toEqual(new Set(['call', 'meeting', 'visit', 'email', 'note', 'task', 'ticket']));
    expect(new Set(sample.activities.map((a) => a.ownerRole).filter(Boolean))).toEqual(new Set(['account_manager', 'management', 'inside_sales', 'customer_service']));
    expect(new Set(sample.activities.map((a) => a.contactLayer).filter(Boolean))).toEqual(new Set(['decision', 'management', 'operational']));
    expect(sample.activities.some((a) => a.durationMinutes === undefined)).toBe(true);
    expect(sample.deals.some((d) => d.cost !== undefined) && sample.deals.some((d) => d.marginPct !== undefined) && sample.deals.some((d) => d.discount !== undefined)).toBe(true);
  });

  it('has a rep who visits small customers far more often than the others do', () => {
    const owner = new Map(sample.companies.map((c) => [c.id, c.ownerId]));
    const visits = new Map<string, number>();
    for (const a of sample.activities) if (a.type === 'visit' && a.occurredAt > windowStart) visits.set(a.companyId, (visits.get(a.companyId) ?? 0) + 1);
    const small = [...revenue].filter(([, amount]) => amount < 10_000).map(([id]) => id);
    const visitsPerSmall = (ownerId: string | undefined, same: boolean): number => {
      const ids = small.filter((id) => (owner.get(id) === ownerId) === same);
      return ids.reduce((s, id) => s + (visits.get(id) ?? 0), 0) / ids.length;
    };
    expect(visitsPerSmall('owner-3', true)).toBeGreaterThan(2 * visitsPerSmall('owner-3', false));
  });
});

describe('committed sample portal', () => {
  it('is exactly what `klantwaarde sample --companies 300 --seed 42 --as-of 2026-11-01` writes', async () => {
    const out = await tempDir();
    const summary = await writeSamplePortal({ companies: 300, seed: 42, out, asOf: AS_OF });
    expect(summary.companies).toBe(300);
    for (const name of [...Object.values(CSV_FILES).map((spec) => spec.name), SAMPLE_FILE]) {
      expect(await readFile(join(out, name), 'utf8'), name).toBe(await readFile(join(SAMPLE_DIR, name), 'utf8'));
    }
  });

  it('says the day it was made around, and a folder without sample.json is no sample', async () => {
    expect(await readSampleDay(SAMPLE_DIR)).toBe(AS_OF);
    const own = await tempDir();
    await writePortfolioCsv(own, generatePortfolio({ companies: 5, seed: 1, asOf: AS_OF }));
    expect(await readSampleDay(own)).toBeNull();
  });

  it('refuses a sample.json without a real date, naming the file and what it should hold', async () => {
    const dir = await tempDir();
    for (const text of ['{"asOf":"01-11-2026"}', '{"asOf":"2026-02-30"}', '{}', 'not json']) {
      await writeFile(join(dir, SAMPLE_FILE), text);
      await expect(readSampleDay(dir), text).rejects.toMatchObject({ code: 'import.invalid', message: expect.stringContaining(`${SAMPLE_FILE} is not valid`) });
    }
  });
});
