// The store contract on the embedded SQLite store, one temporary file per test, plus what
// only SQLite has: a file on disk that several handles open.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../src/adapters/store/create-store.ts';
import { MIGRATIONS } from '../src/adapters/store/migrations.ts';
import { createSqliteStore } from '../src/adapters/store/sqlite/sqlite.store.ts';
import { computePortfolio } from '../src/domain/engine.ts';
import { company, config, portfolio, won } from '../src/domain/testing/builders.ts';
import { describeStoreContract } from './store.contract.ts';

const root = mkdtempSync(join(tmpdir(), 'kw-store-'));
let count = 0;
// A folder that does not exist yet: the store creates it.
const nextPath = () => join(root, `test-${++count}`, 'data', 'klantwaarde.db');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeStoreContract('sqlite', async () => createSqliteStore({ path: nextPath() }));

describe('sqlite store file', () => {
  it('records each migration once, however often and from how many handles it runs', async () => {
    const path = nextPath();
    const first = createSqliteStore({ path });
    const second = createSqliteStore({ path });
    await Promise.all([first.migrate(), second.migrate()]);
    await first.migrate();
    await Promise.all([first.close(), second.close()]);
    const db = new DatabaseSync(path);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => r.version);
    const journal = db.prepare('PRAGMA journal_mode').get();
    db.close();
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    expect(journal).toEqual({ journal_mode: 'wal' });
  });

  it('reads the ranked figures of a cold incremental run from an index, not through the stored results', async () => {
    const path = nextPath();
    const store = createSqliteStore({ path });
    await store.migrate();
    const asOf = Date.parse('2026-11-01T00:00:00Z');
    const run = await store.startRun({ tenant: 'local', asOf, startedAt: asOf, kind: 'full', configHash: 'h' });
    const [result] = computePortfolio(portfolio({ companies: [company('1', { satisfaction: 7.5 })], deals: [won('1', 1234.56)] }), config(), asOf).results;
    await store.saveResults('local', run.id, asOf, [result!]);
    await store.close();
    const db = new DatabaseSync(path);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT company_id, ranked FROM latest_results INDEXED BY latest_results_ranked WHERE tenant = 'local' AND company_id > '' ORDER BY company_id LIMIT 10000").all();
    // A row stored before the ranked column existed still gives its figures (from its result).
    db.prepare('UPDATE latest_results SET ranked = NULL').run();
    db.close();
    expect(plan.map((r) => r.detail).join(' ')).toMatch(/COVERING INDEX latest_results_ranked/);
    const reopened = createSqliteStore({ path });
    await reopened.migrate();
    const [ranked] = await reopened.latestRanked('local');
    await reopened.close();
    expect(ranked).toMatchObject({ companyId: '1', revenue: 1234.56, totalValue: result!.totalValue, satisfaction: 7.5 });
  });

  it('reads the ranked lines of a tenant of more companies than one read takes, each once, in company order', async () => {
    const store = createSqliteStore({ path: nextPath() });
    await store.migrate();
    const asOf = Date.parse('2026-11-01T00:00:00Z');
    const run = await store.startRun({ tenant: 'local', asOf, startedAt: asOf, kind: 'full', configHash: 'h' });
    const ids = Array.from({ length: 20_001 }, (_, i) => `c${String(i).padStart(5, '0')}`);
    const { results } = computePortfolio(portfolio({ companies: ids.map((id) => company(id)), deals: ids.map((id, i) => won(id, 100 + i)) }), config(), asOf);
    await store.saveResults('local', run.id, asOf, results);
    const ranked = await store.latestRanked('local');
    await store.close();
    expect(ranked.map((r) => r.companyId)).toEqual(ids);
    expect(ranked.map((r) => r.totalValue)).toEqual(results.map((r) => r.totalValue));
  });

  it('keeps the data for the next process that opens the file', async () => {
    const path = nextPath();
    const writer = createSqliteStore({ path });
    await writer.migrate();
    await writer.applyChanges('local', { companies: [{ id: '1', name: 'Kept', createdAt: 0 }] });
    await writer.close();
    const reader = createSqliteStore({ path });
    await reader.migrate();
    expect((await reader.loadPortfolio('local')).companies).toEqual([{ id: '1', name: 'Kept', createdAt: 0 }]);
    await reader.close();
  });

  it('opens klantwaarde.db in the data folder when no database URL is given', async () => {
    const dataDir = join(root, `test-${++count}`, 'data');
    const store = await createStore({ dataDir });
    await store.migrate();
    await store.setCheckpoint('local', 'k', 'v');
    await store.close();
    const db = new DatabaseSync(join(dataDir, 'klantwaarde.db'));
    expect(db.prepare('SELECT value FROM checkpoints').get()).toEqual({ value: 'v' });
    db.close();
  });

  it('works in memory', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    await store.migrate();
    await store.applyChanges('local', { companies: [{ id: '1', name: 'M', createdAt: 1 }] });
    expect(await store.countCompanies('local')).toBe(1);
    await store.close();
  });
});
