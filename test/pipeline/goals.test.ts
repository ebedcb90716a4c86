// Customer goals through three full runs: each run keeps what it measured, and the overview
// (dashboard, `report`) shows each goal met or not with its trend over the runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { Store } from '../../src/app/ports/store.port.ts';
import { portfolioOverview } from '../../src/app/portfolio-overview.ts';
import { RankingPopulation } from '../../src/app/ranking-population.ts';
import { recomputeAll, recomputeCompanies, type RecomputeDeps } from '../../src/app/recompute.ts';
import { describeOverview } from '../../src/cli/commands/report.command.ts';
import type { ValueModelConfig } from '../../src/domain/model-config.ts';
import { company, config as modelConfig, won } from '../../src/domain/testing/builders.ts';

const T = 't';
const DAY = 86_400_000;
const START = Date.parse('2026-11-01T00:00:00Z');
let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kw-goals-'));
  store = createSqliteStore({ path: join(dir, 'goals.db') });
  await store.migrate();
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

// Pareto over five customers: the big one alone reaches 80% of the value (A), the next B, the rest C.
const config: ValueModelConfig = modelConfig({
  goals: { retention: 0.75, developed: [{ from: 'medium', to: 'large', count: 1 }], maxDCustomers: 0, maxCostRatio: {} },
});

function deps(now: number): RecomputeDeps {
  return { store, config, configHash: 'c', now: () => now, log: silentLogger, population: new RankingPopulation(store) };
}

const goalsOf = (goals: { key: string; value: number | null; met: boolean | null }[] | null) => goals?.map((g) => [g.key, g.value, g.met]);

describe('customer goals over full runs', () => {
  it('keeps each full run\'s progress, none for an incremental run, and shows the trend', async () => {
    // Run 1: four customers now, three of them customers a year before (c bought only then).
    await store.applyChanges(T, {
      companies: ['a', 'b', 'c', 'd', 'e'].map((id) => company(id)),
      deals: [
        won('a', 1_000_000, '2026-06-01'), won('a', 1_000, '2025-06-01'),
        won('b', 60_000, '2026-06-01'), won('b', 1_000, '2025-06-01'),
        won('c', 1_000, '2025-06-01'),
        won('d', 20_000, '2026-06-01'), won('d', 1_000, '2025-06-01'),
        won('e', 10_000, '2026-06-01'),
      ],
    });
    const first = await recomputeAll(deps(START), T);
    expect(goalsOf(first.goals)).toEqual([
      ['retention', 3 / 4, true],
      ['developed:medium:large', null, null],
      ['max_d_customers', 0, true],
    ]);

    // Run 2: b grows past a (b: B → A); c comes back; e falls to D through heavy servicing.
    const second = START + 7 * DAY;
    await store.applyChanges(T, {
      deals: [won('b', 3_000_000, '2026-11-02'), won('c', 5_000, '2026-11-02')],
      activities: Array.from({ length: 40 }, (_, i) => ({ id: `v${i}`, companyId: 'e', type: 'visit' as const, occurredAt: START + DAY, durationMinutes: 600 })),
    });
    const levelsBefore = new Map((await store.latestResults(T)).map((r) => [r.companyId, r.pyramidLevel]));
    expect(levelsBefore.get('b')).toBe('medium');
    const middle = await recomputeAll(deps(second), T);
    const b = (await store.latestResult(T, 'b'))!;
    expect(['large', 'top']).toContain(b.pyramidLevel);
    expect((await store.latestResult(T, 'e'))!.segment).toBe('D');
    expect(goalsOf(middle.goals)).toEqual([
      ['retention', 1, true],
      ['developed:medium:large', 1, true],
      ['max_d_customers', 1, false],
    ]);

    // An incremental run in between keeps no goal progress.
    const incremental = await recomputeCompanies(deps(second + DAY), T, ['a']);
    expect(incremental.goals).toBeNull();

    // Run 3: nothing moved up since run 2; e is still D.
    const third = await recomputeAll(deps(second + 2 * DAY), T);
    expect(goalsOf(third.goals)).toEqual([
      ['retention', 1, true],
      ['developed:medium:large', 0, false],
      ['max_d_customers', 1, false],
    ]);

    const history = await store.goalHistory(T, 10);
    expect(history.map((h) => h.runId)).toEqual([third.run!.id, middle.run!.id, first.run!.id]);

    const overview = await portfolioOverview(store, T, config);
    expect(overview.goals.map((g) => [g.progress.key, g.progress.met, g.past])).toEqual([
      ['retention', true, [0.75, 1, 1]],
      ['developed:medium:large', false, [null, 1, 0]],
      ['max_d_customers', false, [0, 1, 1]],
    ]);
    const text = [...describeOverview(overview)].join('');
    expect(text).toContain('Customer goals');
    expect(text).toMatch(/Retain last year’s customers\s+≥ 75\.0%\s+100\.0%\s+yes\s+75\.0% → 100\.0% → 100\.0%/);
    expect(text).toMatch(/Develop Medium customers to Large\s+≥ 1\s+0\s+no\s+– → 1 → 0/);
    expect(text).toMatch(/At most this many D customers\s+≤ 0\s+1\s+no\s+0 → 1 → 1/);
  });
});
