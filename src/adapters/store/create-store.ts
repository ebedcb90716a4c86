// Picks the store for this process: PostgreSQL when a database URL is given (several
// instances share it), else the embedded SQLite file in the data folder.
import { join } from 'node:path';
import pg from 'pg';
import type { Store } from '../../app/ports/store.port.ts';
import { createPostgresStore } from './postgres/postgres.store.ts';
import { createSqliteStore } from './sqlite/sqlite.store.ts';

export const SQLITE_FILE = 'klantwaarde.db';

/** Opens the store; the caller runs migrate() before use. */
export async function createStore({ databaseUrl, dataDir }: { databaseUrl?: string; dataDir: string }): Promise<Store> {
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl });
    // An idle client losing its connection (a database restart) must not crash the
    // process: the pool drops that client, and the next query opens a new one.
    pool.on('error', () => undefined);
    return createPostgresStore({ pool });
  }
  return createSqliteStore({ path: join(dataDir, SQLITE_FILE) });
}
