// What the threads that read deals.csv and activities.csv hand the main thread: rows as
// typed columns, each file's fields laid out the same way on both sides.
import { ACTIVITY_COLUMN_NUMBERS, ACTIVITY_COLUMN_TEXTS, DEAL_COLUMN_NUMBERS, DEAL_COLUMN_TEXTS, type ActivityColumns, type DealColumns } from '../../../domain/figure-accumulator.ts';
import type { Activity, Deal } from '../../../domain/records.ts';
import type { ImportError } from './import-error.ts';
import type { NumberFormat } from './cell-parsers.ts';

export type RecordFile = 'deals' | 'activities';

/**
 * A file's fields (besides id and company) in a batch: numbers as doubles (NaN: empty), texts
 * as label codes (-1: empty), per row in this order — put by putDeal/putActivity, read back
 * by dealFields/activityFields.
 */
export interface FieldLayout {
  numbers: readonly string[];
  texts: readonly string[];
}

// The accumulator's columns: addDeals and addActivities read a batch as it is.
export const LAYOUTS: Record<RecordFile, FieldLayout> = {
  deals: {
    numbers: DEAL_COLUMN_NUMBERS,
    texts: DEAL_COLUMN_TEXTS,
  },
  activities: {
    numbers: ACTIVITY_COLUMN_NUMBERS,
    texts: ACTIVITY_COLUMN_TEXTS,
  },
};

const DEAL_NUMBERS = LAYOUTS.deals.numbers.length;
const DEAL_TEXTS = LAYOUTS.deals.texts.length;
const ACTIVITY_NUMBERS = LAYOUTS.activities.numbers.length;
const ACTIVITY_TEXTS = LAYOUTS.activities.texts.length;

/** A label's code in the thread's list (-1: no text). */
export type LabelCode = (text: string | undefined) => number;

/** Puts a read deal into row i (the order of LAYOUTS.deals). */
export function putDeal(b: RecordBatch, i: number, d: Omit<Deal, 'id' | 'companyId'>, code: LabelCode): void {
  const n = i * DEAL_NUMBERS;
  const t = i * DEAL_TEXTS;
  b.numbers[n] = d.amount;
  b.numbers[n + 1] = d.closeDate;
  b.numbers[n + 2] = d.cost ?? Number.NaN;
  b.numbers[n + 3] = d.marginPct ?? Number.NaN;
  b.numbers[n + 4] = d.discount ?? Number.NaN;
  b.numbers[n + 5] = d.orderCount ?? Number.NaN;
  b.texts[t] = code(d.status);
  b.texts[t + 1] = code(d.pipeline);
}

/** Puts a read activity into row i (the order of LAYOUTS.activities). */
export function putActivity(b: RecordBatch, i: number, a: Omit<Activity, 'id' | 'companyId'>, code: LabelCode): void {
  const n = i * ACTIVITY_NUMBERS;
  const t = i * ACTIVITY_TEXTS;
  b.numbers[n] = a.occurredAt;
  b.numbers[n + 1] = a.durationMinutes ?? Number.NaN;
  b.texts[t] = code(a.type);
  b.texts[t + 1] = code(a.ownerRole);
  b.texts[t + 2] = code(a.contactLayer);
}

/**
 * Row i's deal fields into `into`, in mapDeal's order; `all`: the empty ones too (as undefined).
 * Each field is stored by its name: a store keyed by a variable name is a slow lookup per cell.
 */
export function dealFields(into: Record<string, unknown>, b: RecordBatch, i: number, labels: readonly string[], all: boolean): void {
  const n = i * DEAL_NUMBERS;
  const t = i * DEAL_TEXTS;
  into.amount = b.numbers[n]!;
  into.closeDate = b.numbers[n + 1]!;
  into.status = labels[b.texts[t]!];
  const pipeline = textOf(labels, b.texts[t + 1]!);
  if (all || pipeline !== undefined) into.pipeline = pipeline;
  const cost = numberOf(b.numbers[n + 2]!);
  if (all || cost !== undefined) into.cost = cost;
  const marginPct = numberOf(b.numbers[n + 3]!);
  if (all || marginPct !== undefined) into.marginPct = marginPct;
  const discount = numberOf(b.numbers[n + 4]!);
  if (all || discount !== undefined) into.discount = discount;
  const orderCount = numberOf(b.numbers[n + 5]!);
  if (all || orderCount !== undefined) into.orderCount = orderCount;
}

