// Byte ranges of deals.csv and activities.csv, read in a thread of its own: every row
// checked and parsed exactly as the one-thread reader does it (same cells, same errors, same
// order, the same Dutch-amount check), handed back as batches of typed columns, so the main
// thread only checks ids for duplicates and adds the rows up. The main thread reads the
// ranges it claims with the same code (fileReader). records.parallel.ts is the other half.
import { parentPort, workerData } from 'node:worker_threads';
import { CSV_FILES } from './csv.columns.ts';
import { CsvRow } from './csv.row.ts';
import { CHUNK_BYTES, MalformedCsvError, scanCsvFile, type CsvRecord, type LineReader } from './csv.scanner.ts';
import { ActivityLine } from './activity.line.ts';
import { DealLine } from './deal.line.ts';
import { DEAL_AMOUNTS, DutchAmounts } from './dutch-amounts.ts';
import { rowMappers, type RowMappers } from './file.mapper.ts';
import { ImportErrorLog, MAX_REPORTED_ERRORS, type ImportError } from './import-error.ts';
import type { IdSet } from './id-set.ts';
import { idsFingerprint, KnownCompany, readKnownCompanies } from './known-company.ts';
import { batchColumns, claimRange, emptyBatch, firstUnclaimed, LAYOUTS, putActivity, putDeal, ROW_READ, ROW_REFUSED, ROW_WRONG_WIDTH, type RangeDone, type RangeMessage, type RecordRange, type RecordRangesJob, type ThreadMessage, type ToRangeThread, type LabelCode, type RecordFile } from './record-batch.ts';

/** Keeps the range's first errors (the only ones that can be among the report's first). */
class RangeErrors extends ImportErrorLog {
  fresh: ImportError[] = [];

  override add(error: ImportError): void {
    if (this.count < MAX_REPORTED_ERRORS) this.fresh.push(error);
    super.add(error);
  }
}

/** Rows in a file's first batch: sent before V8 compiles the loop that fills batches. */
const FIRST_BATCH_ROWS = 64;

/** What a thread keeps across its ranges (the main thread keeps one too, for the ranges it reads itself). */
export interface ThreadState {
  job: RecordRangesJob;
  company: KnownCompany;
  /** The same companies' ids, as the line reader looks them up. */
  companyIds: IdSet;
  mappers: RowMappers;
  /** The labels (statuses, pipelines, types, roles, layers) by code, as the thread named them. */
  labels: Map<string, number>;
  post: (message: RangeMessage, transfer: ArrayBuffer[]) => void;
  /** Resolves when the main thread has taken a batch. */
  taken: () => Promise<void>;
  /** Batches handed over and not yet taken. */
  ahead: number;
  /** Columns of batches the main thread has taken, to fill again. */
  spare: ArrayBuffer[][];
  /** The buffer every range is read into (or a bigger one a long record needed). */
  readBuffer: Buffer | undefined;
}

/**
 * Reads one file's ranges in this thread, one after the other. Its cell readers and the
 * handlers the scanner calls are made once and serve every range: made again per range, each
 * new closure was a new call target to the compiled scanner, which V8 then threw away and
 * compiled again, dozens of times a run.
 */
