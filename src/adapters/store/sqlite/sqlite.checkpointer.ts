// Checkpoints of the write-ahead log in a thread of its own. SQLite's default copies the WAL
// into the database file inside the commit that crosses 1,000 pages, on the writer's thread:
// 2–3 s at the end of importing 6,000,000 records, about a third of saving a full run's results.
// Once a store writes that much, a thread with its own connection takes over: it is told after
// every commit and runs a PASSIVE checkpoint (it never waits on the writer or a reader), while
// the main thread goes on. A small store never starts it.
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * The WAL size from which checkpoints move to the thread: SQLite's own threshold on 4 kB pages
 * (1,000 pages). On a new store's 16 kB pages that is 250 pages, so the thread takes over sooner.
 */
const WAL_BYTES = 4_096_000;
const THREAD_URL = new URL('./sqlite.checkpoint.thread.ts', import.meta.url);

export type CheckpointRequest = { type: 'checkpoint' } | { type: 'close' };
export type CheckpointReply = { type: 'checkpointed' } | { type: 'closed' };

export interface Checkpointer {
  /** Before a write transaction's COMMIT: a transaction that spilled a big WAL starts the thread, so COMMIT does not checkpoint. */
  beforeCommit(): void;
  /** After each write transaction's COMMIT: starts the thread once the WAL is big, then asks it for a checkpoint. */
  committed(): void;
  /** Whether the thread has taken over. */
  readonly running: boolean;
  /** Resolves once the thread has answered every checkpoint asked of it so far (at once when none is outstanding, or without a thread). */
  settled(): Promise<void>;
  /** Stops the thread. Called after the writer has closed: the thread's connection is then the process's last, and closing it checkpoints what is left. */
  close(): Promise<void>;
}

/**
 * `ownCheckpoints(false)` turns the writer's own checkpoints off (wal_autocheckpoint 0) when the
 * thread takes over, and back on if the thread fails: the WAL never grows without bound.
 */
export function walCheckpointer(path: string, ownCheckpoints: (on: boolean) => void, threadUrl: URL = THREAD_URL): Checkpointer {
  let thread: Worker | null = null;
  let asked = false;
  let again = false;
  let failed = false;
  let closed: Promise<void> | null = null;
  let waiting: (() => void)[] = [];
  const outstanding = () => thread !== null && (asked || again);
  const release = () => {
    if (outstanding()) return;
    const resolve = waiting;
    waiting = [];
    resolve.forEach((r) => r());
  };

  const ask = (t: Worker) => {
    if (asked) {
      again = true;
      return;
    }
    asked = true;
    t.postMessage({ type: 'checkpoint' } satisfies CheckpointRequest);
  };

  const start = (): Worker => {
    const t = new Worker(threadUrl, { workerData: { path } });
    t.unref();
    t.on('message', (reply: CheckpointReply) => {
      if (reply.type !== 'checkpointed' || closed) return;
      asked = false;
      if (again) {
        again = false;
        ask(t);
      }
      release();
    });
    // Checkpoints go back to the writer; nothing is lost, the WAL only waits for them.
    const fallBack = (why: string) => {
      if (closed || failed) return;
      failed = true;
      thread = null;
      ownCheckpoints(true);
      release();
      process.emitWarning(`SQLite checkpoints at ${path} are back on the writing thread: the checkpoint thread ${why}`);
    };
    t.on('error', (error) => fallBack(`failed (${error.message})`));
    t.on('exit', (code) => fallBack(`stopped (exit code ${code})`));
    ownCheckpoints(false);
    return t;
  };

  /** The thread, started once the WAL is big; null while it is small, or after closing or failing. */
  const takeOver = (): Worker | null => {
    if (closed || failed) return null;
    if (!thread && (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0) >= WAL_BYTES) thread = start();
    return thread;
  };

  return {
    get running() {
      return thread !== null;
    },
    beforeCommit() {
      takeOver();
    },
    committed() {
      const t = takeOver();
      if (t) ask(t);
    },
    settled() {
      if (!outstanding()) return Promise.resolve();
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    close() {
      if (closed) return closed;
      const t = thread;
      thread = null;
      release();
      closed = !t
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            // Held again until it is done: a command that ends with close() waits for the last checkpoint.
            t.ref();
            t.on('exit', () => resolve());
            t.on('message', (reply: CheckpointReply) => {
              if (reply.type === 'closed') void t.terminate();
            });
            t.postMessage({ type: 'close' } satisfies CheckpointRequest);
          });
      return closed;
    },
  };
}
