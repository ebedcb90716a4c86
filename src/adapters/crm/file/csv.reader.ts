// Imports a folder of CSV exports (PRODUCT.md §5) as one portfolio, all or nothing: every
// bad cell, header, duplicate and dangling reference is reported as file:line, and any
// error means no portfolio at all.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchRows } from '../../../app/ports/store.port.ts';
import type { PortfolioFrame } from '../../../domain/engine.ts';
import type { ActivityColumns, DealColumns } from '../../../domain/figure-accumulator.ts';
import type { Activity, Company, Deal, SlotIndex } from '../../../domain/records.ts';
import { DOT_DECIMAL, text, type NumberFormat } from './cell-parsers.ts';
import { CSV_FILES, type CsvFileSpec } from './csv.columns.ts';
import { CompanyLine } from './company.line.ts';
import { readCsvFile, type CsvFileRead, type LinesReader, type RowProgress } from './csv.file.ts';
import type { CsvRow } from './csv.row.ts';
import { COMPANY_AMOUNTS, DEAL_AMOUNTS, DutchAmounts } from './dutch-amounts.ts';
import { COMPANY_LABELS, rowMappers, UNKNOWN_CREATED_AT } from './file.mapper.ts';
import { IdSet } from './id-set.ts';
import { companySlots, KnownCompany, type KnownCompanies } from './known-company.ts';
import { recordColumns, type RecordBatch, type RecordFile } from './record-batch.ts';
import { startParallelRecords, type ParallelRecords, type ParallelReadOptions } from './records.parallel.ts';
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
  /** How the folder writes numbers (csv.decimal, csv.thousands); default 1234.56. */
  numbers?: NumberFormat;
  /** Reading deals.csv and activities.csv in several threads (false: on the main thread only). */
  parallel?: ParallelReadOptions | false;
  /** Companies of one shape, with every field (MapperOptions). Default: only the fields that are there. */
  everyCompanyField?: boolean;
}

/**
 * Where a streamed read sends each deal and activity as it is read, with its company's slot:
 * the company's position in companies.csv (-1 when companies.csv could not be read whole).
 * A record handed over may still be part of a folder that turns out invalid.
 */
export interface RecordSink {
  /**
   * True when the sink only reads each record during the call (sums it): the reader then
   * hands over one reused record without its id, so millions of rows make no objects.
   */
  readonly transient?: boolean;
  /** The companies, in slot order, before any deal or activity (not called when companies.csv could not be read whole). */
  companies?(companies: readonly Company[]): void;
  deal(deal: Deal, slot: number): void;
  activity(activity: Activity, slot: number): void;
  /** Awaited between two reads of deals.csv or activities.csv: a sink that stores pages puts them then. */
  flush?(): Promise<void>;
  /**
   * The deals and activities the threads read, a batch of rows at a time instead of one
   * deal() or activity() call each (never for a transient sink, nor while a company waits for
   * its date from its records): a sink that stores them puts the rows as they are. Awaited
   * before the batch is read into again.
   */
  dealRows?(rows: BatchRows<Deal>): Promise<void>;
  activityRows?(rows: BatchRows<Activity>): Promise<void>;
  /**
   * For a transient sink: the deals and activities the threads read, a batch at a time as
   * columns instead of one deal() or activity() call each (not while a company waits for its
   * date from its records). The columns are read into again after the call.
   */
  dealColumns?(columns: DealColumns): void;
  activityColumns?(columns: ActivityColumns): void;
}

/**
 * A streamed read: the companies, relations and overrides, all or nothing; the deals and
 * activities went to the sink (with `slots`' slots: each company's position in frame.companies).
 */
export type StreamResult = { ok: true; frame: PortfolioFrame; slots: SlotIndex; notes: string[] } | Extract<ReadResult, { ok: false }>;

/** The whole folder as one portfolio. */
export async function readPortfolioCsv(dir: string, options: ReadOptions = {}): Promise<ReadResult> {
  const deals: Deal[] = [];
  const activities: Activity[] = [];
  const read = await streamPortfolioCsv(dir, { deal: (d) => deals.push(d), activity: (a) => activities.push(a) }, options);
  if (!read.ok) return read;
  return { ok: true, portfolio: { ...read.frame, deals, activities }, notes: read.notes };
}

/**
 * The folder read once, its deals and activities handed to `sink` as they are read and not
 * kept: an export of millions of records is computed without holding them.
 */
