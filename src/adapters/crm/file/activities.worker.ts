// Byte ranges of activities.csv, read in a thread of its own: every row checked and parsed
// exactly as the one-thread reader does it (same cells, same errors, same order), handed
// back as batches of typed columns, so the main thread only checks ids for duplicates and
// adds the rows up. See activities.parallel.ts for the other half.
import { parentPort, workerData } from 'node:worker_threads';
import { ACTIVITY_TYPES, CONTACT_LAYERS, type Activity } from '../../../domain/records.ts';
import type { NumberFormat } from './cell-parsers.ts';
import { CSV_FILES } from './csv.columns.ts';
import { CsvRow } from './csv.row.ts';
import { MalformedCsvError, scanCsvFile } from './csv.scanner.ts';
import { rowMappers } from './file.mapper.ts';
import { ImportErrorLog, MAX_REPORTED_ERRORS, type ImportError } from './import-error.ts';
import { KnownCompany, knownCompanies } from './known-company.ts';

/** A thread's part of the file: its ranges, read one after the other once the companies are known. */
export interface ActivityRangesJob {
  path: string;
  delimiter: number;
  header: string[];
  numbers: NumberFormat;
  ranges: { index: number; start: number; end: number }[];
  batchRows: number;
  /** Batches handed over and not yet acknowledged before the thread waits. */
  batchesAhead: number;
}

/** From the main thread: the companies (once, to start), then an ack per batch taken. */
export type ToRangeThread = { type: 'companies'; ids: string[] } | { type: 'ack'; /** The batch's columns, given back to be filled again. */ columns: ArrayBuffer[] };

/** Row status in a batch. */
export const ROW_READ = 0;
/** The row's field count differs from the header's; nothing else of it was checked. */
export const ROW_WRONG_WIDTH = 1;
/** A cell of the row was refused. */
export const ROW_REFUSED = 2;

/** No contact layer / no owner role. */
export const ABSENT = 255;

/** Rows of the range in file order, as columns. Lines count from the range's start (its first line is 1). */
export interface ActivityBatch {
  type: 'batch';
  range: number;
  rows: number;
  status: Uint8Array;
  line: Int32Array;
  /** How many errors the row added (they are in `errors`, while the range had fewer than the report's cap). */
  errorCount: Uint8Array;
  /** The rows' ids as UTF-8, one after another: id i ends at idEnds[i]. */
  idBytes: Uint8Array;
  idEnds: Int32Array;
  slot: Int32Array;
  activityType: Uint8Array;
  occurredAt: Float64Array;
  /** NaN: no duration. */
  minutes: Float64Array;
  /** Index into the range's roles (-1: none). */
  role: Int32Array;
  /** Index into CONTACT_LAYERS (ABSENT: none). */
  layer: Uint8Array;
  /** Owner roles first seen in this batch, continuing the thread's list. */
  newRoles: string[];
  errors: ImportError[];
  /** Where the batch's last row ends in the file. */
  fileOffset: number;
}

export interface RangeDone {
  type: 'done';
  range: number;
  /** Line breaks in the range (read up to a fault). */
  lines: number;
  /** The CSV broke in the range: where its record starts (line counted from the range's start). */
  malformed: { message: string; line: number; offset: number; recordLine: number } | null;
}

export type RangeMessage = ActivityBatch | RangeDone;

/** Keeps the range's first errors (the only ones that can be among the report's first). */
class RangeErrors extends ImportErrorLog {
  fresh: ImportError[] = [];

  override add(error: ImportError): void {
    if (this.count < MAX_REPORTED_ERRORS) this.fresh.push(error);
    super.add(error);
  }
}

const TYPE_CODE = new Map<string, number>(ACTIVITY_TYPES.map((t, i) => [t, i]));
const LAYER_CODE = new Map<string, number>(CONTACT_LAYERS.map((l, i) => [l, i]));

/** What a thread keeps across its ranges. */
interface ThreadState {
  job: ActivityRangesJob;
  company: KnownCompany;
  roles: Map<string, number>;
  post: (message: RangeMessage, transfer: ArrayBuffer[]) => void;
  /** Resolves at the next ack. */
  wait: () => Promise<void>;
  /** Batches handed over and not yet acknowledged. */
  ahead: number;
  /** Columns of batches the main thread has taken, to fill again. */
  spare: ArrayBuffer[][];
}

