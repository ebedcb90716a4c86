// PostgreSQL for tests: every store gets a schema of its own in the test database (the
// pool's search_path points at it), and the schemas are dropped when the file is done.
// There is no skipping: without a reachable database these tests fail.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createPostgresStore } from '../../src/adapters/store/postgres/postgres.store.ts';
import type { Store } from '../../src/app/ports/store.port.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface PostgresTestDatabase {
  /** A new, empty schema. */
  createSchema(): Promise<string>;
  /** A pool whose connections work in `schema`; the caller ends it (or hands it to a store). */
  pool(schema: string): pg.Pool;
  /** A store (not yet migrated) in a new, empty schema; closing it ends its pool. */
  makeStore(): Promise<Store>;
  /** Drops every schema this helper created. */
  dropAll(): Promise<void>;
}

export function postgresTestDatabase(url = TEST_DATABASE_URL): PostgresTestDatabase {
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  const schemas: string[] = [];

  const pool = (schema: string) => {
    const p = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
    p.on('error', () => undefined);
    return p;
  };

  const createSchema = async () => {
    const schema = `kw_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
    } catch (error) {
      throw new Error(`The store tests need PostgreSQL at ${url} (set TEST_DATABASE_URL): ${String(error)}`, { cause: error });
    }
    schemas.push(schema);
    return schema;
  };

  return {
    createSchema,
    pool,
    makeStore: async () => createPostgresStore({ pool: pool(await createSchema()) }),
    dropAll: async () => {
      try {
        for (const schema of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}
