// A thread that makes part of `recalc --input`'s results while the main thread makes the rest
// (results-in-parts.ts). It gets its part of the run first (ResultPartJob), while the main
// thread still ranks the companies, then the ranking; it hands back the engine's results of
// the part as the JSON or CSV records the main thread would have written, as bytes.
import { parentPort } from 'node:worker_threads';
import { partResults, type ResultPart } from '../domain/engine.ts';
import type { ValueModelConfig } from '../domain/model-config.ts';
import type { Ranking } from '../domain/ranking.ts';
import type { Instant } from '../domain/records.ts';
import { companiesOf, type CompanyColumns } from './company-columns.ts';
import { recordBlocks } from './csv-blocks.ts';

/** A ResultPart as it is sent: its companies as columns (structured cloning them as objects took three to five times as long, company-columns.ts). */
export type SentPart = Omit<ResultPart, 'companies'> & { companies: CompanyColumns };

export interface ResultPartJob {
  part: SentPart;
  config: ValueModelConfig;
  asOf: Instant;
  calculatedAt: Instant;
  format: 'json' | 'csv';
  /** The part starts the document (JSON writes no comma before its first record). */
  first: boolean;
}

/** The thread's messages in: the job, then the run's ranking. */
export type ToPartThread = { type: 'job'; job: ResultPartJob } | { type: 'ranking'; ranking: Ranking };

/** The thread's one answer: the part's records as the main thread would have written them. */
export interface ResultPartDone {
  blocks: Uint8Array[];
}

const port = parentPort!;
let job: ResultPartJob | null = null;
let part: ResultPart | null = null;
port.on('message', (message: ToPartThread) => {
  if (message.type === 'job') {
    job = message.job;
    // Made into objects now, while the main thread still ranks.
    part = { ...job.part, companies: companiesOf(job.part.companies) };
    return;
  }
  if (!job || !part) throw new Error('the ranking came before the part to make');
  const blocks = [...recordBlocks(partResults(part, message.ranking, job.config, job.asOf), job.calculatedAt, job.format, job.first)];
  port.postMessage({ blocks } satisfies ResultPartDone, [...new Set(blocks.map((b) => b.buffer as ArrayBuffer))]);
  port.close();
});
