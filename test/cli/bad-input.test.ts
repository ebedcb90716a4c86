// What the CLI does with input it cannot use: a clear message naming the option and what is
// allowed, the right exit code, and nothing stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { cli } from './cli-support.ts';

const SAMPLE = 'examples/sample-portal';
const root = mkdtempSync(join(tmpdir(), 'kw-bad-input-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const dataDir = () => join(root, `data-${++folders}`);

describe('dates on the command line', () => {
  // Each of these was read as some other date: 11 January, 2 March, the year 2001.
  const refused = ['01-11-2026', '2026-02-30', '1', '2026-13-01', '2026-11-01T25:00:00Z', 'tomorrow', '2026-1-5'];

  it.each(refused)('refuses --as-of %s with exit 2 and says which form is allowed', async (value) => {
    for (const command of [['recalc', '--input', SAMPLE], ['sample', '--out', join(root, 'never')]]) {
      const run = await cli([...command, '--as-of', value]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`--as-of ${value}: expected an ISO 8601 date or date-time (e.g. 2026-03-01 or 2026-03-01T09:30:00Z)`);
    }
  });

  it('takes an ISO date as that day at midnight UTC, and an instant with its zone', async () => {
    const now = Date.parse('2026-12-03T09:30:00Z');
    const asOf = async (value: string) => {
      const run = await cli(['recalc', '--input', SAMPLE, '--as-of', value, '--format', 'json', '--company', 'c-000001'], {}, undefined, { now });
      expect(run.code).toBe(0);
      return run.stdout;
    };
    expect(await asOf('2026-11-01')).toBe(await asOf('2026-11-01T00:00:00.000Z'));
    expect(await asOf('2026-11-01T09:30:00+01:00')).toBe(await asOf('2026-11-01T08:30:00Z'));
    expect(await asOf('2026-11-01')).not.toBe(await asOf('2026-10-01'));
  });
});

describe('an unknown --company', () => {
  it('exits 1 with company.not_found and records no run', async () => {
    const env = { KLANTWAARDE_DATA_DIR: dataDir() };
    expect((await cli(['import', '--input', SAMPLE, '--no-recalc'], env)).code).toBe(0);
    const run = await cli(['recalc', '--company', 'c-999999'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('company.not_found');
    expect(run.stderr).toContain('c-999999');
    expect(run.stdout).toBe('');
    const store = createSqliteStore({ path: join(env.KLANTWAARDE_DATA_DIR, 'klantwaarde.db') });
    await store.migrate();
    expect(await store.listRuns('local', 10)).toEqual([]);
    await store.close();
  });

  it('exits 1 with company.not_found when reading straight from a folder too', async () => {
    const run = await cli(['recalc', '--input', SAMPLE, '--company', 'c-999999']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('company.not_found');
    expect(run.stdout).toBe('');
  });
});

describe('folders that are not there', () => {
  it('says "folder not found" for an --input that does not exist, once, with exit 2', async () => {
    for (const command of ['import', 'recalc']) {
      const run = await cli([command, '--input', join(root, 'nonexistent')], { KLANTWAARDE_DATA_DIR: dataDir() });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--input ${join(root, 'nonexistent')}: folder not found`);
      expect(run.stderr).not.toContain('required file is missing');
    }
  });

  it('says so when --input names a file instead of a folder', async () => {
    for (const command of ['import', 'recalc']) {
      const run = await cli([command, '--input', join(SAMPLE, 'companies.csv')], { KLANTWAARDE_DATA_DIR: dataDir() });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--input ${join(SAMPLE, 'companies.csv')}: this is a file; give the folder that holds companies.csv, deals.csv and activities.csv`);
    }
  });
});

describe('sample --out', () => {
  it('will not write over CSV files already in the folder without --force', async () => {
    const out = join(root, 'sample-out');
    const first = await cli(['sample', '--companies', '5', '--out', out]);
    expect(first.code).toBe(0);
    const again = await cli(['sample', '--companies', '7', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`--out ${out} already holds activities.csv, companies.csv, deals.csv`);
    expect(again.stderr).toContain('--force');
    const forced = await cli(['sample', '--companies', '7', '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('Wrote 7 companies');
  });

  it('refuses an --out that is a file', async () => {
    const run = await cli(['sample', '--out', join(SAMPLE, 'companies.csv')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is a file');
  });
});

describe('tenants that do not exist', () => {
  it('report and show refuse an unknown --tenant with exit 1 and name the known ones', async () => {
    const env = { KLANTWAARDE_DATA_DIR: dataDir() };
    expect((await cli(['import', '--input', SAMPLE, '--no-recalc'], env)).code).toBe(0);
    for (const command of [['report'], ['show', 'c-000001']]) {
      const run = await cli([...command, '--tenant', 'nobody'], env);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('tenant.not_found: There is no tenant nobody; known tenants: local');
    }
  });
});
