// deals.csv and activities.csv — nearly all of an export's bytes — read by several threads
// at once. Each file is cut at line breaks into byte ranges; each thread (records.worker.ts)
// claims the next range no one has claimed yet. The threads read companies.csv's ids
// themselves and start while the main thread reads the whole of it; their ids are checked
// against its own before a row is taken. The main thread takes the ranges in file order: it
// checks the ids for duplicates, puts the rows' errors in with their lines in the file, and
// hands each row over. While the range it needs next is not read yet, it claims and reads the
// next unclaimed range itself (one thread fewer: each thread costs its start, its own read of
// companies.csv and compiling the reading code again). Records, their order, every error and
// every note are the one-thread read's. A cut that falls inside a quoted field shows as a CSV
// fault at the end of a range: from that record on the file is read on the main thread, as it
// is for a real fault, so the result is the same either way.
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BatchRows } from '../../../app/ports/store.port.ts';
import type { Activity, Deal } from '../../../domain/records.ts';
import type { NumberFormat } from './cell-parsers.ts';
import { CSV_FILES } from './csv.columns.ts';
import { fileProblem, readCsvHeader, readCsvRowsFrom, type CsvFileRead, type RowMapper, type RowProgress } from './csv.file.ts';
import { checkHeader } from './csv.row.ts';
import { sniffDelimiter } from './csv.scanner.ts';
import type { DutchAmounts } from './dutch-amounts.ts';
import type { IdSet } from './id-set.ts';
import type { ImportErrorLog } from './import-error.ts';
import { idsFingerprint, KnownCompany, type KnownCompanies } from './known-company.ts';
import { activityFields, batchColumns, claimRange, dealFields, firstUnclaimed, rangeClaims, ROW_READ, ROW_WRONG_WIDTH, type RangeMessage, type RecordBatch, type RecordFile, type RecordRange, type RecordRangesJob, type ThreadMessage, type ToRangeThread } from './record-batch.ts';
import { fileReader, type ThreadState } from './records.worker.ts';
import { rowMappers } from './file.mapper.ts';

export interface ParallelReadOptions {
  /**
   * Threads that read deals.csv and activities.csv, the main thread among them (it reads a
   * range while it waits for the one it needs); below 2 they are read on the main thread alone.
   * Default: the machine's cores, at most 4.
   */
  threads?: number;
  /** A smaller file is read on the main thread (starting threads costs more than it saves). Default 32 MB. */
  minBytes?: number;
  /** Rows per batch a thread hands over. Default 16,384. */
  batchRows?: number;
  /** The smallest range a thread reads at a time. Default 4 MB. */
  minRangeBytes?: number;
  /** The main thread claims every other range before the threads start (tests: it reads ranges whatever the timing), not only those it takes while it waits. */
  mainClaimsEveryOther?: boolean;
}

/** How the main thread takes the rows of one file the threads read. */
export interface RecordRows<R> {
  log: ImportErrorLog;
  /** The duplicate check on the file's ids (the same set a one-thread read uses). */
  ids: IdSet;
  duplicateReason: string;
  /** Where deals.csv's amounts are watched for Dutch thousands dots (null: not watched). */
  dutch: DutchAmounts | null;
  /** True: `deliver` gets one reused record without its id (see RecordSink.transient). */
  transient: boolean;
  deliver(record: R, slot: number): void;
  /** When set (and not transient), each batch's records go here as rows instead of one deliver() each; awaited before the batch is read into again. */
  deliverRows?: (rows: BatchRows<R>) => Promise<void>;
  /**
   * When set (a transient read with no company waiting for its date), each batch's rows go
   * here as they are — `rows` the ones to take (null: all of them) — instead of one deliver()
   * each; the batch is read into again after the call. The same function for every file (the
   * batch's file is its first argument).
   */
  deliverColumns?: (file: RecordFile, batch: RecordBatch, rows: Int32Array | null, count: number, labels: readonly string[]) => void;
  /** The one-thread reader's row handling, for the rest of the file after a fault. */
  readRow: RowMapper<unknown>;
  onRow?: RowProgress;
  between?: () => Promise<void>;
}

export interface ParallelRecords {
  /** The files the threads read (a file that is not here is read on the main thread). */
  readonly files: readonly RecordFile[];
  /** How many byte ranges the files were cut into, and how many threads read them (the main thread among them). */
  readonly ranges: number;
  readonly threads: number;
  /** The ranges the main thread has read itself so far, by number. */
  readonly readHere: readonly number[];
  /** The companies as the main thread read them: the threads' own reading of their ids must match. */
  begin(known: KnownCompanies): void;
  /** Takes the file's rows in file order (deals before activities); resolves as a one-thread read of the file would. */
  read(file: 'deals', rows: RecordRows<Deal>): Promise<CsvFileRead<never>>;
  read(file: 'activities', rows: RecordRows<Activity>): Promise<CsvFileRead<never>>;
  /** Stops the threads (after the reads, or when they are abandoned). */
  stop(): Promise<void>;
}