export async function streamPortfolioCsv(dir: string, sink: RecordSink, options: ReadOptions = {}): Promise<StreamResult> {
  const track = await progressTracker(dir, options.onProgress);
  const numbers = options.numbers ?? DOT_DECIMAL;
  const { mapCompany, mapDeal, mapActivity, mapRelation, mapOverride } = rowMappers(numbers, { everyCompanyField: options.everyCompanyField === true });
  // With dot decimals, an amount like 14.873 among amounts with cents is most likely Dutch.
  const dutch = numbers.decimal === '.' && numbers.thousands === '' ? new DutchAmounts() : null;
  const log = new ImportErrorLog();
  // Records that point at a company share its id string.
  const companyIds: KnownCompanies = { set: new IdSet(), ids: [] };
  const undated = new Map<string, Company>();
  const parentRefs: { line: number; parentId: string }[] = [];
  /** A company read, as both ways of reading a line end: its parent to check, its date to find. */
  function keepCompany(company: Company, line: number): void {
    if (company.parentId !== undefined) parentRefs.push({ line, parentId: company.parentId });
    if (company.createdAt === UNKNOWN_CREATED_AT) undated.set(company.id, company);
  }

  /**
   * Most lines of companies.csv read in one pass from the buffer (company.line.ts), as the
   * rows below would read them: a line with a new id, each check passed. Any other line (its id
   * seen before, a refused cell, an odd shape) goes the checked way, which reports it.
   */
  const companyLines: LinesReader<Company> = (header, delimiter, take) => {
    const reader = new CompanyLine(header, delimiter, numbers, options.everyCompanyField === true, COMPANY_LABELS);
    if (!reader.usable) return null;
    return {
      lines: 0,
      readLines(bytes, words, at, end, line, base) {
        for (;; line++) {
          const next = reader.read(bytes, words, at, end);
          // Added last, once the line is known to be read here: a line left to the checked way adds its id there.
          if (next < 0 || !companyIds.set.addBytes(bytes, reader.idStart, reader.idEnd)) return at;
          const company = reader.company!;
          dutch?.watchCells(CSV_FILES.companies.name, COMPANY_AMOUNTS, bytes, reader.amountCells, line);
          companyIds.ids.push(company.id);
          keepCompany(company, line);
          take(company, base + next);
          this.lines++;
          at = next;
        }
      },
    };
  };

  // deals.csv and activities.csv are read by other threads: they start while companies.csv is read here.
  const parallel = options.parallel === false ? null : await startParallelRecords(dir, numbers, options.parallel);
  try {
    return await readFolder(parallel);
  } finally {
    await parallel?.stop();
  }

  async function readFolder(parallel: ParallelRecords | null): Promise<StreamResult> {
    const companies = await readCsvFile(dir, CSV_FILES.companies, log, (row) => {
      // Checked from the cell's bytes; the id's text is the company's (mapCompany reads it too).
      const added = addCell(row, 'id', companyIds.set);
      if (added === false) row.fail('id', row.raw('id'), DUPLICATE);
      dutch?.watch(row, CSV_FILES.companies.name, COMPANY_AMOUNTS);
      const company = mapCompany(row);
      if (added === true) companyIds.ids.push(company?.id ?? row.raw('id'));
      if (company) keepCompany(company, row.line);
      return company;
    }, track.row(CSV_FILES.companies), undefined, companyLines);
    // Without a complete list of companies every reference would look dangling: skip those checks.
    const known = companies.complete ? companyIds : null;
    const company = known ? new KnownCompany(known) : null;
    const companyCell = company ?? text;
    const slot = () => (company ? company.lastSlot : -1);
    if (known) sink.companies?.(companies.records);
    for (const { line, parentId } of parentRefs) {
      if (known && known.set.findText(parentId) < 0) log.add({ file: CSV_FILES.companies.name, line, column: 'parent_id', value: parentId, reason: 'no company with this id in companies.csv' });
    }

    // Threads check company ids against the known companies; without a complete list the files are read here.
    const threads = known ? parallel : null;
    if (known) threads?.begin(known);

    const dealScratch = sink.transient ? ({} as Deal) : undefined;
    const activityScratch = sink.transient ? ({} as Activity) : undefined;
    const between = sink.flush?.bind(sink);
    const transient = sink.transient === true;
    // Records of a company without created_at date it (deliverDeal, deliverActivity): they go one by one then.
    const asRows = <R>(deliverRows: ((rows: BatchRows<R>) => Promise<void>) | undefined) =>
      deliverRows && !transient && undated.size === 0 ? { deliverRows: deliverRows.bind(sink) } : {};

    // One function for both files, told which file a batch is of. With one per file, V8 (which shares a
    // function's optimized code between the closures one site makes) deoptimized takeRanges' batch step on
    // every batch of activities.csv: the step called another function than it had been compiled for.
    // The two sinks are looked up once: reading sink.activityColumns in the step was a property
    // access V8 had not seen made when it compiled the step on deals.csv's batches, and every
    // batch of activities.csv could throw that code away.
    const { dealColumns, activityColumns } = sink;
    const toColumns = (file: RecordFile, b: RecordBatch, rows: Int32Array | null, count: number, labels: readonly string[]) =>
      (file === 'deals' ? dealColumns! : activityColumns!).call(sink, recordColumns(b, rows, count, labels));
    const asColumns = (deliver: ((columns: DealColumns | ActivityColumns) => void) | undefined) => (deliver && transient && undated.size === 0 ? { deliverColumns: toColumns } : {});

    const dealIds = new IdSet(await rowEstimate(dir, CSV_FILES.deals.name));
    const deliverDeal = (deal: Deal, at: number) => {
      if (undated.size > 0) dateFromRecord(undated, deal.companyId, deal.closeDate);
      sink.deal(deal, at);
    };
    const readDeal = (row: CsvRow) => {
      unique(row, 'id', dealIds);
      dutch?.watch(row, CSV_FILES.deals.name, DEAL_AMOUNTS);
      const deal = mapDeal(row, companyCell, dealScratch);
      if (deal) deliverDeal(deal, slot());
      return undefined;
    };
    const deals = threads?.files.includes('deals')
      ? await threads.read('deals', { log, ids: dealIds, duplicateReason: DUPLICATE, dutch, transient, deliver: deliverDeal, ...asRows(sink.dealRows), ...asColumns(sink.dealColumns), readRow: readDeal, onRow: track.row(CSV_FILES.deals), ...(between ? { between } : {}) })
      : await readCsvFile(dir, CSV_FILES.deals, log, readDeal, track.row(CSV_FILES.deals), between);

    const activityIds = new IdSet(await rowEstimate(dir, CSV_FILES.activities.name));
    const deliverActivity = (activity: Activity, at: number) => {
      if (undated.size > 0) dateFromRecord(undated, activity.companyId, activity.occurredAt);
      sink.activity(activity, at);
    };
    const readActivity = (row: CsvRow) => {
      unique(row, 'id', activityIds);
      const activity = mapActivity(row, companyCell, activityScratch);
      if (activity) deliverActivity(activity, slot());
      return undefined;
    };
    const activities = threads?.files.includes('activities')
      ? await threads.read('activities', { log, ids: activityIds, duplicateReason: DUPLICATE, dutch: null, transient, deliver: deliverActivity, ...asRows(sink.activityRows), ...asColumns(sink.activityColumns), readRow: readActivity, onRow: track.row(CSV_FILES.activities), ...(between ? { between } : {}) })
      : await readCsvFile(dir, CSV_FILES.activities, log, readActivity, track.row(CSV_FILES.activities), between);

    const relationKeys = new IdSet();
    const relations = await readCsvFile(dir, CSV_FILES.relations, log, (row) => {
      const relation = mapRelation(row, companyCell);
      if (!relation) return undefined;
      const key = `${relation.fromCompanyId}\u0000${relation.toCompanyId}\u0000${relation.kind}`;
      if (!relationKeys.add(key)) row.fail(null, null, 'duplicate: an earlier row has the same from_company_id, to_company_id and kind');
      return row.ok ? relation : undefined;
    }, track.row(CSV_FILES.relations));

    const overrideCompanies = new IdSet();
    const overrides = await readCsvFile(dir, CSV_FILES.overrides, log, (row) => {
      unique(row, 'company_id', overrideCompanies, 'duplicate: an earlier row overrides the same company');
      return mapOverride(row, companyCell);
    }, track.row(CSV_FILES.overrides));

    track.end();
    const notes = [...ignoredColumns({ companies, deals, activities, relations, overrides }), ...(dutch?.notes() ?? [])];
    if (log.count > 0) return { ok: false, errors: log.errors, errorCount: log.count, notes };
    // A company without created_at and without any deal or activity gets the epoch.
    for (const company of undated.values()) if (company.createdAt === UNKNOWN_CREATED_AT) company.createdAt = 0;
    // Every row of companies.csv is a company (any error would have ended the read above): the set's positions are their slots.
    const slots = companySlots(companyIds);
    return { ok: true, frame: { companies: companies.records, relations: relations.records, overrides: overrides.records }, slots, notes };
  }
}

