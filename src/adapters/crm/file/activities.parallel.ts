// activities.csv — most of an export's bytes — read by several threads at once: the file is
// cut at line breaks into one byte range per thread, each thread parses its rows
// (activities.worker.ts) while the main thread reads deals.csv, and the main thread then
// takes the ranges in file order: it checks the ids for duplicates, adds the rows' errors
// with their lines in the file, and hands each row over. The records, their order and every
// error are the one-thread read's. A cut that falls inside a quoted field shows as a CSV
// fault at the end of a range; from that record on the file is read on the main thread, as
// it is for a real fault, so the result is the same either way.
import { availableParallelism } from 'node:os';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ACTIVITY_TYPES, CONTACT_LAYERS, type Activity } from '../../../domain/records.ts';
import type { NumberFormat } from './cell-parsers.ts';
import { CSV_FILES } from './csv.columns.ts';
import { fileProblem, readCsvHeader, readCsvRowsFrom, type CsvFileRead, type RowMapper, type RowProgress } from './csv.file.ts';
import { checkHeader } from './csv.row.ts';
import { sniffDelimiter } from './csv.scanner.ts';
import type { IdSet } from './id-set.ts';
import type { ImportErrorLog } from './import-error.ts';
import { ABSENT, batchColumns, ROW_READ, ROW_WRONG_WIDTH, type ActivityBatch, type ActivityRangesJob, type RangeMessage, type ToRangeThread } from './activities.worker.ts';
import type { KnownCompanies } from './known-company.ts';

export interface ParallelReadOptions {
  /** Threads that read activities.csv; below 2 it is read on the main thread. Default: the machine's cores, at most 4. */
  threads?: number;
  /** A smaller activities.csv is read on the main thread (starting threads costs more than it saves). Default 32 MB. */
  minBytes?: number;
  /** Rows per batch a thread hands over. Default 16,384. */
  batchRows?: number;
  /** The smallest range a thread reads at a time. Default 4 MB. */
  minRangeBytes?: number;
}

/** How the main thread takes the rows the threads read. */
export interface ActivityRows {
  log: ImportErrorLog;
  /** The duplicate check on activity ids (the same set a one-thread read uses). */
  ids: IdSet;
  duplicateReason: string;
  /** True: `deliver` gets one reused record without its id (see RecordSink.transient). */
  transient: boolean;
  deliver(activity: Activity, slot: number): void;
  /** The one-thread reader's row handling, for the rest of the file after a fault. */
  readRow: RowMapper<unknown>;
  onRow?: RowProgress;
  between?: () => Promise<void>;
}

export interface ParallelActivities {
  /** How many byte ranges the file was cut into, and how many threads read them. */
  readonly ranges: number;
  readonly threads: number;
  /** The companies are known: the threads start reading. */
  begin(known: KnownCompanies): void;
  /** Takes every range's rows in file order; resolves as a one-thread read of the file would. */
  read(rows: ActivityRows): Promise<CsvFileRead<never>>;
  /** Stops the threads (after read, or when the read is abandoned). */
  stop(): Promise<void>;
}

const WORKER_URL = new URL('./activities.worker.ts', import.meta.url);
/** Batches (~16,000 rows, under 1 MB each) the threads may hand over before the main thread takes them. */
const BATCHES_AHEAD = 256;

/**
 * Starts threads for activities.csv of `dir` (they load while companies.csv is read, and
 * read once `begin` gives them the companies), or null when the file is better read on the
 * main thread: one core, a small or missing file, or a header with a problem (which the
 * one-thread read reports).
 */
export async function startParallelActivities(dir: string, numbers: NumberFormat, options: ParallelReadOptions = {}): Promise<ParallelActivities | null> {
  const spec = CSV_FILES.activities;
  const threads = Math.floor(options.threads ?? Math.min(availableParallelism(), 4));
  const path = join(dir, spec.name);
  if (threads < 2 || (await fileProblem(path)) !== null) return null;
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    if (size < (options.minBytes ?? 32 << 20)) return null;
    const delimiter = await sniffDelimiter(path);
    const head = await readCsvHeader(path, delimiter);
    if (!head || head.dataStart >= size) return null;
    const check = checkHeader(spec, head.header);
    if (check.errors.length > 0) return null;
    // Ranges several times smaller than a thread's share, dealt round: a thread that is done with one goes on with its next while the main thread takes the earlier ones.
    const rangeBytes = Math.max(options.minRangeBytes ?? 4 << 20, Math.ceil((size - head.dataStart) / (threads * 8)));
    const cuts = await cutPoints(handle, head.dataStart, size, Math.max(1, Math.round((size - head.dataStart) / rangeBytes)));
    const ranges = cuts.slice(0, -1).map((start, index) => ({ index, start, end: cuts[index + 1]! }));
    const readers = Array.from({ length: Math.min(threads, ranges.length) }, (_, t) => {
      const job: ActivityRangesJob = {
        path,
        delimiter,
        header: head.header,
        numbers,
        ranges: ranges.filter((r) => r.index % threads === t),
        batchRows: options.batchRows ?? 16_384,
        batchesAhead: Math.max(2, Math.floor(BATCHES_AHEAD / threads)),
      };
      return new ThreadReader(new Worker(WORKER_URL, { workerData: { activityRanges: job } }));
    });
    let known: KnownCompanies | null = null;
    return {
      ranges: ranges.length,
      threads: readers.length,
      begin(companies) {
        known = companies;
        for (const reader of readers) reader.send({ type: 'companies', ids: companies.ids });
      },
      read: (rows) => {
        if (!known) throw new Error('startParallelActivities: read before begin');
        return takeRanges(path, { delimiter, header: head.header, headerLines: head.lines, ignored: check.ignored }, ranges.length, readers, known, rows);
      },
      stop: async () => void (await Promise.all(readers.map((r) => r.stop()))),
    };
  } finally {
    await handle.close();
  }
}