const WORKER_URL = new URL('./records.worker.ts', import.meta.url);
/** Batches (~16,000 rows, about 1 MB each) the threads may hand over before the main thread takes them. */
const BATCHES_AHEAD = 128;
const FILES: readonly RecordFile[] = ['deals', 'activities'];

interface FilePlan {
  path: string;
  delimiter: number;
  header: string[];
  headerLines: number;
  ignored: string[];
  ranges: RecordRange[];
}

/**
 * Starts threads for deals.csv and activities.csv of `dir`, or null when no file is better
 * read by them: one core, small or missing files, or headers with a problem (which the
 * one-thread read reports).
 */
export async function startParallelRecords(dir: string, numbers: NumberFormat, options: ParallelReadOptions = {}): Promise<ParallelRecords | null> {
  const threads = Math.floor(options.threads ?? Math.min(availableParallelism(), 4));
  if (threads < 2) return null;
  const plans = new Map<RecordFile, FilePlan>();
  let next = 0;
  for (const file of FILES) {
    const plan = await planFile(join(dir, CSV_FILES[file].name), file, next, threads, options);
    if (!plan) continue;
    plans.set(file, plan);
    next += plan.ranges.length;
  }
  if (plans.size === 0) return null;
  const ranges = [...plans.values()].flatMap((p) => p.ranges);
  const files = Object.fromEntries([...plans].map(([file, p]) => [file, { path: p.path, delimiter: p.delimiter, header: p.header }]));
  // Threads besides this one; this one is the last reader in the claims.
  const count = Math.max(1, Math.min(threads - 1, ranges.length));
  const main = count;
  const claims = rangeClaims(ranges.length);
  if (options.mainClaimsEveryOther) for (let k = 1; k < ranges.length; k += 2) claims[k] = main;
  const job = (reader: number): RecordRangesJob => ({
    companies: join(dir, CSV_FILES.companies.name),
    files,
    numbers,
    ranges,
    claims: claims.buffer as SharedArrayBuffer,
    reader,
    batchRows: options.batchRows ?? 16_384,
    batchesAhead: Math.max(2, Math.floor(BATCHES_AHEAD / count)),
  });
  const readers = Array.from({ length: count }, (_, t) => new ThreadReader(new Worker(WORKER_URL, { workerData: { recordRanges: job(t) } })));
  let known: { companies: KnownCompanies; fingerprint: string; local: LocalReader } | null = null;
  return {
    files: [...plans.keys()],
    ranges: ranges.length,
    threads: readers.length + 1,
    get readHere() {
      return known?.local.rangesRead ?? [];
    },
    begin(companies) {
      known = { companies, fingerprint: idsFingerprint(companies.ids), local: new LocalReader(job(main), companies) };
    },
    read(file: RecordFile, rows: RecordRows<Deal> | RecordRows<Activity>) {
      const plan = plans.get(file);
      if (!known || !plan) throw new Error(`startParallelRecords: ${file} is not read by the threads, or read before begin`);
      return takeRanges(file, plan, readers, known.local, claims, known.companies, known.fingerprint, rows as unknown as RecordRows<Record<string, unknown>>);
    },
    stop: async () => void (await Promise.all(readers.map((r) => r.stop()))),
  };
}

/** The file's header and ranges, or null when it is better read on the main thread. */
async function planFile(path: string, file: RecordFile, firstIndex: number, threads: number, options: ParallelReadOptions): Promise<FilePlan | null> {
  if ((await fileProblem(path)) !== null) return null;
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    if (size < (options.minBytes ?? 32 << 20)) return null;
    const delimiter = await sniffDelimiter(path);
    const head = await readCsvHeader(path, delimiter);
    if (!head || head.dataStart >= size) return null;
    const check = checkHeader(CSV_FILES[file], head.header);
    if (check.errors.length > 0) return null;
    const cuts = await cutPoints(handle, head.dataStart, size, rangeSizes(size - head.dataStart, threads, options.minRangeBytes ?? 4 << 20));
    const ranges = cuts.slice(0, -1).map((start, k) => ({ index: firstIndex + k, file, start, end: cuts[k + 1]! }));
    return { path, delimiter, header: head.header, headerLines: head.lines, ignored: check.ignored, ranges };
  } finally {
    await handle.close();
  }
}

