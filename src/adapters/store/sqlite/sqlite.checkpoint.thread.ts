// The checkpoint thread (sqlite.checkpointer.ts): its own connection to the store's file,
// a PASSIVE checkpoint whenever the writer has committed, the rest as it closes last.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointReply, CheckpointRequest } from './sqlite.checkpointer.ts';

const port = parentPort!;
const db = new DatabaseSync((workerData as { path: string }).path);
db.exec('PRAGMA busy_timeout = 10000;');

port.on('message', (request: CheckpointRequest) => {
  if (!db.isOpen) return;
  if (request.type === 'checkpoint') {
    // PASSIVE copies what no reader still needs and never waits: a busy database is simply
    // checkpointed further at the next commit.
    db.exec('PRAGMA wal_checkpoint(PASSIVE);');
    port.postMessage({ type: 'checkpointed' } satisfies CheckpointReply);
    return;
  }
  // The writer has closed first: unless another process has the file open, this is its last
  // connection, and closing folds the rest of the WAL into the file and removes it.
  db.close();
  port.postMessage({ type: 'closed' } satisfies CheckpointReply);
});
