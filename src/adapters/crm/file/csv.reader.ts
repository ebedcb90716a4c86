// Imports a folder of CSV exports (PRODUCT.md §5) as one portfolio, all or nothing: every
// bad cell, header, duplicate and dangling reference is reported as file:line, and any
// error means no portfolio at all.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Company, Portfolio } from '../../../domain/records.ts';
import { CSV_FILES, type CsvFileSpec } from './csv.columns.ts';
import { readCsvFile, type RowProgress } from './csv.file.ts';
import type { CsvRow } from './csv.row.ts';
import { mapActivity, mapCompany, mapDeal, mapOverride, mapRelation, UNKNOWN_CREATED_AT } from './file.mapper.ts';
import { IdSet } from './id-set.ts';
import { ImportErrorLog, type ReadResult } from './import-error.ts';

const DUPLICATE = 'duplicate: an earlier row has the same id';

/** How far a read has come, for a progress bar: rows so far, bytes read of all files' bytes. */
export interface ReadProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
}

export interface ReadOptions {
  /** Called every few thousand rows and once at the end. */
  onProgress?: (progress: ReadProgress) => void;
}

export async function readPortfolioCsv(dir: string, options: ReadOptions = {}): Promise<ReadResult> {
  const track = await progressTracker(dir, options.onProgress);
  const log = new ImportErrorLog();
  // id → the id string itself: records that point at a company share its string.
  const companyIds = new Map<string, string>();
  const undated = new Map<string, Company>();
  const parentRefs: { line: number; parentId: string }[] = [];

  const companies = await readCsvFile(dir, CSV_FILES.companies, log, (row) => {
    const id = row.raw('id');
    if (companyIds.has(id)) row.fail('id', id, DUPLICATE);
    else if (id !== '') companyIds.set(id, id);
    const company = mapCompany(row);
    if (company?.parentId !== undefined) parentRefs.push({ line: row.line, parentId: company.parentId });
    if (company?.createdAt === UNKNOWN_CREATED_AT) undated.set(company.id, company);
    return company;
  }, track.row(CSV_FILES.companies));
  // Without a complete list of companies every reference would look dangling: skip those checks.
  const known = companies.complete ? companyIds : null;
  for (const { line, parentId } of parentRefs) {
    if (known && !known.has(parentId)) log.add({ file: CSV_FILES.companies.name, line, column: 'parent_id', value: parentId, reason: 'no company with this id in companies.csv' });
  }

  const dealIds = new IdSet(await rowEstimate(dir, CSV_FILES.deals.name));
  const deals = await readCsvFile(dir, CSV_FILES.deals, log, (row) => {
    unique(row, 'id', dealIds);
    const companyId = references(row, 'company_id', known);
    const deal = mapDeal(row);
    if (!deal) return undefined;
    deal.companyId = companyId ?? deal.companyId;
    if (undated.size > 0) dateFromRecord(undated, deal.companyId, deal.closeDate);
    return deal;
  }, track.row(CSV_FILES.deals));

  const activityIds = new IdSet(await rowEstimate(dir, CSV_FILES.activities.name));
  const activities = await readCsvFile(dir, CSV_FILES.activities, log, (row) => {
    unique(row, 'id', activityIds);
    const companyId = references(row, 'company_id', known);
    const activity = mapActivity(row);
    if (!activity) return undefined;
    activity.companyId = companyId ?? activity.companyId;
    if (undated.size > 0) dateFromRecord(undated, activity.companyId, activity.occurredAt);
    return activity;
  }, track.row(CSV_FILES.activities));

  const relationKeys = new IdSet();
  const relations = await readCsvFile(dir, CSV_FILES.relations, log, (row) => {
    const from = references(row, 'from_company_id', known);
    const to = references(row, 'to_company_id', known);
    const relation = mapRelation(row);
    if (!relation) return undefined;
    relation.fromCompanyId = from ?? relation.fromCompanyId;
    relation.toCompanyId = to ?? relation.toCompanyId;
    const key = `${relation.fromCompanyId}\u0000${relation.toCompanyId}\u0000${relation.kind}`;
    if (!relationKeys.add(key)) row.fail(null, null, 'duplicate: an earlier row has the same from_company_id, to_company_id and kind');
    return row.ok ? relation : undefined;
  }, track.row(CSV_FILES.relations));

  const overrideCompanies = new IdSet();
  const overrides = await readCsvFile(dir, CSV_FILES.overrides, log, (row) => {
    unique(row, 'company_id', overrideCompanies, 'duplicate: an earlier row overrides the same company');
    const companyId = references(row, 'company_id', known);
    const override = mapOverride(row);
    if (override) override.companyId = companyId ?? override.companyId;
    return override;
  }, track.row(CSV_FILES.overrides));

  track.end();
  if (log.count > 0) return { ok: false, errors: log.errors, errorCount: log.count };
  // A company without created_at and without any deal or activity gets the epoch.
  for (const company of undated.values()) if (company.createdAt === UNKNOWN_CREATED_AT) company.createdAt = 0;
  const portfolio: Portfolio = {
    companies: companies.records,
    deals: deals.records,
    activities: activities.records,
    relations: relations.records,
    overrides: overrides.records,
  };
  return { ok: true, portfolio };
}

const REPORT_EVERY = 4096;

/** Counts rows across the files, read in CSV_FILES order, and reports every REPORT_EVERY rows. */
async function progressTracker(dir: string, onProgress: ReadOptions['onProgress']): Promise<{ row(spec: CsvFileSpec): RowProgress | undefined; end(): void }> {
  if (!onProgress) return { row: () => undefined, end() {} };
  const specs: readonly CsvFileSpec[] = Object.values(CSV_FILES);
  const sizes = await Promise.all(specs.map((spec) => stat(join(dir, spec.name)).then((info) => info.size, () => 0)));
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  let rows = 0;
  return {
    row(spec) {
      const before = sizes.slice(0, specs.indexOf(spec)).reduce((sum, size) => sum + size, 0);
      return (bytes) => {
        if (++rows % REPORT_EVERY === 0) onProgress({ rows, bytes: before + bytes, totalBytes });
      };
    },
    end: () => onProgress({ rows, bytes: totalBytes, totalBytes }),
  };
}

/** Roughly how many rows a file holds (short rows are ~40 bytes), to size the id sets. */
async function rowEstimate(dir: string, file: string): Promise<number> {
  try {
    return (await stat(join(dir, file))).size / 40;
  } catch {
    return 0;
  }
}

function unique(row: CsvRow, column: string, seen: IdSet, reason = DUPLICATE): void {
  const value = row.raw(column);
  if (value !== '' && !seen.add(value)) row.fail(column, value, reason);
}

/** The company's own id string when the cell names a known company; an error when it names none. */
function references(row: CsvRow, column: string, known: ReadonlyMap<string, string> | null): string | undefined {
  const value = row.raw(column);
  if (!known || value === '') return undefined;
  const id = known.get(value);
  if (id === undefined) row.fail(column, value, 'no company with this id in companies.csv');
  return id;
}

function dateFromRecord(undated: Map<string, Company>, companyId: string, date: number): void {
  const company = undated.get(companyId);
  if (company && date < company.createdAt) company.createdAt = date;
}
