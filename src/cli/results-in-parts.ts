// `recalc --input` makes 100,000 results in about a second and a half on one core, after the
// read kept every core busy; the other core would idle. So a large JSON or CSV document is made
// in two parts: another thread makes the results of the second part from the run's data for
// them (RankedResults.part, result-part.thread.ts) while this one makes and writes the first,
// and the second part's bytes are written after it. The document is the one a single thread
// writes, byte for byte. The thread is started, and its part handed over, before the run ranks
// its companies: it starts up and reads its part while this thread ranks, then gets the ranking.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RankedResults } from '../domain/engine.ts';
import type { ValueModelConfig } from '../domain/model-config.ts';
import type { Ranking } from '../domain/ranking.ts';
import type { Instant } from '../domain/records.ts';
import { companyColumns } from './company-columns.ts';
import { recordBlocks } from './csv-blocks.ts';
import { documentEnds, formatResults, writeBlocks, type OutputFormat } from './output.ts';
import type { ResultPartDone, ResultPartJob, ToPartThread } from './result-part.thread.ts';

export interface InPartsOptions {
  /** Cores to use; below 2 the document is made on this thread. Default: the machine's. */
  threads?: number;
  /** Fewer results are made on this thread alone (starting a thread costs more than it saves). Default 20,000. */
  minResults?: number;
  /**
   * The share of the results this thread makes (it also hands the rest over and writes it all).
   * Default 0.58: the other thread starts later and reads its part first, and finished last at
   * 0.5 (results of the 100k sample: 647–840 ms at 0.5, 596–686 ms at 0.58, 641–709 ms at 0.61).
   */
  share?: number;
}

const THREAD_URL = new URL('./result-part.thread.ts', import.meta.url);

/**
 * Writes a run's results as formatResults does; a large run's second part is made by another
 * thread. Call it before anything else asks for the run's ranking or results.
 */
export async function writeResultsInParts(stream: NodeJS.WritableStream, results: RankedResults, config: ValueModelConfig, asOf: Instant, calculatedAt: Instant, format: OutputFormat, options: InPartsOptions = {}): Promise<void> {
  if (format === 'table' || (options.threads ?? availableParallelism()) < 2 || results.count < (options.minResults ?? 20_000)) {
    writeBlocks(stream, formatResults(results, calculatedAt, format));
    return;
  }
  const split = Math.min(results.count, Math.round(results.count * (options.share ?? 0.58)));
  const part = results.part(split, results.count);
  const thread = startPart({ part: { ...part, companies: companyColumns(part.companies) }, config, asOf, calculatedAt, format, first: split === 0 });
  try {
    // Ranking the companies takes this thread a while: the other starts and reads its part meanwhile.
    thread.rankingMade(results.ranking);
    const ends = documentEnds(format);
    writeBlocks(stream, [ends.opening]);
    for (const block of recordBlocks(results.between(0, split), calculatedAt, format, true)) stream.write(block);
    for (const block of await thread.made) stream.write(block);
    writeBlocks(stream, [ends.closing(results.count === 0)]);
  } finally {
    await thread.stop();
  }
}

/** A thread with its part handed over: it makes it once it has the ranking. */
function startPart(job: ResultPartJob) {
  const worker = new Worker(THREAD_URL);
  const made = new Promise<Uint8Array[]>((resolve, reject) => {
    worker.once('message', (message: ResultPartDone) => resolve(message.blocks));
    worker.once('error', (error) => reject(new Error(`the thread making the second part of the results failed: ${error.message}`, { cause: error })));
    worker.once('exit', (code) => reject(new Error(`the thread making the second part of the results stopped (exit code ${code}) before it was done`)));
  });
  // Handled now, awaited later: a thread that fails while this one writes is not an unhandled rejection.
  made.catch(() => undefined);
  const { running, shares, companies } = job.part;
  try {
    worker.postMessage({ type: 'job', job } satisfies ToPartThread, [running.buffer, shares.referral.buffer, shares.influence.buffer, shares.toOthers.buffer, companies.textLengths.buffer, companies.numbers.buffer, companies.present.buffer] as ArrayBuffer[]);
  } catch (error) {
    // A job that cannot be handed over (not cloneable) leaves no thread waiting for it.
    void worker.terminate();
    throw error;
  }
  return {
    made,
    rankingMade: (ranking: Ranking) => worker.postMessage({ type: 'ranking', ranking } satisfies ToPartThread),
    stop: async () => void (await worker.terminate()),
  };
}