async function readRange(range: ActivityRangesJob['ranges'][number], thread: ThreadState): Promise<void> {
  const { job, company, roles, post } = thread;
  const spec = CSV_FILES.activities;
  // Errors are kept per range: the main thread reports the first ones in file order.
  const log = new RangeErrors();
  const row = new CsvRow(spec, job.header, log);
  const { mapActivity } = rowMappers(job.numbers);
  const scratch = {} as Activity;
  const idAt = row.field('id');
  let batch = emptyBatch(range.index, job.batchRows, thread.spare.pop());
  let idUsed = 0;

  const send = () => {
    if (batch.rows === 0) return;
    batch.errors = log.fresh;
    log.fresh = [];
    const b = batch;
    post(b, batchColumns(b));
    thread.ahead++;
    batch = emptyBatch(range.index, job.batchRows, thread.spare.pop());
    idUsed = 0;
  };

  let lines = 0;
  let malformed: RangeDone['malformed'] = null;
  try {
    ({ lines } = await scanCsvFile(job.path, (record) => {
      const i = batch.rows++;
      const before = log.count;
      batch.line[i] = record.line;
      batch.fileOffset = record.fileOffset;
      if (!row.load(record)) {
        batch.status[i] = ROW_WRONG_WIDTH;
      } else {
        // The id as the main thread checks it for duplicates: its text's UTF-8.
        if (idAt >= 0) {
          const quoted = record.quoted[idAt] === 1;
          const bytes = quoted ? Buffer.from(record.text(idAt)!, 'utf8') : record.bytes;
          const from = quoted ? 0 : record.starts[idAt]!;
          const to = quoted ? bytes.length : record.ends[idAt]!;
          if (idUsed + (to - from) > batch.idBytes.length) {
            const bigger = new Uint8Array(Math.max(batch.idBytes.length * 2, idUsed + (to - from)));
            bigger.set(batch.idBytes.subarray(0, idUsed));
            batch.idBytes = bigger;
          }
          // Byte by byte: ids are short, and a view per row would be an object per row.
          const ids = batch.idBytes;
          for (let k = from; k < to; k++) ids[idUsed++] = bytes[k]!;
        }
        const activity = mapActivity(row, company, scratch);
        if (activity === undefined) {
          batch.status[i] = ROW_REFUSED;
        } else {
          batch.status[i] = ROW_READ;
          batch.slot[i] = company.lastSlot;
          batch.activityType[i] = TYPE_CODE.get(activity.type)!;
          batch.occurredAt[i] = activity.occurredAt;
          batch.minutes[i] = activity.durationMinutes ?? Number.NaN;
          batch.layer[i] = activity.contactLayer === undefined ? ABSENT : LAYER_CODE.get(activity.contactLayer)!;
          const role = activity.ownerRole;
          if (role === undefined) batch.role[i] = -1;
          else {
            let code = roles.get(role);
            if (code === undefined) {
              roles.set(role, (code = roles.size));
              batch.newRoles.push(role);
            }
            batch.role[i] = code;
          }
        }
      }
      batch.idEnds[i] = idUsed;
      batch.errorCount[i] = log.count - before;
      if (batch.rows === job.batchRows) send();
      return true;
    }, {
      delimiter: job.delimiter,
      start: range.start,
      end: range.end,
      // Far ahead of the main thread, the thread waits for it: the batches are memory.
      between: async () => {
        while (thread.ahead >= job.batchesAhead) await thread.wait();
      },
    }));
  } catch (error) {
    if (!(error instanceof MalformedCsvError)) throw error;
    malformed = { message: error.message, line: error.line, offset: error.offset, recordLine: error.recordLine };
  }
  send();
  post({ type: 'done', range: range.index, lines, malformed }, []);
}

/** The batch's columns as the buffers handed over (and given back, in this order). */
export function batchColumns(b: ActivityBatch): ArrayBuffer[] {
  return [b.status, b.line, b.errorCount, b.idBytes, b.idEnds, b.slot, b.activityType, b.occurredAt, b.minutes, b.role, b.layer].map((a) => a.buffer as ArrayBuffer);
}

/** A batch for `rows` rows, in columns given back by the main thread when there are some. */
function emptyBatch(range: number, rows: number, spare: ArrayBuffer[] | undefined): ActivityBatch {
  const [status, line, errorCount, idBytes, idEnds, slot, activityType, occurredAt, minutes, role, layer] = spare ?? [];
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
    activityType: activityType ? new Uint8Array(activityType) : new Uint8Array(rows),
    occurredAt: occurredAt ? new Float64Array(occurredAt) : new Float64Array(rows),
    minutes: minutes ? new Float64Array(minutes) : new Float64Array(rows),
    role: role ? new Int32Array(role) : new Int32Array(rows),
    layer: layer ? new Uint8Array(layer) : new Uint8Array(rows),
    newRoles: [],
    errors: [],
    fileOffset: 0,
  };
}

const job = (workerData as { activityRanges?: ActivityRangesJob } | null)?.activityRanges;
if (parentPort && job) {
  const port = parentPort;
  let started: (ids: string[]) => void = () => undefined;
  const companies = new Promise<string[]>((resolve) => (started = resolve));
  let acks = 0;
  let acked: (() => void) | null = null;
  port.on('message', (message: ToRangeThread) => {
    if (message.type === 'companies') return started(message.ids);
    thread.spare.push(message.columns);
    acks++;
    acked?.();
  });
  const thread: ThreadState = {
    job,
    company: new KnownCompany(knownCompanies(await companies)),
    roles: new Map(),
    post: (message, transfer) => port.postMessage(message, transfer),
    ahead: 0,
    spare: [],
    wait: () =>
      new Promise<void>((resolve) => {
        acked = () => {
          acked = null;
          resolve();
        };
        if (acks > 0) acked();
      }).then(() => {
        thread.ahead -= acks;
        acks = 0;
      }),
  };
  for (const range of job.ranges) await readRange(range, thread);
  port.removeAllListeners('message');
}
