// A node:sqlite connection with cached prepared statements and the two transaction shapes
// the store uses: a write (BEGIN IMMEDIATE, all or nothing) and a read (one snapshot).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { walCheckpointer, type Checkpointer } from './sqlite.checkpointer.ts';

export interface Sqlite {
  readonly db: DatabaseSync;
  /** A prepared statement, cached; `arrays` makes it return rows as arrays. */
  statement(sql: string, arrays?: boolean): StatementSync;
  rows(sql: string, ...params: SQLInputValue[]): unknown[][];
  write<T>(work: () => T): T;
  read<T>(work: () => T): T;
  /** COMMIT of a write transaction begun by hand (BEGIN IMMEDIATE), with the WAL's checkpoints looked after. */
  commit(): void;
  /** Null for an in-memory database. */
  readonly checkpointer: Checkpointer | null;
  close(): Promise<void>;
}

/** The page size of a new database. */
export const PAGE_SIZE = 16_384;

export function openSqlite(path: string): Sqlite {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  // WAL lets readers (the CLI, a second process) run beside the writer; NORMAL is durable
  // across application crashes. A new database gets 16 kB pages (an existing one keeps its
  // own: the pragma changes nothing once the file has tables): a result's JSON is about
  // 2.3 kB, and on 4 kB pages nearly every result had a page of its own, so a full run that
  // rewrites them all (the nightly case) took 10.3–10.9 s against 8.2–10.0 s on 16 kB pages,
  // and the first one 8.7–9.9 s against 8.0–9.1 s (100k sample, interleaved). The page cache stays small (16 MB): a full run passes through
  // the records once, the operating system caches the file anyway, and every page SQLite's own
  // cache takes is fresh memory to fault in — 256 MB made reading 5,000,000 activities a fifth
  // slower and the process 250 MB bigger.
  db.exec(`
    PRAGMA page_size = ${PAGE_SIZE};
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    PRAGMA busy_timeout = 10000;
    PRAGMA cache_size = -16384;
    PRAGMA temp_store = MEMORY;
    PRAGMA foreign_keys = OFF;
  `);
  const checkpointer = path === ':memory:' ? null : walCheckpointer(path, (on) => db.isOpen && db.exec(`PRAGMA wal_autocheckpoint = ${on ? 1000 : 0};`));
  const cache = new Map<string, StatementSync>();

  const statement = (sql: string, arrays = false): StatementSync => {
    const key = `${arrays ? 'a' : 'o'}${sql}`;
    let prepared = cache.get(key);
    if (!prepared) {
      prepared = db.prepare(sql);
      prepared.setReturnArrays(arrays);
      cache.set(key, prepared);
    }
    return prepared;
  };

  const commit = () => {
    checkpointer?.beforeCommit();
    db.exec('COMMIT');
    checkpointer?.committed();
  };

  const transaction = <T>(begin: string, work: () => T, end: () => void): T => {
    db.exec(begin);
    try {
      const result = work();
      end();
      return result;
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  };

  return {
    db,
    statement,
    rows: (sql, ...params) => statement(sql, true).all(...params) as unknown as unknown[][],
    write: (work) => transaction('BEGIN IMMEDIATE', work, commit),
    read: (work) => transaction('BEGIN', work, () => db.exec('COMMIT')),
    commit,
    checkpointer,
    close: async () => {
      if (db.isOpen) {
        // Keeps the planner's statistics fresh, as SQLite advises on closing; the limit
        // bounds the work to a sample of each index.
        if (!db.isTransaction) db.exec('PRAGMA analysis_limit = 1000; PRAGMA optimize;');
        db.close();
      }
      await checkpointer?.close();
    },
  };
}

/** A list of ids as one parameter, read in SQL with `IN (SELECT value FROM json_each(?))`. */
export const idList = (ids: Iterable<string>): string => JSON.stringify([...ids]);

/**
 * A tenant's rows of a key-ordered SELECT, read in chunks: `statement` takes the tenant (?1),
 * the key to start after (?2) and the chunk's size (?3), returns rows as arrays with the key
 * first, in key order. Each chunk goes to `take`. node:sqlite crosses into C++ for every row an
 * iterator yields; a chunk per call is about a third quicker on millions of rows, and never
 * holds a whole table's raw rows at once. Call inside a read transaction (one snapshot).
 */
export function inKeyChunks(statement: StatementSync, tenant: string, chunk: number, take: (rows: unknown[][]) => void): void {
  for (let after = ''; ; ) {
    const rows = statement.all(tenant, after, chunk) as unknown as unknown[][];
    take(rows);
    if (rows.length < chunk) return;
    after = rows[rows.length - 1]![0] as string;
  }
}