/** Byte offsets that cut [from, size) into about `parts` ranges, each cut just after a line feed. */
async function cutPoints(handle: Awaited<ReturnType<typeof open>>, from: number, size: number, parts: number): Promise<number[]> {
  const cuts = [from];
  const window = Buffer.allocUnsafe(64 << 10);
  for (let k = 1; k < parts; k++) {
    let at = Math.max(from + Math.floor(((size - from) * k) / parts), cuts.at(-1)!);
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

/** One thread's messages, taken in order, and the owner roles it has named so far. */
class ThreadReader {
  readonly roles: string[] = [];
  readonly #worker: Worker;
  readonly #inbox: RangeMessage[] = [];
  #waiting: { resolve: (m: RangeMessage) => void; reject: (e: Error) => void } | null = null;
  #failure: Error | null = null;
  #exited = false;

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: RangeMessage) => {
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
      if (code !== 0) fail(new Error(`a thread reading activities.csv stopped with exit code ${code}`));
    });
  }

  next(): Promise<RangeMessage> {
    const message = this.#inbox.shift();
    if (message) return Promise.resolve(message);
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#exited) return Promise.reject(new Error('a thread reading activities.csv stopped before it was done'));
    return new Promise((resolve, reject) => (this.#waiting = { resolve, reject }));
  }

  send(message: ToRangeThread, transfer: ArrayBuffer[] = []): void {
    this.#worker.postMessage(message, transfer);
  }

  async stop(): Promise<void> {
    if (!this.#exited) await this.#worker.terminate();
  }
}

async function takeRanges(
  path: string,
  file: { delimiter: number; header: string[]; headerLines: number; ignored: string[] },
  ranges: number,
  readers: ThreadReader[],
  known: KnownCompanies,
  rows: ActivityRows,
): Promise<CsvFileRead<never>> {
  const spec = CSV_FILES.activities;
  const { log, ids } = rows;
  const scratch = {} as Activity;
  let linesBefore = file.headerLines;
  try {
    for (let range = 0; range < ranges; range++) {
      // Range k is read by thread k mod threads, which has handed over its earlier ranges already.
      const reader = readers[range % readers.length]!;
      for (;;) {
        const message = await reader.next();
        if (message.type === 'done') {
          if (message.malformed) {
            // From the record with the fault on, one thread reads the rest, as a one-thread read would.
            const complete = await readCsvRowsFrom(path, spec, file.header, log, rows.readRow, { start: message.malformed.offset, linesBefore: linesBefore + message.malformed.recordLine - 1, delimiter: file.delimiter }, rows.onRow, rows.between);
            return { records: [], ignored: file.ignored, complete };
          }
          linesBefore += message.lines;
          break;
        }
        takeBatch(message, reader.roles, linesBefore);
        // Taken: its columns go back to the thread to be filled again.
        const columns = batchColumns(message);
        reader.send({ type: 'ack', columns }, columns);
        if (rows.between) await rows.between();
      }
    }
    return { records: [], ignored: file.ignored, complete: true };
  } finally {
    await Promise.all(readers.map((r) => r.stop()));
  }

  function takeBatch(b: ActivityBatch, roles: string[], lineOffset: number): void {
    for (const role of b.newRoles) roles.push(role);
    const idText = Buffer.from(b.idBytes.buffer, b.idBytes.byteOffset, b.idBytes.length);
    let nextError = 0;
    let idStart = 0;
    for (let i = 0; i < b.rows; i++) {
      const idEnd = b.idEnds[i]!;
      const status = b.status[i]!;
      let duplicate = false;
      if (status !== ROW_WRONG_WIDTH && idEnd > idStart && !ids.addBytes(b.idBytes, idStart, idEnd)) {
        log.add({ file: spec.name, line: b.line[i]! + lineOffset, column: 'id', value: idText.toString('utf8', idStart, idEnd), reason: rows.duplicateReason });
        duplicate = true;
      }
      for (let j = b.errorCount[i]!; j > 0; j--) {
        const error = b.errors[nextError++];
        if (error) log.add({ ...error, line: error.line === null ? null : error.line + lineOffset });
        else log.count += 1; // beyond the range's first errors: the report's list is full already
      }
      rows.onRow?.(b.fileOffset);
      if (status === ROW_READ && !duplicate) {
        const slot = b.slot[i]!;
        const minutes = b.minutes[i]!;
        const role = b.role[i]!;
        const layer = b.layer[i]!;
        if (rows.transient) {
          scratch.companyId = known.ids[slot]!;
          scratch.type = ACTIVITY_TYPES[b.activityType[i]!]!;
          scratch.occurredAt = b.occurredAt[i]!;
          scratch.durationMinutes = Number.isNaN(minutes) ? undefined : minutes;
          scratch.ownerRole = role < 0 ? undefined : roles[role];
          scratch.contactLayer = layer === ABSENT ? undefined : CONTACT_LAYERS[layer];
          rows.deliver(scratch, slot);
        } else {
          const activity: Activity = { id: idText.toString('utf8', idStart, idEnd), companyId: known.ids[slot]!, type: ACTIVITY_TYPES[b.activityType[i]!]!, occurredAt: b.occurredAt[i]! };
          if (!Number.isNaN(minutes)) activity.durationMinutes = minutes;
          if (role >= 0) activity.ownerRole = roles[role]!;
          if (layer !== ABSENT) activity.contactLayer = CONTACT_LAYERS[layer]!;
          rows.deliver(activity, slot);
        }
      }
      idStart = idEnd;
    }
  }
}
