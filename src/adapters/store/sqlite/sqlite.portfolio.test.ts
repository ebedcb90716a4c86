// A replacement keeps the by-company indexes while the records come in company order, and
// drops and rebuilds them otherwise: either way the index is complete and consistent after it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { activity, company, won } from '../../../domain/testing/builders.ts';
import type { Activity } from '../../../domain/records.ts';
import { openSqlite } from './sqlite.db.ts';
import { companyOrderedIndexes } from './sqlite.portfolio.ts';
import { createSqliteStore } from './sqlite.store.ts';

const root = mkdtempSync(join(tmpdir(), 'kw-portfolio-'));
let count = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ids = (...companies: string[]) => companies.map((companyId) => ({ companyId }));

describe('by-company indexes during a replacement', () => {
  const indexed = () => {
    const sql = openSqlite(':memory:');
    sql.db.exec('CREATE TABLE activities (tenant TEXT, id TEXT, company_id TEXT); CREATE INDEX activities_by_company ON activities (tenant, company_id);');
    sql.db.exec('CREATE TABLE deals (tenant TEXT, id TEXT, company_id TEXT); CREATE INDEX deals_by_company ON deals (tenant, company_id);');
    const names = () => sql.rows("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").map((r) => r[0]);
    return { sql, names };
  };

  it('keeps an index while its records come in company order, over pages, and through one second sorted run', () => {
    const { sql, names } = indexed();
    const indexes = companyOrderedIndexes(sql);
    indexes.before('activities', ids('c1', 'c1', 'c2'));
    indexes.before('activities', ids('c2', 'c3'));
    indexes.before('activities', ids('c1', 'c3')); // a second run
    indexes.before('deals', ids('c5', 'c9'));
    expect(indexes.dropped).toEqual([]);
    expect(names()).toEqual(['activities_by_company', 'deals_by_company']);
  });

  it('drops the index of a table whose records start a third run, the other table’s stays, and builds it again', () => {
    const { sql, names } = indexed();
    const indexes = companyOrderedIndexes(sql);
    indexes.before('deals', ids('c1', 'c2'));
    indexes.before('activities', ids('c2', 'c1'));
    indexes.before('activities', ids('c3', 'c1'));
    expect(indexes.dropped).toEqual(['activities']);
    expect(names()).toEqual(['deals_by_company']);
    indexes.before('activities', ids('c9', 'c1', 'c5')); // nothing more to decide
    indexes.rebuild();
    expect(names()).toEqual(['activities_by_company', 'deals_by_company']);
  });

  it('leaves every activity findable by company after imports in order, in two runs and shuffled', async () => {
    const path = join(root, `store-${++count}`, 'klantwaarde.db');
    const store = createSqliteStore({ path });
    await store.migrate();
    const companies = Array.from({ length: 30 }, (_, i) => company(`c${String(i).padStart(2, '0')}`));
    const sorted: Activity[] = companies.flatMap((c, i) => Array.from({ length: 4 }, (_, k) => activity(c.id, 'call', `2026-0${1 + ((i + k) % 9)}-01`)));
    const twoRuns = [...sorted.filter((_, i) => i % 4 < 2), ...sorted.filter((_, i) => i % 4 >= 2)];
    const shuffled = sorted.map((a, i) => ({ a, key: (i * 7919) % sorted.length })).sort((x, y) => x.key - y.key).map((x) => x.a);
    for (const order of [sorted, twoRuns, shuffled]) {
      await store.replacePortfolio('t', async (put) => {
        for (let i = 0; i < order.length; i += 16) await put({ activities: order.slice(i, i + 16) });
        await put({ companies, deals: [won('c00', 100)] });
      });
      const sql = openSqlite(path);
      expect(sql.rows('PRAGMA integrity_check')).toEqual([['ok']]);
      expect(sql.rows("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activities'")).toEqual([['activities_by_company']]);
      await sql.close();
      const loaded = await store.loadCompanies('t', ['c07', 'c21']);
      expect(loaded.activities.map((a) => a.id).sort()).toEqual(sorted.filter((a) => a.companyId === 'c07' || a.companyId === 'c21').map((a) => a.id).sort());
    }
    await store.close();
  });
});
