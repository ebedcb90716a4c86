// The store contract on PostgreSQL (TEST_DATABASE_URL, default the local test database),
// each test in a fresh schema, plus what only PostgreSQL has: instances starting together.
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../src/adapters/store/create-store.ts';
import { MIGRATIONS } from '../src/adapters/store/migrations.ts';
import { createPostgresStore } from '../src/adapters/store/postgres/postgres.store.ts';
import { describeStoreContract } from './store.contract.ts';
import { TEST_DATABASE_URL, postgresTestDatabase } from './support/postgres.ts';

const database = postgresTestDatabase();
afterAll(() => database.dropAll());

describeStoreContract('postgres', () => database.makeStore());

describe('postgres store', () => {
  it('migrates once when several instances start at the same moment', async () => {
    const schema = await database.createSchema();
    const stores = Array.from({ length: 4 }, () => createPostgresStore({ pool: database.pool(schema) }));
    await Promise.all(stores.map((s) => s.migrate()));
    await stores[0]!.migrate();
    await Promise.all(stores.map((s) => s.close()));
    const check = database.pool(schema);
    const { rows } = await check.query('SELECT version FROM schema_migrations ORDER BY version');
    await check.end();
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('lets two instances write the same tenant at the same time', async () => {
    const schema = await database.createSchema();
    const [one, two] = [createPostgresStore({ pool: database.pool(schema) }), createPostgresStore({ pool: database.pool(schema) })];
    await one.migrate();
    const companies = (from: number) => Array.from({ length: 2000 }, (_, i) => ({ id: String(from + i), name: `C${from + i}`, createdAt: 0 }));
    await Promise.all([one.applyChanges('t', { companies: companies(0) }), two.applyChanges('t', { companies: companies(1000) })]);
    expect(await one.countCompanies('t')).toBe(3000);
    await Promise.all([one.close(), two.close()]);
  });

  it('opens PostgreSQL when a database URL is given', async () => {
    const schema = await database.createSchema();
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const store = await createStore({ databaseUrl: url.toString(), dataDir: '/nonexistent' });
    await store.migrate();
    await store.setCheckpoint('t', 'k', 'v');
    await store.close();
    const check = database.pool(schema);
    const { rows } = await check.query('SELECT value FROM checkpoints');
    await check.end();
    expect(rows).toEqual([{ value: 'v' }]);
  });
});
