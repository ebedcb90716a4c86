// A node:sqlite connection with cached prepared statements and the two transaction shapes
// the store uses: a write (BEGIN IMMEDIATE, all or nothing) and a read (one snapshot).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

export interface Sqlite {
  readonly db: DatabaseSync;
  /** A prepared statement, cached; `arrays` makes it return rows as arrays. */
  statement(sql: string, arrays?: boolean): StatementSync;
  rows(sql: string, ...params: SQLInputValue[]): unknown[][];
  write<T>(work: () => T): T;
  read<T>(work: () => T): T;
  close(): void;
}

export function openSqlite(path: string): Sqlite {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  // WAL lets readers (the CLI, a second process) run beside the writer; NORMAL is durable
  // across application crashes, and the page cache is sized for a 100,000-company portfolio.
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    PRAGMA busy_timeout = 10000;
    PRAGMA cache_size = -262144;
    PRAGMA temp_store = MEMORY;
    PRAGMA foreign_keys = OFF;
  `);
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

  const transaction = <T>(begin: string, work: () => T): T => {
    db.exec(begin);
    try {
      const result = work();
      db.exec('COMMIT');
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
    write: (work) => transaction('BEGIN IMMEDIATE', work),
    read: (work) => transaction('BEGIN', work),
    close: () => {
      if (!db.isOpen) return;
      // Keeps the planner's statistics fresh, as SQLite advises on closing; the limit
      // bounds the work to a sample of each index.
      if (!db.isTransaction) db.exec('PRAGMA analysis_limit = 1000; PRAGMA optimize;');
      db.close();
    },
  };
}

/** A list of ids as one parameter, read in SQL with `IN (SELECT value FROM json_each(?))`. */
export const idList = (ids: Iterable<string>): string => JSON.stringify([...ids]);
