// The WAL's checkpoints on a thread of their own: taken over only once a store writes a lot,
// the writer's own checkpoints off meanwhile, everything in the file after close, and the
// writer checkpointing again if the thread fails.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from './sqlite.db.ts';
import { walCheckpointer } from './sqlite.checkpointer.ts';

const root = mkdtempSync(join(tmpdir(), 'kw-checkpoint-'));
let count = 0;
const nextPath = () => join(root, `db-${++count}.db`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Rows of about 1 kB each, in one write transaction. */
function writeRows(sql: ReturnType<typeof openSqlite>, from: number, rows: number): void {
  sql.write(() => {
    const insert = sql.statement('INSERT INTO t (id, body) VALUES (?, ?)');
    for (let i = from; i < from + rows; i++) insert.run(i, `row ${i} `.padEnd(1000, 'x'));
  });
}

const autocheckpoint = (sql: ReturnType<typeof openSqlite>) => sql.rows('PRAGMA wal_autocheckpoint')[0]![0];

describe('SQLite checkpoint thread', () => {
  it('leaves a small store to SQLite’s own checkpoints', async () => {
    const sql = openSqlite(nextPath());
    sql.db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
    writeRows(sql, 0, 100);
    expect(sql.checkpointer!.running).toBe(false);
    expect(autocheckpoint(sql)).toBe(1000);
    await sql.close();
  });

  it('takes over once the WAL passes 1,000 pages, and the file holds every row after close', async () => {
    const path = nextPath();
    const sql = openSqlite(path);
    sql.db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
    // One transaction bigger than the page cache: its WAL is large before COMMIT, so even this first commit is not checkpointed by the writer.
    writeRows(sql, 0, 30_000);
    expect(sql.checkpointer!.running).toBe(true);
    expect(autocheckpoint(sql)).toBe(0);
    for (let k = 1; k <= 5; k++) writeRows(sql, k * 30_000, 2_000);
    expect(sql.rows('SELECT count(*) FROM t')[0]![0]).toBe(40_000);
    await sql.close();

    // The thread's connection closed last: the WAL is folded into the file and gone.
    expect(existsSync(`${path}-wal`)).toBe(false);
    const db = new DatabaseSync(path, { readOnly: true });
    let ids = (30_000 * 29_999) / 2;
    for (let k = 1; k <= 5; k++) ids += 2_000 * k * 30_000 + (2_000 * 1_999) / 2;
    expect(db.prepare('SELECT count(*) AS n, sum(id) AS s FROM t').get()).toEqual({ n: 40_000, s: ids });
    db.close();
  });

  it('checkpoints while the writer goes on, so the WAL does not grow with every commit', async () => {
    const path = nextPath();
    const sql = openSqlite(path);
    sql.db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
    writeRows(sql, 0, 10_000);
    for (let k = 1; k <= 40; k++) {
      writeRows(sql, k * 10_000, 2_000);
      // Give the thread its turn between commits, as the event loop of a server does: until it has
      // answered, however long a busy machine takes to start it (a fixed pause failed under load).
      await sql.checkpointer!.settled();
    }
    expect(sql.checkpointer!.running).toBe(true);
    // 80 MB were committed after the first 10 MB; a WAL that restarts after checkpoints stays far smaller.
    expect(statSync(`${path}-wal`).size).toBeLessThan(40_000_000);
    await sql.close();
  });

  it('asks nothing of the thread once closing, though a checkpoint was still due', async () => {
    // A thread that answers late and fails if asked after close, as a real one does (its connection is gone then).
    const slow = join(root, 'slow.thread.mjs');
    writeFileSync(
      slow,
      `import { parentPort } from 'node:worker_threads';
      let closed = false;
      parentPort.on('message', (m) => {
        if (m.type === 'checkpoint') {
          if (closed) throw new Error('asked after close');
          setTimeout(() => parentPort.postMessage({ type: 'checkpointed' }), 50);
        } else {
          closed = true;
          setTimeout(() => parentPort.postMessage({ type: 'closed' }), 200);
        }
      });\n`,
    );
    const path = bigWal();
    const switches: boolean[] = [];
    const checkpointer = walCheckpointer(path, (on) => switches.push(on), pathToFileURL(slow));
    checkpointer.committed();
    checkpointer.committed(); // due after the first one's answer
    await checkpointer.close();
    expect(switches).toEqual([false]);
  });

  it('is settled once the thread has answered every checkpoint asked of it, or has closed', async () => {
    const slow = join(root, 'late.thread.mjs');
    writeFileSync(
      slow,
      `import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (m) => {
        if (m.type === 'checkpoint') setTimeout(() => parentPort.postMessage({ type: 'checkpointed' }), 50);
        else parentPort.postMessage({ type: 'closed' });
      });\n`,
    );
    const checkpointer = walCheckpointer(bigWal(), () => {}, pathToFileURL(slow));
    await checkpointer.settled(); // nothing asked yet
    checkpointer.committed();
    checkpointer.committed(); // asked again once the first is answered
    let settled = false;
    const done = checkpointer.settled().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(settled).toBe(false); // each answer takes 50 ms: the second cannot have come yet
    await done;
    checkpointer.committed();
    const closing = checkpointer.settled();
    await checkpointer.close();
    await closing; // close releases whoever waits
  });

  it.each([
    ['stops by itself', 'process.exit(3);', /checkpoint thread stopped \(exit code 3\)/],
    ['fails', "throw new Error('no checkpoints here');", /checkpoint thread failed \(no checkpoints here\)/],
  ])('gives the checkpoints back to the writer when the thread %s', async (_, code, warning) => {
    const thread = join(root, `thread-${++count}.mjs`);
    writeFileSync(thread, `${code}\n`);
    const switches: boolean[] = [];
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    const checkpointer = walCheckpointer(bigWal(), (on) => switches.push(on), pathToFileURL(thread));
    checkpointer.committed();
    await new Promise<void>((resolve) => {
      const wait = () => (switches.length === 2 ? resolve() : setTimeout(wait, 10));
      wait();
    });
    process.off('warning', onWarning);
    expect(switches).toEqual([false, true]);
    expect(warnings.join('\n')).toMatch(warning);
    checkpointer.committed(); // the writer checkpoints now; no thread is started again
    expect(checkpointer.running).toBe(false);
    await checkpointer.close();
  });
});

/** A database whose WAL holds 6 MB nobody has checkpointed (its connection stays open, so it keeps them). */
function bigWal(): string {
  const path = nextPath();
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT);');
  db.exec('BEGIN');
  const insert = db.prepare('INSERT INTO t (id, body) VALUES (?, ?)');
  for (let i = 0; i < 6_000; i++) insert.run(i, 'x'.repeat(1000));
  db.exec('COMMIT');
  open.push(db);
  return path;
}
const open: DatabaseSync[] = [];
afterAll(() => open.forEach((db) => db.close()));