export function fileReader(name: RecordFile, thread: ThreadState): (range: RecordRange) => Promise<void> {
  const { job, company, labels, post } = thread;
  const file = job.files[name]!;
  const spec = CSV_FILES[name];
  const layout = LAYOUTS[name];
  const map = name === 'deals' ? thread.mappers.mapDeal : thread.mappers.mapActivity;
  const put = name === 'deals' ? putDeal : putActivity;
  const idAt = new CsvRow(spec, file.header, new ImportErrorLog()).field('id');
  const scratch = {} as Record<string, unknown>;

  // The range being read. Errors and amounts are kept per range: the main thread puts them in file order.
  let range: RecordRange | null = null;
  let log = new RangeErrors();
  let row = new CsvRow(spec, file.header, log);
  let dutch: DutchAmounts | null = null;
  /** The batch being filled (a placeholder of no rows until the first range starts). */
  let batch = emptyBatch(-1, 0, layout, undefined);
  let idUsed = 0;
  // The file's first batch goes after a few rows, the rest when full. V8 compiles the reading loop
  // after some thousand lines; a full batch comes after 16,384, and its send() was then a call the
  // compiled loop had never seen made, which threw the loop's code away to compile it again.
  let batchLimit = Math.min(FIRST_BATCH_ROWS, job.batchRows);

  // A label's code: first from a small cache by length and first letter (rows share their labels' strings), then the Map.
  const recentText = new Array<string | undefined>(32).fill(undefined);
  const recentCode = new Int32Array(32);
  const code: LabelCode = (text) => {
    if (text === undefined) return -1;
    const at = (text.length * 7 + text.charCodeAt(0)) & 31;
    if (recentText[at] === text) return recentCode[at]!;
    let known = labels.get(text);
    if (known === undefined) {
      labels.set(text, (known = labels.size));
      batch.newLabels.push(text);
    }
    recentText[at] = text;
    recentCode[at] = known;
    return known;
  };

  const send = () => {
    if (batch.rows === 0) return;
    batch.errors = log.fresh;
    log.fresh = [];
    post(batch, batchColumns(batch));
    thread.ahead++;
    batch = emptyBatch(range!.index, job.batchRows, layout, thread.spare.pop());
    idUsed = 0;
    batchLimit = job.batchRows;
  };

  /** Row i is filled in, with its id copied and `errors` logged: the batch goes when it is full. */
  const endRow = (i: number, errors: number) => {
    batch.idEnds[i] = idUsed;
    batch.errorCount[i] = errors;
    if (errors > 0 || batch.status[i] !== ROW_READ) batch.clean = false;
    if (batch.rows === batchLimit) send();
  };

  /** The id as the main thread checks it for duplicates: its text's UTF-8, byte by byte (ids are short). */
  const copyId = (record: CsvRecord) => {
    if (idAt < 0) return;
    if (record.quoted[idAt] === 1) {
      const bytes = Buffer.from(record.text(idAt)!, 'utf8');
      copyIdBytes(bytes, 0, bytes.length);
    } else {
      copyIdBytes(record.bytes, record.starts[idAt]!, record.ends[idAt]!);
    }
  };
  const copyIdBytes = (bytes: Uint8Array, from: number, to: number) => {
    if (idUsed + (to - from) > batch.idBytes.length) {
      const bigger = new Uint8Array(Math.max(batch.idBytes.length * 2, idUsed + (to - from)));
      bigger.set(batch.idBytes.subarray(0, idUsed));
      batch.idBytes = bigger;
    }
    const ids = batch.idBytes;
    for (let k = from; k < to; k++) ids[idUsed++] = bytes[k]!;
  };
  /** A line a one-pass reader read, ending at file offset `offset`: its row, with its id copied and its company's slot. */
  const lineRow = (line: number, offset: number, bytes: Uint8Array, read: { idStart: number; idEnd: number; slot: number }): number => {
    const i = batch.rows++;
    batch.line[i] = line;
    batch.fileOffset = offset;
    copyIdBytes(bytes, read.idStart, read.idEnd);
    batch.status[i] = ROW_READ;
    batch.slot[i] = read.slot;
    return i;
  };
  // Most lines are read in one pass from the buffer, without being cut into cells first. The
  // two loops below are alike on purpose, not made by one helper: closures of one function
  // share V8's type feedback, and the loop would again be compiled for both readers at once.
  const activityLine = name === 'activities' ? new ActivityLine(file.header, file.delimiter, job.numbers, thread.companyIds) : null;
  const dealLine = name === 'deals' ? new DealLine(file.header, file.delimiter, job.numbers, thread.companyIds) : null;
  const lineReader: LineReader | undefined = activityLine?.usable
    ? {
        lines: 0,
        readLines(bytes, words, at, end, line, base) {
          for (;; line++) {
            const next = activityLine.read(bytes, words, at, end);
            if (next < 0) return at;
            const i = lineRow(line, base + next, bytes, activityLine);
            putActivity(batch, i, activityLine, code);
            endRow(i, 0);
            this.lines++;
            at = next;
          }
        },
      }
    : dealLine?.usable
      ? {
          lines: 0,
          readLines(bytes, words, at, end, line, base) {
            for (;; line++) {
              const next = dealLine.read(bytes, words, at, end);
              if (next < 0) return at;
              const i = lineRow(line, base + next, bytes, dealLine);
              // The money cells' offsets point into the buffer being read: watched now.
              dutch?.watchCells(spec.name, DEAL_AMOUNTS, bytes, dealLine.amountCells, line, dealLine.amountDecimals);
              putDeal(batch, i, dealLine, code);
              endRow(i, 0);
              this.lines++;
              at = next;
            }
          },
        }
      : undefined;
  const onRecord = (record: CsvRecord): boolean => {
    const i = batch.rows++;
    const before = log.count;
    batch.line[i] = record.line;
    batch.fileOffset = record.fileOffset;
    // The lines the line readers leave (a fault, a line break or "" pair in a cell they read, a missing column): read the checked way.
    if (!row.load(record)) {
      batch.status[i] = ROW_WRONG_WIDTH;
    } else {
      copyId(record);
      dutch?.watch(row, spec.name, DEAL_AMOUNTS);
      const read = map(row, company, scratch as never);
      if (read === undefined) {
        batch.status[i] = ROW_REFUSED;
      } else {
        batch.status[i] = ROW_READ;
        batch.slot[i] = company.lastSlot;
        put(batch, i, read as never, code);
      }
    }
    endRow(i, log.count - before);
    return true;
  };
  // Far ahead of the main thread, the thread waits for it: the batches are memory.
  const between = async () => {
    while (thread.ahead >= job.batchesAhead) await thread.taken();
  };

  return async (next) => {
    range = next;
    log = new RangeErrors();
    row = new CsvRow(spec, file.header, log);
    dutch = name === 'deals' && job.numbers.decimal === '.' && job.numbers.thousands === '' ? new DutchAmounts() : null;
    batch = emptyBatch(range.index, job.batchRows, layout, thread.spare.pop());
    idUsed = 0;
    let lines = 0;
    let malformed: RangeDone['malformed'] = null;
    try {
      const scanned = await scanCsvFile(file.path, onRecord, { delimiter: file.delimiter, start: range.start, end: range.end, between, buffer: (thread.readBuffer ??= Buffer.allocUnsafe(CHUNK_BYTES)), ...(lineReader ? { lineReader } : {}) });
      lines = scanned.lines;
      thread.readBuffer = scanned.buffer;
    } catch (error) {
      if (!(error instanceof MalformedCsvError)) throw error;
      malformed = { message: error.message, line: error.line, offset: error.offset, recordLine: error.recordLine };
    }
    send();
    post({ type: 'done', range: range.index, lines, malformed, amounts: dutch?.seen(spec.name) ?? [] }, []);
  };
}

