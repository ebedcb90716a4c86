// The page size a store's file gets: 16 kB for a new database, and an existing database's own
// kept (SQLite cannot change it once the file has tables, and the store must still open it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from './sqlite.store.ts';
import { openSqlite, PAGE_SIZE } from './sqlite.db.ts';

const root = mkdtempSync(join(tmpdir(), 'kw-sqlite-db-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const pageSize = (path: string): number => {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
  } finally {
    db.close();
  }
};

describe('SQLite page size', () => {
  it('gives a new store’s file 16 kB pages', async () => {
    const path = join(root, 'new.db');
    const store = createSqliteStore({ path });
    await store.migrate();
    await store.applyChanges('t', { companies: [{ id: 'c1', name: 'Een', createdAt: 0 }] });
    await store.close();
    expect(PAGE_SIZE).toBe(16_384);
    expect(pageSize(path)).toBe(16_384);
  });

  it('keeps the 4 kB pages of a database made before, and reads and writes it as usual', async () => {
    const path = join(root, 'old.db');
    const before = new DatabaseSync(path);
    before.exec('PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO t VALUES (1, \'kept\');');
    before.close();

    const sql = openSqlite(path);
    sql.write(() => sql.statement('INSERT INTO t VALUES (?, ?)').run(2, 'added'));
    expect(sql.rows('SELECT id, body FROM t ORDER BY id')).toEqual([[1, 'kept'], [2, 'added']]);
    await sql.close();
    expect(pageSize(path)).toBe(4096);
  });
});