/**
 * How long each range of a file of `bytes` bytes is (before it is cut at a line feed). Ranges
 * are several times smaller than a thread's share, so a thread that is done with one goes on
 * with its next while the main thread takes the earlier ones; towards the end of the file they
 * shrink (each a share of what is left, down to `smallest`): the main thread also adds every
 * row up, and a large last range it read itself kept it busy while the other threads had
 * nothing left to read.
 */
export function rangeSizes(bytes: number, threads: number, smallest: number): number[] {
  const largest = Math.max(smallest, Math.ceil(bytes / (threads * 8)));
  const sizes: number[] = [];
  for (let left = bytes; left > 0; ) {
    const size = Math.min(left, Math.max(smallest, Math.min(largest, Math.ceil(left / (threads * 4)))));
    sizes.push(size);
    left -= size;
  }
  // A last range much smaller than the smallest is joined to the one before.
  if (sizes.length > 1 && sizes.at(-1)! < smallest / 2) sizes[sizes.length - 2]! += sizes.pop()!;
  return sizes;
}

/** Byte offsets that cut [from, size) into ranges of about `sizes`, each cut just after a line feed. */
async function cutPoints(handle: Awaited<ReturnType<typeof open>>, from: number, size: number, sizes: readonly number[]): Promise<number[]> {
  const cuts = [from];
  const window = Buffer.allocUnsafe(64 << 10);
  let planned = from;
  for (const length of sizes.slice(0, -1)) {
    planned += length;
    let at = Math.max(planned, cuts.at(-1)!);
    let cut = -1;
    while (at < size && cut < 0) {
      const { bytesRead } = await handle.read(window, 0, window.length, at);
      if (bytesRead === 0) break;
      const lf = window.subarray(0, bytesRead).indexOf(10);
      if (lf >= 0) cut = at + lf + 1;
      else at += bytesRead;
    }
    if (cut > cuts.at(-1)! && cut < size) cuts.push(cut);
  }
  cuts.push(size);
  return cuts;
}

/** Where the main thread takes a range's messages from: the thread that read it, or itself. */
interface RangeReader {
  /** The labels it has named so far. */
  readonly labels: string[];
  /** The next message for range k (a thread's may be left over from an earlier range). */
  next(k: number): Promise<ThreadMessage>;
  /** The batch was taken: its columns may be filled again. */
  give(batch: RecordBatch): void;
}

/** Local batches not yet taken before the main thread stops reading ahead while it waits (about 1 MB each). */
const LOCAL_AHEAD = 64;

/**
 * The ranges the main thread reads itself, with the reading threads' code (records.worker.ts):
 * their messages wait here by range, since a range it reads on its turn may come after one it
 * read ahead.
 */
class LocalReader implements RangeReader {
  readonly labels: string[] = [];
  readonly #byRange = new Map<number, RangeMessage[]>();
  /** Messages read and not yet taken, of all ranges. */
  #queued = 0;
  readonly #thread: ThreadState;
  readonly #files = new Map<RecordFile, (range: RecordRange) => Promise<void>>();

