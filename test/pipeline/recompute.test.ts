// The pipeline on the real SQLite store with the committed sample portal: full and
// incremental runs agree, runs are recorded, only changed values are written back, and a
// what-if leaves the live results alone. The portal's clock says when a run happens.
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompanyUpdate, CrmWriter } from '../../src/app/ports/crm.port.ts';
import { recomputeAll, recomputeCompanies } from '../../src/app/recompute.ts';
import { portfolioOverview } from '../../src/app/portfolio-overview.ts';
import { writeBack } from '../../src/app/write-back.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import { AS_OF, samplePortal, TENANT, type SamplePortal } from '../support/sample-portal.ts';

const DAY = 86_400_000;

let portal: SamplePortal;
beforeEach(async () => {
  portal = await samplePortal();
});
afterEach(async () => {
  await portal.close();
});

/** A writer that accepts everything and remembers what it got. */
function recordingWriter(): CrmWriter & { calls: CompanyUpdate[][] } {
  const calls: CompanyUpdate[][] = [];
  return {
    tenant: TENANT,
    calls,
    async write(updates, onWritten) {
      calls.push([...updates]);
      await onWritten([...updates]);
      return { written: [...updates], failed: [], apiCalls: 1, stoppedBy: null };
    },
  };
}

/** A won deal closed on 20 October, stored as a sync would. */
const winDeal = (id: string, companyId: string, amount: number) =>
  portal.store.applyChanges(TENANT, { deals: [{ id, companyId, amount, closeDate: Date.parse('2026-10-20T00:00:00Z'), status: 'won' }] });

describe('recompute pipeline', () => {
  it('gives the same result for a dirty company incrementally as a full run does', async () => {
    const { store, recompute } = portal;
    // A big new won deal for a small customer moves its figures and maybe its segment.
    const before = await store.latestResult(TENANT, 'c-000150');
    await winDeal('d-new-1', 'c-000150', 250_000);
    const incremental = await recomputeCompanies(recompute, TENANT, ['c-000150']);
    const full = await recomputeAll(recompute, TENANT, { dryRun: true });
    const fromFull = full.results.find((r) => r.companyId === 'c-000150');
    expect(incremental.results).toHaveLength(1);
    expect(incremental.results[0]).toEqual(fromFull);
    expect(incremental.results[0]!.revenue).toBeGreaterThan(before!.revenue + 249_999);
    expect(await store.latestResult(TENANT, 'c-000150')).toEqual(fromFull);
  });

  it('recomputes and stores the company that influences a changed one (seed 000\'s chairman)', async () => {
    const { store, recompute } = portal;
    // c-000037 influences c-000274: 5% of a 400,000 deal is 20,000 more strategic value.
    const before = await store.latestResult(TENANT, 'c-000037');
    await winDeal('d-new-3', 'c-000274', 400_000);
    const incremental = await recomputeCompanies(recompute, TENANT, ['c-000274']);
    const full = await recomputeAll(recompute, TENANT, { dryRun: true });
    const influencer = full.results.find((r) => r.companyId === 'c-000037')!;
    expect(influencer.strategicValue).toBeCloseTo(before!.strategicValue + 20_000, 6);
    expect(incremental.results.map((r) => r.companyId).sort()).toEqual(['c-000037', 'c-000274']);
    expect((await store.latestResult(TENANT, 'c-000037'))!.strategicValue).toBe(influencer.strategicValue);
    expect(incremental.updates.find((u) => u.companyId === 'c-000037')?.values.strategic_value).toBe(influencer.strategicValue.toFixed(2));
  });

  it("recomputes the influencer too when the card's Recalculate runs for the company (5% of a 400,000 deal: 20,000 more)", async () => {
    const { store } = portal;
    const before = Math.round((await store.latestResult(TENANT, 'c-000037'))!.strategicValue);
    await winDeal('d-new-5', 'c-000274', 400_000);
    const res = await request(portal.app({ mode: 'local' })).post('/api/companies/c-000274/recalculate');
    expect(res.status).toBe(200);
    expect(Math.round((await store.latestResult(TENANT, 'c-000037'))!.strategicValue)).toBe(before + 20_000);
  });

  it('agrees with a full run for every company when nothing changed', async () => {
    const { recompute, store } = portal;
    const ids = (await store.latestResults(TENANT)).map((r) => r.companyId).filter((_, i) => i % 7 === 0);
    const incremental = await recomputeCompanies(recompute, TENANT, ids);
    const full = await recomputeAll(recompute, TENANT, { dryRun: true });
    const byId = new Map(full.results.map((r) => [r.companyId, r]));
    for (const r of incremental.results) expect(r).toEqual(byId.get(r.companyId));
  });

  it('records every run with its counts and the override agreement', async () => {
    const runs = await portal.store.listRuns(TENANT, 10);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ kind: 'full', status: 'succeeded', configHash: 'dashboard-test' });
    expect(runs[0]!.counts.companies).toBe(300);
    expect(runs[0]!.counts.A! + runs[0]!.counts.B! + runs[0]!.counts.C! + runs[0]!.counts.D!).toBe(runs[0]!.counts.customers);
    expect(runs[0]!.agreementRate).not.toBeUndefined();
  });

  it('reports pyramid migration against the previous full run', async () => {
    portal.clock.now = Date.parse('2027-02-01T00:00:00Z');
    const second = await recomputeAll(portal.recompute, TENANT);
    expect(second.migration).not.toBeNull();
    expect(second.migration!.moves.filter((m) => m.from !== null)).toHaveLength(300);
    expect(second.migration!.moves.some((m) => m.direction === 'down')).toBe(true);
  });

  it('keeps the migration against the previous full run after 60 incremental runs', async () => {
    const { recompute, store } = portal;
    portal.clock.now = AS_OF + DAY;
    await recomputeAll(recompute, TENANT);
    for (let i = 1; i <= 60; i++) {
      portal.clock.now = AS_OF + DAY + i * 15 * 60_000;
      await recomputeCompanies(recompute, TENANT, [`c-${String(i).padStart(6, '0')}`]);
    }
    expect(await store.listRuns(TENANT, 100)).toHaveLength(62);
    const overview = await portfolioOverview(store, TENANT, DEFAULT_MODEL_CONFIG);
    expect(overview.report.migration).not.toBeNull();
    expect(overview.report.migration!.moves.filter((m) => m.from !== null)).toHaveLength(300);
  });

  it('writes kw_calculated_at as the time the run ran', async () => {
    const { recompute, store } = portal;
    await store.applyChanges(TENANT, { deals: [{ id: 'd-new-4', companyId: 'c-000010', amount: 1000, closeDate: AS_OF - DAY, status: 'won' }] });
    // The run starts at 09:30 and its clock moves on while it works.
    const start = AS_OF + DAY + 9.5 * 3_600_000;
    let tick = 0;
    const moving = { ...recompute, now: () => start + 1000 * tick++ };
    const outcome = await recomputeCompanies(moving, TENANT, ['c-000010']);
    expect(outcome.calculatedAt).toBe(start);
    expect(outcome.asOf).toBe(start);
    expect(outcome.updates[0]!.values.calculated_at).toBe('2026-11-02T09:30:00.000Z');
  });

  it('writes everything once, then nothing while nothing changes', async () => {
    const { recompute, store } = portal;
    const writer = recordingWriter();
    const first = await recomputeAll(recompute, TENANT);
    expect(first.updates).toHaveLength(300);
    expect(first.updates[0]!.values).not.toHaveProperty('segment_override');
    await writeBack(store, writer, first.updates, silentLogger);
    const second = await recomputeAll(recompute, TENANT);
    expect(second.updates).toEqual([]);
    // One company changes: only it is written, with the changed values and the timestamp.
    await store.applyChanges(TENANT, { deals: [{ id: 'd-new-2', companyId: 'c-000010', amount: 1000, closeDate: Date.parse('2026-10-01T00:00:00Z'), status: 'won' }] });
    const third = await recomputeCompanies(recompute, TENANT, ['c-000010']);
    expect(third.updates.map((u) => u.companyId)).toEqual(['c-000010']);
    expect(third.updates[0]!.values).toHaveProperty('revenue_12m');
    expect(third.updates[0]!.values).toHaveProperty('calculated_at');
    expect(third.updates[0]!.values).not.toHaveProperty('segment');
  });

  it('records a failed run and rethrows when the store cannot load', async () => {
    const { recompute, store } = portal;
    const broken = { ...recompute, store: { ...store, loadPortfolio: async () => Promise.reject(new Error('disk gone')) } };
    await expect(recomputeAll(broken, TENANT)).rejects.toThrow('disk gone');
    const [last] = await store.listRuns(TENANT, 1);
    expect(last).toMatchObject({ status: 'failed', error: 'Error: disk gone' });
  });
});

