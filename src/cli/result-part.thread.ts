// A thread that makes part of `recalc --input`'s results while the main thread makes the rest
// (results-in-parts.ts). It gets its part of the run first (ResultPartJob) and hands back the
// part's share of the ranking, which the main thread adds to its own share; then it gets the
// run's ranking and hands back the engine's results of the part as the JSON or CSV records
// the main thread would have written, as bytes. It may be started before the run is read
// (result-part.early.ts): it loads its modules while the CLI loads its own.
import { parentPort } from 'node:worker_threads';
import { partRun, type PartRun, type ResultPart } from '../domain/engine.ts';
import type { ValueModelConfig } from '../domain/model-config.ts';
import type { Ranking, RankingColumns } from '../domain/ranking.ts';
import type { Instant } from '../domain/records.ts';
import { encodeBlocks, formatRecords } from './output.ts';

export interface ResultPartJob {
  part: ResultPart;
  config: ValueModelConfig;
  asOf: Instant;
  calculatedAt: Instant;
  format: 'json' | 'csv';
  /** The part starts the document (JSON writes no comma before its first record). */
  first: boolean;
}

/** The thread's messages in: the job, then the run's ranking. */
export type ToPartThread = { type: 'job'; job: ResultPartJob } | { type: 'ranking'; ranking: Ranking };

/** The thread's answers: the part's share of the ranking, then its records as the main thread would have written them. */
export type FromPartThread = { type: 'columns'; columns: RankingColumns } | { type: 'done'; blocks: Uint8Array[] };

const port = parentPort!;
let job: ResultPartJob | null = null;
let run: PartRun | null = null;
port.on('message', (message: ToPartThread) => {
  if (message.type === 'job') {
    job = message.job;
    run = partRun(job.part, job.config, job.asOf);
    const columns = run.rankingColumns();
    port.postMessage({ type: 'columns', columns } satisfies FromPartThread, transferable([columns.customerTotals, columns.growth, columns.otherTotals, ...columns.elementValues]));
    return;
  }
  if (!job || !run) throw new Error('the ranking came before the part to make');
  const blocks = [...encodeBlocks(formatRecords(run.results(message.ranking), job.calculatedAt, job.format, job.first))];
  port.postMessage({ type: 'done', blocks } satisfies FromPartThread, transferable(blocks));
  port.close();
});

/** The arrays' buffers, each once. */
function transferable(arrays: readonly ArrayBufferView[]): ArrayBuffer[] {
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
