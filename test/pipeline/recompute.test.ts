// The pipeline on the real SQLite store with the committed sample portal: full and
// incremental runs agree, runs are recorded, and only changed values are written back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompanyUpdate, CrmWriter } from '../../src/app/ports/crm.port.ts';
import { recomputeAll, recomputeCompanies } from '../../src/app/recompute.ts';
import { writeBack } from '../../src/app/write-back.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import { AS_OF, samplePortal, TENANT, type SamplePortal } from '../support/sample-portal.ts';

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

describe('recompute pipeline', () => {
  it('gives the same result for a dirty company incrementally as a full run does', async () => {
    const { store, recompute } = portal;
    // A big new won deal for a small customer moves its figures and maybe its segment.
    const before = await store.latestResult(TENANT, 'c-000150');
    await store.applyChanges(TENANT, {
      deals: [{ id: 'd-new-1', companyId: 'c-000150', amount: 250_000, closeDate: Date.parse('2026-10-20T00:00:00Z'), status: 'won' }],
    });
    const incremental = await recomputeCompanies(recompute, TENANT, ['c-000150'], { asOf: AS_OF });
    const full = await recomputeAll(recompute, TENANT, { asOf: AS_OF, dryRun: true });
    const fromFull = full.results.find((r) => r.companyId === 'c-000150');
    expect(incremental.results).toHaveLength(1);
    expect(incremental.results[0]).toEqual(fromFull);
    expect(incremental.results[0]!.revenue).toBeGreaterThan(before!.revenue + 249_999);
    expect(await store.latestResult(TENANT, 'c-000150')).toEqual(fromFull);
  });

  it('agrees with a full run for every company when nothing changed', async () => {
    const { recompute, store } = portal;
    const ids = (await store.latestResults(TENANT)).map((r) => r.companyId).filter((_, i) => i % 7 === 0);
    const incremental = await recomputeCompanies(recompute, TENANT, ids, { asOf: AS_OF });
    const full = await recomputeAll(recompute, TENANT, { asOf: AS_OF, dryRun: true });
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
    const second = await recomputeAll(portal.recompute, TENANT, { asOf: Date.parse('2027-02-01T00:00:00Z') });
    expect(second.migration).not.toBeNull();
    expect(second.migration!.previousCustomers).toBeGreaterThan(0);
    expect(second.migration!.moves.some((m) => m.direction === 'down')).toBe(true);
  });

  it('writes everything once, then nothing while nothing changes', async () => {
    const { recompute, store } = portal;
    const writer = recordingWriter();
    const first = await recomputeAll(recompute, TENANT, { asOf: AS_OF });
    expect(first.updates).toHaveLength(300);
    expect(first.updates[0]!.values).not.toHaveProperty('segment_override');
    await writeBack(store, writer, first.updates, silentLogger);
    const second = await recomputeAll(recompute, TENANT, { asOf: AS_OF });
    expect(second.updates).toEqual([]);
    // One company changes: only it is written, with the changed values and the timestamp.
    await store.applyChanges(TENANT, { deals: [{ id: 'd-new-2', companyId: 'c-000010', amount: 1000, closeDate: Date.parse('2026-10-01T00:00:00Z'), status: 'won' }] });
    const third = await recomputeCompanies(recompute, TENANT, ['c-000010'], { asOf: AS_OF });
    expect(third.updates.map((u) => u.companyId)).toEqual(['c-000010']);
    expect(third.updates[0]!.values).toHaveProperty('revenue_12m');
    expect(third.updates[0]!.values).toHaveProperty('calculated_at');
    expect(third.updates[0]!.values).not.toHaveProperty('segment');
  });

  it('records a failed run and rethrows when the store cannot load', async () => {
    const { recompute, store } = portal;
    const broken = { ...recompute, store: { ...store, loadPortfolio: async () => Promise.reject(new Error('disk gone')) } };
    await expect(recomputeAll(broken, TENANT, { asOf: AS_OF })).rejects.toThrow('disk gone');
    const [last] = await store.listRuns(TENANT, 1);
    expect(last).toMatchObject({ status: 'failed', error: 'Error: disk gone' });
  });
});