const job = (workerData as { recordRanges?: RecordRangesJob } | null)?.recordRanges;
if (parentPort && job) {
  const port = parentPort;
  let takenSince = 0;
  let onTaken: (() => void) | null = null;
  const spare: ArrayBuffer[][] = [];
  port.on('message', (message: ToRangeThread) => {
    spare.push(message.columns);
    takenSince++;
    onTaken?.();
  });
  // The companies' ids from companies.csv, read here rather than waited for: the main thread checks they are its own.
  const known = await readKnownCompanies(job.companies);
  port.postMessage({ type: 'companies', fingerprint: idsFingerprint(known.ids) } satisfies ThreadMessage);
  const thread: ThreadState = {
    job,
    company: new KnownCompany(known),
    companyIds: known.set,
    mappers: rowMappers(job.numbers),
    labels: new Map(),
    post: (message, transfer) => port.postMessage(message, transfer),
    ahead: 0,
    spare,
    readBuffer: undefined,
    taken: () =>
      new Promise<void>((resolve) => {
        onTaken = () => {
          onTaken = null;
          resolve();
        };
        if (takenSince > 0) onTaken();
      }).then(() => {
        thread.ahead -= takenSince;
        takenSince = 0;
      }),
  };
  const readers = new Map<RecordFile, (range: RecordRange) => Promise<void>>();
  // The next range no one has claimed yet, in order: another thread, or the main thread while it waits, may have taken the ones between.
  const claims = new Int32Array(job.claims);
  for (let k = firstUnclaimed(claims, 0); k >= 0; k = firstUnclaimed(claims, k + 1)) {
    if (!claimRange(claims, k, job.reader)) continue;
    const range = job.ranges[k]!;
    let read = readers.get(range.file);
    if (!read) readers.set(range.file, (read = fileReader(range.file, thread)));
    await read(range);
  }
  port.removeAllListeners('message');
}