/** One note per file with columns that are not ours: they were read past, not imported. */
function ignoredColumns(reads: Record<keyof typeof CSV_FILES, CsvFileRead<unknown>>): string[] {
  return Object.entries(reads)
    .filter(([, read]) => read.ignored.length > 0)
    .map(([file, read]) => `${CSV_FILES[file as keyof typeof CSV_FILES].name}: ignored ${read.ignored.length === 1 ? 'the column' : `${read.ignored.length} columns`} that Klantwaarde does not read: ${read.ignored.join(', ')}`);
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
    return Math.ceil((await stat(join(dir, file))).size / 40);
  } catch {
    return 0;
  }
}

/** Checks the cell's id against those seen before, from its bytes (no string per row). */
function unique(row: CsvRow, column: string, seen: IdSet, reason = DUPLICATE): void {
  if (addCell(row, column, seen) === false) row.fail(column, row.raw(column), reason);
}

/** Adds the cell's text to `seen` (from its bytes when they are its text): whether it was new; null when the cell is empty or absent. */
function addCell(row: CsvRow, column: string, seen: IdSet): boolean | null {
  const at = row.field(column);
  const r = row.record!;
  if (at < 0 || r.starts[at] === r.ends[at]) return null;
  return r.quoted[at] === 1 ? seen.add(r.text(at)!) : seen.addBytes(r.bytes, r.starts[at]!, r.ends[at]!);
}

function dateFromRecord(undated: Map<string, Company>, companyId: string, date: number): void {
  const company = undated.get(companyId);
  if (company && date < company.createdAt) company.createdAt = date;
}
