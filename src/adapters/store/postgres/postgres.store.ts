// The shared store for several instances: PostgreSQL through node-postgres, used when
// DATABASE_URL is set. The store owns the pool it is given: close() ends it.
import type { Pool } from 'pg';
import type { Store } from '../../../app/ports/store.port.ts';
import { migratePostgres } from './postgres.migrate.ts';
import { postgresPortfolio } from './postgres.portfolio.ts';
import { postgresRuns } from './postgres.runs.ts';
import { postgresTasks } from './postgres.tasks.ts';

export function createPostgresStore({ pool }: { pool: Pool }): Store {
  return {
    async migrate() {
      await migratePostgres(pool);
    },
    async close() {
      if (!pool.ended && !pool.ending) await pool.end();
    },
    ...postgresPortfolio(pool),
    ...postgresRuns(pool),
    ...postgresTasks(pool),
  };
}
