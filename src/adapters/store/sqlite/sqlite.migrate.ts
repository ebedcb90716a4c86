// Applies the pending migrations to a SQLite database, all in one write transaction so two
// processes starting together cannot both apply the same version.
import { MIGRATIONS } from '../migrations.ts';
import type { Sqlite } from './sqlite.db.ts';

export function migrateSqlite(sql: Sqlite): void {
  sql.write(() => {
    sql.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    const applied = new Set(sql.rows('SELECT version FROM schema_migrations').map((r) => r[0] as number));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      sql.db.exec(migration.sqlite);
      sql.statement('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
    }
  });
}
