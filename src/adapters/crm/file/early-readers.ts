// Reading threads started before the command that needs them has even loaded: `klantwaarde
// recalc --input DIR` spends its first ~250 ms importing its modules on one core while the
// other idles. Threads started then load their own modules and read companies.csv's ids on
// that core, and wait for their ranges (startParallelRecords adopts them). Only node's own
// modules are imported here, so the command's start pays nothing for it.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

export const RECORDS_WORKER_URL = new URL('./records.worker.ts', import.meta.url);

/** The threads' data: the companies whose ids they read before their job comes (records.worker.ts). */
export interface RecordsThreadStart {
  companies: string;
}

/** Below this size deals.csv and activities.csv are read on the main thread (ParallelReadOptions.minBytes). */
export const PARALLEL_MIN_BYTES = 32 << 20;

/** The threads a machine gets: its cores, at most 4 (ParallelReadOptions.threads). */
export const defaultReadThreads = (): number => Math.min(availableParallelism(), 4);

/** A reading thread for the folder: it reads companies.csv's ids, then waits for its job. */
export function startRecordsThread(dir: string): Worker {
  return new Worker(RECORDS_WORKER_URL, { workerData: { companies: join(dir, 'companies.csv') } satisfies RecordsThreadStart });
}

let early: { dir: string; workers: Set<Worker> } | null = null;

/**
 * Starts the folder's reading threads now, when its deals.csv or activities.csv is large
 * enough to be read by them (`options` as startParallelRecords will get them), and returns
 * them. They do not keep the process alive until they are adopted.
 */
export function startReadersEarly(dir: string, options: { threads?: number; minBytes?: number } = {}): Worker[] {
  const threads = Math.floor(options.threads ?? defaultReadThreads());
  const minBytes = options.minBytes ?? PARALLEL_MIN_BYTES;
  if (early || threads < 2 || (!isLarge(join(dir, 'deals.csv'), minBytes) && !isLarge(join(dir, 'activities.csv'), minBytes))) return [];
  const workers = new Set<Worker>();
  for (let k = 0; k < threads; k++) {
    const worker = startRecordsThread(dir);
    worker.unref();
    // One that fails or stops before it is adopted is not adopted (startParallelRecords starts another).
    const drop = () => workers.delete(worker);
    worker.once('error', drop);
    worker.once('exit', drop);
    workers.add(worker);
  }
  early = { dir: resolve(dir), workers };
  return [...workers];
}

/** The threads started early for this folder (at most `count`; the rest are stopped), each kept alive from now on. */
export function adoptEarlyReaders(dir: string, count: number): Worker[] {
  const started = early;
  early = null;
  if (!started) return [];
  const workers = started.dir === resolve(dir) ? [...started.workers] : [];
  for (const worker of started.workers) if (!workers.slice(0, count).includes(worker)) void worker.terminate();
  return workers.slice(0, count).map((worker) => {
    worker.removeAllListeners('error').removeAllListeners('exit').ref();
    return worker;
  });
}

function isLarge(path: string, minBytes: number): boolean {
  try {
    return statSync(path).size >= minBytes;
  } catch {
    return false;
  }
}
