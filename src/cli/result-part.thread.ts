// A thread that makes part of `recalc --input`'s results while the main thread makes the rest
// (results-in-parts.ts). It is started while the run still ranks its companies, waits for its
// ResultPartJob, and hands back the engine's results of that part as the JSON or CSV records
// the main thread would have written, as bytes.
import { parentPort } from 'node:worker_threads';
import { partResults, type ResultPart } from '../domain/engine.ts';
import type { ValueModelConfig } from '../domain/model-config.ts';
import type { Instant } from '../domain/records.ts';
import { formatRecords, writeBlocks } from './output.ts';

export interface ResultPartJob {
  part: ResultPart;
  config: ValueModelConfig;
  asOf: Instant;
  calculatedAt: Instant;
  format: 'json' | 'csv';
  /** The part starts the document (JSON writes no comma before its first record). */
  first: boolean;
}

/** The thread's one answer: the part's records as the main thread would have written them. */
export interface ResultPartDone {
  blocks: Uint8Array[];
}

const port = parentPort!;
port.once('message', (job: ResultPartJob) => {
  const blocks: Buffer[] = [];
  const collect = { write: (block: Buffer) => blocks.push(block) } as unknown as NodeJS.WritableStream;
  writeBlocks(collect, formatRecords(partResults(job.part, job.config, job.asOf), job.calculatedAt, job.format, job.first));
  port.postMessage({ blocks } satisfies ResultPartDone, [...new Set(blocks.map((b) => b.buffer as ArrayBuffer))]);
  port.close();
});
