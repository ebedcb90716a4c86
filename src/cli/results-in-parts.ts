// `recalc --input` makes 100,000 results in about a second and a half on one core, after the
// read kept every core busy; the other core would idle. So a large JSON or CSV document is made
// in two parts: another thread makes the results of the second part from the ranked run's data
// for them (RankedResults.part, result-part.thread.ts) while this one makes and writes the
// first, and the second part's bytes are written after it. The document is the one a single
// thread writes, byte for byte. The thread takes about a quarter of a second to start, so it
// is started as soon as the read is done (start), while the run ranks its companies.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RankedResults } from '../domain/engine.ts';
import type { ValueModelConfig } from '../domain/model-config.ts';
import type { Instant } from '../domain/records.ts';
import { documentEnds, formatRecords, formatResults, writeBlocks, type OutputFormat } from './output.ts';
import type { ResultPartDone, ResultPartJob } from './result-part.thread.ts';

export interface InPartsOptions {
  /** Cores to use; below 2 the document is made on this thread. Default: the machine's. */
  threads?: number;
  /** Fewer results are made on this thread alone (starting a thread costs more than it saves). Default 20,000. */
  minResults?: number;
  /** The share of the results this thread makes (it also hands the rest over and writes it all). Default 0.5. */
  share?: number;
}

const THREAD_URL = new URL('./result-part.thread.ts', import.meta.url);

/** Writes a run's results as formatResults does; a large run's second part is made by another thread. */
export class ResultsInParts {
  readonly #format: OutputFormat;
  readonly #options: InPartsOptions;
  #thread: { worker: Worker; ended: Promise<never> } | null = null;

  constructor(format: OutputFormat, options: InPartsOptions = {}) {
    this.#format = format;
    this.#options = options;
  }

  /** Starts the thread when `results` that many will be made in parts (call it before ranking them). */
  start(results: number): void {
    if (this.#thread !== null || !this.#inParts(results)) return;
    const worker = new Worker(THREAD_URL);
    // Listened to from the start: a thread that fails while it starts fails the write, not the process.
    const ended = new Promise<never>((_, reject) => {
      worker.once('error', (error) => reject(new Error(`the thread making the second part of the results failed: ${error.message}`, { cause: error })));
      worker.once('exit', (code) => reject(new Error(`the thread making the second part of the results stopped (exit code ${code}) before it was done`)));
    });
    ended.catch(() => undefined);
    this.#thread = { worker, ended };
  }

  /** Writes the document; the thread (started now if start was not called) makes its second part. Stops the thread. */
  async write(stream: NodeJS.WritableStream, results: RankedResults, config: ValueModelConfig, asOf: Instant, calculatedAt: Instant): Promise<void> {
    const format = this.#format;
    if (format === 'table' || !this.#inParts(results.count)) {
      await this.stop();
      writeBlocks(stream, formatResults(results, calculatedAt, format));
      return;
    }
    this.start(results.count);
    const thread = this.#thread!;
    try {
      const split = Math.min(results.count, Math.round(results.count * (this.#options.share ?? 0.5)));
      const rest = partMade(thread, { part: results.part(split, results.count), config, asOf, calculatedAt, format, first: split === 0 });
      // Handled now, awaited below: a failure of the thread while this one writes is not an unhandled rejection.
      rest.catch(() => undefined);
      const ends = documentEnds(format);
      writeBlocks(stream, prefixed(ends.opening, formatRecords(results.between(0, split), calculatedAt, format, true)));
      for (const block of await rest) stream.write(block);
      writeBlocks(stream, [ends.closing(results.count === 0)]);
    } finally {
      await this.stop();
    }
  }

  /** Stops the thread if there is one (a run that failed, or was small after all). */
  async stop(): Promise<void> {
    const thread = this.#thread;
    this.#thread = null;
    if (thread) await thread.worker.terminate();
  }

  #inParts(results: number): boolean {
    return this.#format !== 'table' && (this.#options.threads ?? availableParallelism()) >= 2 && results >= (this.#options.minResults ?? 20_000);
  }
}

function* prefixed(first: string, rest: Iterable<string>): Generator<string> {
  yield first;
  yield* rest;
}

/** Hands the job to the thread; resolves with the part's records as bytes. */
function partMade({ worker, ended }: { worker: Worker; ended: Promise<never> }, job: ResultPartJob): Promise<Uint8Array[]> {
  const made = new Promise<Uint8Array[]>((resolve) => worker.once('message', (message: ResultPartDone) => resolve(message.blocks)));
  const { running, shares } = job.part;
  worker.postMessage(job, [running.buffer, shares.referral.buffer, shares.influence.buffer, shares.toOthers.buffer] as ArrayBuffer[]);
  return Promise.race([made, ended]);
}
