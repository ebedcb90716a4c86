// `klantwaarde import` leaves the user with results, or says how to get them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { cli } from './cli-support.ts';

const SAMPLE = 'examples/sample-portal';
const root = mkdtempSync(join(tmpdir(), 'kw-import-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function storedRuns(dataDir: string) {
  const store = createSqliteStore({ path: join(dataDir, 'klantwaarde.db') });
  await store.migrate();
  try {
    return { runs: await store.listRuns('local', 10), results: await store.latestResults('local') };
  } finally {
    await store.close();
  }
}

describe('import', () => {
  it('recomputes the imported portfolio, as npm start does, and says where to look', async () => {
    const dataDir = join(root, 'with-recalc');
    const run = await cli(['import', '--input', SAMPLE], { KLANTWAARDE_DATA_DIR: dataDir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Imported [\d,]+ records \(300 companies\)/);
    expect(run.stdout).toMatch(/Computed 300 companies as of \d{4}-\d{2}-\d{2}: A \d+, B \d+, C \d+, D \d+/);
    expect(run.stdout).toContain('klantwaarde report');
    const { runs, results } = await storedRuns(dataDir);
    expect(runs.map((r) => [r.kind, r.status])).toEqual([['full', 'succeeded']]);
    expect(results).toHaveLength(300);
  });

  it("imports Excel's Dutch export with csv.decimal: ',' and notes the columns it read past", async () => {
    const dir = join(root, 'dutch');
    mkdirSync(dir);
    writeFileSync(join(dir, 'companies.csv'), 'id;name;Bedrijfsnaam\r\nc-1;Bakker;Bakker BV\r\n');
    writeFileSync(join(dir, 'deals.csv'), 'id;company_id;amount;close_date;status\r\nd-1;c-1;14.873,50;2026-01-01;won\r\n');
    writeFileSync(join(dir, 'activities.csv'), 'id;company_id;type;occurred_at\r\n');
    writeFileSync(join(root, 'nl.yaml'), 'csv:\n  decimal: ","\n');
    const dataDir = join(root, 'dutch-data');
    const run = await cli(['import', '--input', dir, '--no-recalc', '--config', join(root, 'nl.yaml')], { KLANTWAARDE_DATA_DIR: dataDir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('note: companies.csv: ignored the column that Klantwaarde does not read: Bedrijfsnaam');
    const store = createSqliteStore({ path: join(dataDir, 'klantwaarde.db') });
    await store.migrate();
    try {
      expect((await store.loadPortfolio('local')).deals.map((d) => d.amount)).toEqual([14_873.5]);
    } finally {
      await store.close();
    }
  });

  it('with --no-recalc only imports, and says how to update the results', async () => {
    const dataDir = join(root, 'without');
    const run = await cli(['import', '--input', SAMPLE, '--no-recalc'], { KLANTWAARDE_DATA_DIR: dataDir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('run `klantwaarde recalc` to update the results');
    expect((await storedRuns(dataDir)).runs).toEqual([]);
  });
});
