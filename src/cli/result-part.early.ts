// The thread that makes the second part of `recalc --input`'s results (result-part.thread.ts),
// started before the CLI has loaded when bin/klantwaarde.js sees a run that will need it: it
// loads its modules on the core that would idle meanwhile. Only node's own modules are
// imported here.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const THREAD_URL = new URL('./result-part.thread.ts', import.meta.url);

let early: Worker | null = null;

/** Starts the thread now; it does not keep the process alive until it is taken. */
export function startResultPartEarly(): void {
  if (early || availableParallelism() < 2) return;
  const worker = new Worker(THREAD_URL);
  worker.unref();
  // One that fails or stops before it is taken is not taken (a new one is started).
  const drop = () => {
    if (early === worker) early = null;
  };
  worker.once('error', drop);
  worker.once('exit', drop);
  early = worker;
}

/** The thread started early, or a new one. */
export function resultPartThread(): Worker {
  const worker = early;
  early = null;
  if (!worker) return new Worker(THREAD_URL);
  worker.removeAllListeners('error').removeAllListeners('exit').ref();
  return worker;
}
