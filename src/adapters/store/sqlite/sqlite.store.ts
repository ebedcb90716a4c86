// The embedded store: one SQLite file through the built-in node:sqlite (no native addon),
// used when no DATABASE_URL is set. Each call runs synchronously inside; the port is async.
import type { Store } from '../../../app/ports/store.port.ts';
import { openSqlite } from './sqlite.db.ts';
import { migrateSqlite } from './sqlite.migrate.ts';
import { sqlitePortfolio } from './sqlite.portfolio.ts';
import { sqliteRuns } from './sqlite.runs.ts';
import { sqliteTasks } from './sqlite.tasks.ts';

/** Opens (and creates, with its folder) the database at `path`; ':memory:' keeps it in memory. */
export function createSqliteStore({ path }: { path: string }): Store {
  const sql = openSqlite(path);
  return {
    async migrate() {
      migrateSqlite(sql);
    },
    async close() {
      await sql.close();
    },
    ...sqlitePortfolio(sql),
    ...sqliteRuns(sql),
    ...sqliteTasks(sql),
  };
}
