// `klantwaarde import` takes a folder of CSV exports as the whole portfolio (PRODUCT.md §3.7):
// what a re-import no longer has is removed from the store, and the counts are reported.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_FILE } from '../../src/adapters/store/create-store.ts';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import type { Portfolio } from '../../src/domain/records.ts';
import { cli } from './cli-support.ts';

const SAMPLE = 'examples/sample-portal';
let dataDir: string;
let folder: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kw-import-data-'));
  folder = await mkdtemp(join(tmpdir(), 'kw-import-csv-'));
  await cp(SAMPLE, folder, { recursive: true });
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(folder, { recursive: true, force: true });
});

const importFolder = () => cli(['import', '--input', folder], { KLANTWAARDE_DATA_DIR: dataDir });

async function stored(): Promise<Portfolio> {
  const store = createSqliteStore({ path: join(dataDir, SQLITE_FILE) });
  try {
    return await store.loadPortfolio('local');
  } finally {
    await store.close();
  }
}

/** The file without the data rows for which `drop` says so (the header stays). */
async function dropRows(file: string, drop: (line: string) => boolean): Promise<void> {
  const [header, ...rows] = (await readFile(join(folder, file), 'utf8')).trimEnd().split('\n');
  await writeFile(join(folder, file), `${[header, ...rows.filter((line) => !drop(line))].join('\n')}\n`);
}

describe('import of a CSV folder as a snapshot', () => {
  it('removes on re-import a deal, an activity, a relation and an override the folder no longer has, and says so', async () => {
    expect((await importFolder()).code).toBe(0);
    const before = await stored();
    const deal = before.deals[0]!;
    const activity = before.activities[0]!;
    const relation = before.relations.find((r) => r.kind === 'referral')!;
    const override = before.overrides[0]!;
    await dropRows('deals.csv', (line) => line.startsWith(`${deal.id},`));
    await dropRows('activities.csv', (line) => line.startsWith(`${activity.id},`));
    await dropRows('relations.csv', (line) => line === `${relation.fromCompanyId},${relation.toCompanyId},${relation.kind}`);
    await dropRows('overrides.csv', (line) => line.startsWith(`${override.companyId},`));

    const again = await importFolder();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Removed what the folder no longer has: 0 companies, 1 deal, 1 activity, 1 relation, 1 override.');
    const after = await stored();
    expect(after.deals.map((d) => d.id)).not.toContain(deal.id);
    expect(after.activities.map((a) => a.id)).not.toContain(activity.id);
    expect(after.relations).not.toContainEqual(relation);
    expect(after.overrides.map((o) => o.companyId)).not.toContain(override.companyId);
    expect(after.deals).toHaveLength(before.deals.length - 1);
    expect(after.activities).toHaveLength(before.activities.length - 1);
    expect(after.companies).toHaveLength(before.companies.length);
  });

  it('removes every deal when deals.csv has only its header', async () => {
    expect((await importFolder()).code).toBe(0);
    const dealCount = (await stored()).deals.length;
    await dropRows('deals.csv', () => true);
    const again = await importFolder();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`0 companies, ${dealCount.toLocaleString("en-US")} deals, 0 activities`);
    expect((await stored()).deals).toEqual([]);
  });

  it('removes nothing when the folder is imported twice unchanged', async () => {
    expect((await importFolder()).code).toBe(0);
    const again = await importFolder();
    expect(again.stdout).toContain('Removed what the folder no longer has: 0 companies, 0 deals, 0 activities, 0 relations, 0 overrides.');
    expect((await stored()).deals).toHaveLength(3011);
  });
});
