// The demo does not age (issue 19 item 9): the sample portal loaded as `npm start` loads it
// and computed on days a year apart gives the same segments and figures as on the sample's own
// day, because each live full run first moves its records on to today. A what-if leaves
// them where they are, a dry run moves them only in memory, and a folder of one's own never
// moves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { folderPages } from '../../src/adapters/crm/file/folder-pages.ts';
import { readPortfolioCsv } from '../../src/adapters/crm/file/csv.reader.ts';
import { readSampleDay } from '../../src/adapters/crm/file/sample.ts';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { Store } from '../../src/app/ports/store.port.ts';
import { RankingPopulation } from '../../src/app/ranking-population.ts';
import { recomputeAll, type RecomputeDeps } from '../../src/app/recompute.ts';
import { loadFolder, SAMPLE_DAY_CHECKPOINT } from '../../src/app/sample/living-sample.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { computePortfolio } from '../../src/domain/engine.ts';
import { portfolioReport } from '../../src/domain/portfolio-report.ts';
import type { CompanyResult } from '../../src/domain/results.ts';
import { SAMPLE_DIR, TENANT } from '../support/sample-portal.ts';

const DAY = 86_400_000;
/** The sample's own day, and two days a year apart later on (the second year holds 29 February). */
const SAMPLE_DAY = Date.parse('2026-11-01T09:30:00Z');
const NEXT_SPRING = Date.parse('2027-03-10T09:30:00Z');
const A_YEAR_LATER = Date.parse('2028-03-10T09:30:00Z');

let dir: string;
let store: Store;
const clock = { now: NEXT_SPRING };
let deps: RecomputeDeps;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kw-living-sample-'));
  store = createSqliteStore({ path: join(dir, 'klantwaarde.db') });
  await store.migrate();
  clock.now = NEXT_SPRING;
  deps = { store, config: DEFAULT_MODEL_CONFIG, configHash: 'living-sample', now: () => clock.now, log: silentLogger, population: new RankingPopulation(store) };
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What `npm start` does on an empty store. */
async function loadSample(): Promise<void> {
  await loadFolder(store, TENANT, folderPages(SAMPLE_DIR), await readSampleDay(SAMPLE_DIR));
}

/** Numbers to a millionth: the store hands records over in another order than the files, so sums differ in the last bit. */
function rounded<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v))) as T;
}

/** A company's figures, with its instants as distances from the moment computed for. */
function figures(r: CompanyResult, asOf: number) {
  // The plan's text names dates; its touchpoints are compared below.
  const { nextContactDate, contacts, override, contactPlan: _plan, ...rest } = r;
  return rounded({
    ...rest,
    nextContactDate: nextContactDate === null ? null : nextContactDate - asOf,
    contacts: contacts.map((c) => ({ ...c, lastContact: c.lastContact === null ? null : c.lastContact - asOf, nextDue: c.nextDue - asOf })),
    override: override && { ...override, at: override.at - asOf, expiresAt: override.expiresAt === undefined ? undefined : override.expiresAt - asOf },
  });
}

const byCompany = (results: readonly CompanyResult[], asOf: number) => new Map(results.map((r) => [r.companyId, figures(r, asOf)]));

describe('the sample portal, loaded as npm start loads it', () => {
  it('gives the same segments and figures on its own day, the next spring and a year after that', async () => {
    const read = await readPortfolioCsv(SAMPLE_DIR);
    if (!read.ok) throw new Error('the sample portal does not read');
    const onItsDay = computePortfolio(read.portfolio, DEFAULT_MODEL_CONFIG, SAMPLE_DAY).results;

    await loadSample();
    const spring = await recomputeAll(deps, TENANT);
    clock.now = A_YEAR_LATER;
    const later = await recomputeAll(deps, TENANT);

    expect(spring.whatIf).toBe(false);
    expect(later.whatIf).toBe(false);
    const expected = byCompany(onItsDay, SAMPLE_DAY);
    expect(byCompany(spring.results, NEXT_SPRING)).toEqual(expected);
    expect(byCompany(later.results, A_YEAR_LATER)).toEqual(expected);
    // The overview says the same: counts per segment, the whale curve, retention.
    const report = (results: readonly CompanyResult[]) => {
      const { segments, whalePeak, retention, pyramid, customers } = portfolioReport(results, DEFAULT_MODEL_CONFIG, null);
      return rounded({ segments, whalePeak, retention, pyramid, customers });
    };
    expect(report(later.results)).toEqual(report(onItsDay));
  });

  it('stores the move: the records and the sample day are today’s after a live run', async () => {
    await loadSample();
    expect(await store.getCheckpoint(TENANT, SAMPLE_DAY_CHECKPOINT)).toBe('2026-11-01');
    const before = await store.loadCompanies(TENANT, ['c-000001']);
    await recomputeAll(deps, TENANT);
    expect(await store.getCheckpoint(TENANT, SAMPLE_DAY_CHECKPOINT)).toBe('2027-03-10');
    const after = await store.loadCompanies(TENANT, ['c-000001']);
    const days = (Date.parse('2027-03-10') - Date.parse('2026-11-01')) / DAY;
    expect(after.deals.map((d) => d.closeDate)).toEqual(before.deals.map((d) => d.closeDate + days * DAY));
    expect(after.activities.map((a) => a.occurredAt)).toEqual(before.activities.map((a) => a.occurredAt + days * DAY));
  });

  it('leaves the records where they are for a what-if, and moves them only in memory for a dry run', async () => {
    await loadSample();
    const stored = await store.loadPortfolio(TENANT);
    const whatIf = await recomputeAll(deps, TENANT, { asOf: NEXT_SPRING - 30 * DAY });
    expect(whatIf.whatIf).toBe(true);
    const dry = await recomputeAll(deps, TENANT, { dryRun: true });
    expect(await store.loadPortfolio(TENANT)).toEqual(stored);
    expect(await store.getCheckpoint(TENANT, SAMPLE_DAY_CHECKPOINT)).toBe('2026-11-01');
    // The dry run saw the sample as of today, as the live run will.
    const live = await recomputeAll(deps, TENANT);
    expect(byCompany(dry.results, NEXT_SPRING)).toEqual(byCompany(live.results, NEXT_SPRING));
  });

  it('stops moving once a folder of real exports replaces it', async () => {
    await loadSample();
    await recomputeAll(deps, TENANT);
    // The same files without sample.json: someone's own export.
    await loadFolder(store, TENANT, folderPages(SAMPLE_DIR), null);
    expect(await store.getCheckpoint(TENANT, SAMPLE_DAY_CHECKPOINT)).toBe('');
    const stored = await store.loadPortfolio(TENANT);
    clock.now = A_YEAR_LATER;
    await recomputeAll(deps, TENANT);
    expect(await store.loadPortfolio(TENANT)).toEqual(stored);
  });
});