/** Row i's activity fields into `into`, in mapActivity's order (as dealFields). */
export function activityFields(into: Record<string, unknown>, b: RecordBatch, i: number, labels: readonly string[], all: boolean): void {
  const n = i * ACTIVITY_NUMBERS;
  const t = i * ACTIVITY_TEXTS;
  into.type = labels[b.texts[t]!];
  into.occurredAt = b.numbers[n]!;
  const durationMinutes = numberOf(b.numbers[n + 1]!);
  if (all || durationMinutes !== undefined) into.durationMinutes = durationMinutes;
  const ownerRole = textOf(labels, b.texts[t + 1]!);
  if (all || ownerRole !== undefined) into.ownerRole = ownerRole;
  const contactLayer = textOf(labels, b.texts[t + 2]!);
  if (all || contactLayer !== undefined) into.contactLayer = contactLayer;
}

/** Rows `rows` (null: all) of a deals or activities batch as the accumulator's columns. */
export function recordColumns(b: RecordBatch, rows: Int32Array | null, count: number, labels: readonly string[]): DealColumns | ActivityColumns {
  return { rows, count, slots: b.slot, numbers: b.numbers, texts: b.texts, labels };
}

const numberOf = (value: number): number | undefined => (Number.isNaN(value) ? undefined : value);
const textOf = (labels: readonly string[], code: number): string | undefined => (code < 0 ? undefined : labels[code]);

/** Row status in a batch: read. */
export const ROW_READ = 0;
/** The row's field count differs from the header's; nothing else of it was checked. */
export const ROW_WRONG_WIDTH = 1;
/** A cell of the row was refused. */
export const ROW_REFUSED = 2;

/** Rows of one range in file order, as columns. Lines count from the range's start (its first line is 1). */
export interface RecordBatch {
  type: 'batch';
  range: number;
  rows: number;
  status: Uint8Array;
  line: Int32Array;
  /** How many errors the row added (they are in `errors` while the range had fewer than the report's cap). */
  errorCount: Uint8Array;
  /** The rows' ids as UTF-8, one after another: id i ends at idEnds[i]. */
  idBytes: Uint8Array;
  idEnds: Int32Array;
  slot: Int32Array;
  /** rows × the layout's numbers. */
  numbers: Float64Array;
  /** rows × the layout's texts: codes into the thread's labels. */
  texts: Int32Array;
  /** Labels the thread named first in this batch, continuing its list. */
  newLabels: string[];
  errors: ImportError[];
  /** Where the batch's last row ends in the file. */
  fileOffset: number;
  /** Every row was read (ROW_READ) and added no error. */
  clean: boolean;
}

/** What a range's Dutch-amount check saw (deals.csv), lines counted from the range's start. */
export interface AmountsSeen {
  column: string;
  withCents: number;
  suspects: { line: number; value: string }[];
  suspectCount: number;
}

export interface RangeDone {
  type: 'done';
  range: number;
  /** Line breaks in the range (read up to a fault). */
  lines: number;
  /** The CSV broke in the range: where its record starts (lines counted from the range's start). */
  malformed: { message: string; line: number; offset: number; recordLine: number } | null;
  amounts: AmountsSeen[];
}

/** A thread's first message: the companies it read from companies.csv, as a fingerprint. */
export interface CompaniesRead {
  type: 'companies';
  fingerprint: string;
}

export type RangeMessage = RecordBatch | RangeDone;
export type ThreadMessage = CompaniesRead | RangeMessage;