  constructor(job: RecordRangesJob, known: KnownCompanies) {
    this.#thread = {
      job: { ...job, batchesAhead: Number.POSITIVE_INFINITY },
      company: new KnownCompany(known),
      companyIds: known.set,
      mappers: rowMappers(job.numbers),
      labels: new Map(),
      post: (message) => {
        // A label's code is given as it is first read, and ranges may be read out of order (one on its turn after one read ahead): named here, not as taken.
        if (message.type === 'batch') {
          for (const label of message.newLabels) this.labels.push(label);
          message.newLabels = [];
        }
        this.#byRange.get(message.range)!.push(message);
        this.#queued++;
      },
      taken: () => Promise.resolve(),
      ahead: 0,
      spare: [],
      readBuffer: undefined,
    };
  }

  /** The ranges it has read, by number, in the order it read them (the messages' keys). */
  get rangesRead(): number[] {
    return [...this.#byRange.keys()];
  }

  /** Whether it has read ahead as far as it may. */
  get full(): boolean {
    return this.#queued >= LOCAL_AHEAD;
  }

  /** Reads range k (claimed by this thread) into its messages, unless it has already. */
  async read(k: number): Promise<void> {
    if (this.#byRange.has(k)) return;
    this.#byRange.set(k, []);
    const range = this.#thread.job.ranges[k]!;
    let read = this.#files.get(range.file);
    if (!read) this.#files.set(range.file, (read = fileReader(range.file, this.#thread)));
    await read(range);
  }

  next(k: number): Promise<ThreadMessage> {
    // Ranges before k were left (the main thread read on from a fault): their batches are let go.
    for (const [range, messages] of this.#byRange) {
      if (range >= k) continue;
      for (const m of messages) if (m.type === 'batch') this.give(m);
      this.#queued -= messages.length;
      messages.length = 0;
    }
    const message = this.#byRange.get(k)?.shift();
    if (!message) return Promise.reject(new Error(`the main thread has no more of range ${k} to take`));
    this.#queued--;
    return Promise.resolve(message);
  }

  give(batch: RecordBatch): void {
    this.#thread.spare.push(batchColumns(batch));
  }
}

/** One thread's messages, taken in order, and the labels it has named so far. */
class ThreadReader implements RangeReader {
  readonly labels: string[] = [];
  readonly #worker: Worker;
  readonly #inbox: ThreadMessage[] = [];
  #waiting: { resolve: (m: ThreadMessage) => void; reject: (e: Error) => void } | null = null;
  #failure: Error | null = null;
  #exited = false;

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: ThreadMessage) => {
      const waiting = this.#waiting;
      this.#waiting = null;
      if (waiting) waiting.resolve(message);
      else this.#inbox.push(message);
    });
    const fail = (error: Error) => {
      this.#failure ??= error;
      const waiting = this.#waiting;
      this.#waiting = null;
      waiting?.reject(this.#failure);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      this.#exited = true;
      if (code !== 0) fail(new Error(`a thread reading the CSV records stopped with exit code ${code}`));
    });
  }

  /** Whether a message is there to take now. */
  get waiting(): boolean {
    return this.#inbox.length > 0;
  }

  next(): Promise<ThreadMessage> {
    const message = this.#inbox.shift();
    if (message) return Promise.resolve(message);
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#exited) return Promise.reject(new Error('a thread reading the CSV records stopped before it was done'));
    return new Promise((resolve, reject) => (this.#waiting = { resolve, reject }));
  }

  /** The batch was taken: its columns go back to the thread to be filled again. */
  give(batch: RecordBatch): void {
    const columns = batchColumns(batch);
    this.#worker.postMessage({ type: 'taken', columns } satisfies ToRangeThread, columns);
  }

  async stop(): Promise<void> {
    if (!this.#exited) await this.#worker.terminate();
  }
}

async function takeRanges(file: RecordFile, plan: FilePlan, readers: ThreadReader[], local: LocalReader, claims: Int32Array, known: KnownCompanies, fingerprint: string, rows: RecordRows<Record<string, unknown>>): Promise<CsvFileRead<never>> {
  const spec = CSV_FILES[file];
  const fillFields = file === 'deals' ? dealFields : activityFields;
  const { log, ids } = rows;
  const scratch: Record<string, unknown> = {};
  /** The rows of the batch being taken that deliverRows gets. */
  let kept = new Int32Array(0);
  let linesBefore = plan.headerLines;
  const main = readers.length;
  for (const range of plan.ranges) {
    // The range is read by the thread that claimed it, which has handed over its earlier ranges already; or by this one, now if no one has claimed it.
    if (claimRange(claims, range.index, main)) await local.read(range.index);
    const owner = Atomics.load(claims, range.index);
    const reader: RangeReader = owner === main ? local : readers[owner]!;
    for (;;) {
      // While the thread has nothing for it yet, this one reads the next range no one has claimed.
      while (reader instanceof ThreadReader && !reader.waiting && !local.full) {
        const ahead = firstUnclaimed(claims, range.index + 1);
        if (ahead < 0) break;
        if (claimRange(claims, ahead, main)) await local.read(ahead);
      }
      const message = await reader.next(range.index);
      if (message.type === 'companies') {
        // The thread's first message: it must have found the companies (and slots) this thread did.
        if (message.fingerprint !== fingerprint) throw new Error(`a thread reading the CSV records found other companies in companies.csv (${message.fingerprint}) than the main thread (${fingerprint})`);
        continue;
      }
      if (message.range < range.index) {
        // Left over from a range after a fault (read on the main thread instead): passed over.
        if (message.type === 'batch') reader.give(message);
        continue;
      }
      if (message.type === 'done') {
        rows.dutch?.add(spec.name, message.amounts, linesBefore);
        if (message.malformed) {
          // From the record with the fault on, the main thread reads the rest, as a one-thread read would.
          const from = { start: message.malformed.offset, linesBefore: linesBefore + message.malformed.recordLine - 1, delimiter: plan.delimiter };
          const complete = await readCsvRowsFrom(plan.path, spec, plan.header, log, rows.readRow, from, rows.onRow, rows.between);
          return { records: [], ignored: plan.ignored, complete };
        }
        linesBefore += message.lines;
        break;
      }
      const taken = takeBatch(message, reader.labels, linesBefore);
      if (taken) await rows.deliverRows!(taken);
      reader.give(message);
      if (rows.between) await rows.between();
    }
  }
  return { records: [], ignored: plan.ignored, complete: true };

  /** The batch's rows checked and their errors logged; its records delivered one by one, or (deliverRows) returned as rows. */
  function takeBatch(b: RecordBatch, labels: string[], lineOffset: number): BatchRows<Record<string, unknown>> | null {
    for (const label of b.newLabels) labels.push(label);
    const asColumns = rows.deliverColumns !== undefined;
    const asRows = !asColumns && rows.deliverRows !== undefined && !rows.transient;
    if ((asRows || asColumns) && kept.length < b.rows) kept = new Int32Array(b.rows);
    let count = 0;
    const idText = Buffer.from(b.idBytes.buffer, b.idBytes.byteOffset, b.idBytes.length);
    let nextError = 0;
    let idStart = 0;
    // The batch's first rows with an id, while their ids ascend (an export sorted by id: all of them), are added at once.
    const added = ids.addAscending(b.idBytes, b.idEnds, rowsWithIds(b));
    // Every row read without an error, every id new, no progress to report per row: the rows are all taken as they are.
    if (b.clean && added === b.rows && rows.onRow === undefined && (asRows || asColumns)) {
      if (asColumns) {
        if (b.rows > 0) rows.deliverColumns!(file, b, null, b.rows, labels);
        return null;
      }
      for (let i = 0; i < b.rows; i++) kept[i] = i;
      return b.rows > 0 ? keptRows(b, kept, b.rows, labels, idText) : null;
    }
    for (let i = 0; i < b.rows; i++) {
      const idEnd = b.idEnds[i]!;
      const status = b.status[i]!;
      let duplicate = false;
      if (i >= added && status !== ROW_WRONG_WIDTH && idEnd > idStart && !ids.addBytes(b.idBytes, idStart, idEnd)) {
        log.add({ file: spec.name, line: b.line[i]! + lineOffset, column: 'id', value: idText.toString('utf8', idStart, idEnd), reason: rows.duplicateReason });
        duplicate = true;
      }
      for (let j = b.errorCount[i]!; j > 0; j--) {
        const error = b.errors[nextError++];
        if (error) log.add({ ...error, line: error.line === null ? null : error.line + lineOffset });
        else log.count += 1; // beyond the range's first errors: the report's list is full already
      }
      rows.onRow?.(b.fileOffset);
      if (status === ROW_READ && !duplicate && (asRows || asColumns)) {
        kept[count++] = i;
      } else if (status === ROW_READ && !duplicate) {
        const slot = b.slot[i]!;
        // The one-thread read's record: a reused one with every field (transient), or a new one with the fields that are there.
        const record: Record<string, unknown> = rows.transient ? scratch : { id: idText.toString('utf8', idStart, idEnd) };
        record.companyId = known.ids[slot]!;
        fillFields(record, b, i, labels, rows.transient);
        rows.deliver(record, slot);
      }
      idStart = idEnd;
    }
    if (asColumns) {
      if (count > 0) rows.deliverColumns!(file, b, count === b.rows ? null : kept, count, labels);
      return null;
    }
    return asRows && count > 0 ? keptRows(b, kept, count, labels, idText) : null;
  }

  /** Rows `kept[0…count)` of the batch, each filled as takeBatch fills a transient record, with its id. */
  function keptRows(b: RecordBatch, rowsKept: Int32Array, count: number, labels: readonly string[], idText: Buffer): BatchRows<Record<string, unknown>> {
    return {
      count,
      fill(k, into) {
        const i = rowsKept[k]!;
        into.id = idText.toString('utf8', i === 0 ? 0 : b.idEnds[i - 1]!, b.idEnds[i]!);
        into.companyId = known.ids[b.slot[i]!]!;
        fillFields(into, b, i, labels, true);
      },
    };
  }
}

/**
 * How many of the batch's first rows have an id (no row of the wrong width, no empty id). A
 * function of its own: as a loop at the head of takeBatch, V8 compiled takeBatch in the middle
 * of that loop (16,384 rows) before the code after it had ever run, and the compiled code gave
 * up at that code on every batch until it was compiled again.
 */
function rowsWithIds(b: RecordBatch): number {
  let withIds = 0;
  while (withIds < b.rows && b.status[withIds] !== ROW_WRONG_WIDTH && b.idEnds[withIds]! > (withIds === 0 ? 0 : b.idEnds[withIds - 1]!)) withIds++;
  return withIds;
}