describe('a what-if (a run as of another moment than now)', () => {
  it('returns its figures but leaves the live results, the runs and the CRM untouched, with or without dryRun', async () => {
    const { recompute, store } = portal;
    const writer = recordingWriter();
    const live = await store.latestResults(TENANT);
    const runs = await store.listRuns(TENANT, 10);
    for (const dryRun of [false, true]) {
      const whatIf = await recomputeAll(recompute, TENANT, { asOf: Date.parse('2026-06-01T00:00:00Z'), dryRun });
      expect(whatIf).toMatchObject({ whatIf: true, run: null, updates: [], migration: null, calculatedAt: AS_OF, asOf: Date.parse('2026-06-01T00:00:00Z') });
      expect(whatIf.results).toHaveLength(300);
      expect(whatIf.results).not.toEqual(live);
      await writeBack(store, writer, whatIf.updates, silentLogger);
    }
    const one = await recomputeCompanies(recompute, TENANT, ['c-000274'], { asOf: Date.parse('2026-06-01T00:00:00Z') });
    expect(one.results.map((r) => r.companyId)).toEqual(['c-000274']);
    expect(one.updates).toEqual([]);
    expect(writer.calls).toEqual([]);
    expect(await store.latestResults(TENANT)).toEqual(live);
    expect(await store.listRuns(TENANT, 10)).toEqual(runs);
    expect(await store.history(TENANT, 'c-000274', 10)).toHaveLength(1);
  });

  it('measures one company against the whole portfolio as of its own moment', async () => {
    const asOf = Date.parse('2026-06-01T00:00:00Z');
    const one = await recomputeCompanies(portal.recompute, TENANT, ['c-000274'], { asOf });
    const all = await recomputeAll(portal.recompute, TENANT, { asOf });
    expect(one.results[0]).toEqual(all.results.find((r) => r.companyId === 'c-000274'));
  });
});