/**
 * One range of one file. Ranges are numbered across both files, deals first. A thread takes
 * the next range no one has claimed yet (claimRange); so does the main thread while it waits
 * for the range it needs next.
 */
export interface RecordRange {
  index: number;
  file: RecordFile;
  start: number;
  end: number;
}

/** A thread's work: companies.csv's ids (read by the thread itself, while the main thread reads the whole file), then the ranges it claims, one after the other. */
export interface RecordRangesJob {
  companies: string;
  files: Partial<Record<RecordFile, { path: string; delimiter: number; header: string[] }>>;
  numbers: NumberFormat;
  /** Every range, in order. */
  ranges: RecordRange[];
  /** Who reads each range (an Int32Array over it, UNCLAIMED until someone claims it), shared by every thread. */
  claims: SharedArrayBuffer;
  /** This thread's number in `claims`. */
  reader: number;
  batchRows: number;
  /** Batches handed over and not yet given back before the thread waits. */
  batchesAhead: number;
}

/** From the main thread: each batch's columns when it was taken. */
export type ToRangeThread = { type: 'taken'; columns: ArrayBuffer[] };

/** The batch's columns as the buffers handed over (and given back, in this order). */
export function batchColumns(b: RecordBatch): ArrayBuffer[] {
  return [b.status, b.line, b.errorCount, b.idBytes, b.idEnds, b.slot, b.numbers, b.texts].map((a) => a.buffer as ArrayBuffer);
}

/** The most text codes a row of any file takes: a batch's texts are this wide, so deals' batches are reused for activities. */
const MOST_TEXTS = Math.max(...Object.values(LAYOUTS).map((l) => l.texts.length));

/**
 * A batch for `rows` rows of `layout`, in columns given back by the main thread when they are
 * big enough (a deals batch's are, for activities: fresh pages are dear), else new ones.
 */
export function emptyBatch(range: number, rows: number, layout: FieldLayout, spare: ArrayBuffer[] | undefined): RecordBatch {
  const numbersLength = rows * layout.numbers.length;
  const textsLength = rows * layout.texts.length;
  const fits = spare && spare[0]!.byteLength === rows && spare[6]!.byteLength >= numbersLength * 8 && spare[7]!.byteLength >= textsLength * 4;
  const [status, line, errorCount, idBytes, idEnds, slot, numbers, texts] = fits ? spare : [];
  return {
    type: 'batch',
    range,
    rows: 0,
    status: status ? new Uint8Array(status) : new Uint8Array(rows),
    line: line ? new Int32Array(line) : new Int32Array(rows),
    errorCount: errorCount ? new Uint8Array(errorCount) : new Uint8Array(rows),
    idBytes: idBytes ? new Uint8Array(idBytes) : new Uint8Array(rows * 12),
    idEnds: idEnds ? new Int32Array(idEnds) : new Int32Array(rows),
    slot: slot ? new Int32Array(slot) : new Int32Array(rows),
    numbers: new Float64Array(numbers ?? new ArrayBuffer(numbersLength * 8), 0, numbersLength),
    texts: new Int32Array(texts ?? new ArrayBuffer(rows * MOST_TEXTS * 4), 0, textsLength),
    newLabels: [],
    errors: [],
    fileOffset: 0,
    clean: true,
  };
}

/** A range no thread has claimed yet. */
export const UNCLAIMED = -1;

/** Ranges claimed by no one yet, for `count` ranges: shared with the threads. */
export function rangeClaims(count: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, count) * 4)).fill(UNCLAIMED);
}

/** Claims range k for `reader` when no one has; true when it is now the reader's. */
export function claimRange(claims: Int32Array, k: number, reader: number): boolean {
  const was = Atomics.compareExchange(claims, k, UNCLAIMED, reader);
  return was === UNCLAIMED || was === reader;
}

/** The first range from `from` on that no one has claimed, or -1. */
export function firstUnclaimed(claims: Int32Array, from: number): number {
  for (let k = from; k < claims.length; k++) if (Atomics.load(claims, k) === UNCLAIMED) return k;
  return -1;
}
