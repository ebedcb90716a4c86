// Syncing into the store: a full pull is the whole CRM (what it did not bring is removed), an
// override cleared in the CRM is cleared in the store, and an incremental pull names every
// company a change leaves behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import type { CrmSource, SyncPage } from '../../src/app/ports/crm.port.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { Store } from '../../src/app/ports/store.port.ts';
import { syncTenant } from '../../src/app/sync.ts';
import type { Company } from '../../src/domain/records.ts';

const company = (id: string): Company => ({ id, name: id, createdAt: 0 });
const source = (pages: SyncPage[]): CrmSource => ({
  tenant: 't',
  async *pull() {
    yield* pages;
  },
  pullCompanies: async () => ({ changes: {}, skipped: [] }),
});

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kw-sync-'));
  store = createSqliteStore({ path: join(dir, 'k.db') });
  await store.migrate();
  await store.applyChanges('t', {
    companies: [company('a'), company('b'), company('c')],
    overrides: [{ companyId: 'a', segment: 'A', reason: 'r', by: 'x', at: 1 }],
  });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sync into the store', () => {
  it('deletes on a full pull the companies the CRM no longer has', async () => {
    const outcome = await syncTenant(store, source([{ changes: { companies: [company('a'), company('b')] }, skipped: [], checkpoint: 'x' }]), 'full', silentLogger);
    expect((await store.loadPortfolio('t')).companies.map((c) => c.id).sort()).toEqual(['a', 'b']);
    expect(outcome.deletedCompanyIds).toEqual(['c']);
    expect(await store.getCheckpoint('t', 'sync')).toBe('x');
  });

  it('deletes on a full pull the relations the CRM no longer has, and keeps them on an incremental one', async () => {
    const referral = { fromCompanyId: 'a', toCompanyId: 'b', kind: 'referral' as const };
    const influence = { fromCompanyId: 'c', toCompanyId: 'a', kind: 'influence' as const };
    await store.applyChanges('t', { relations: [referral, influence] });
    const all = [company('a'), company('b'), company('c')];
    await syncTenant(store, source([{ changes: { companies: all, relations: [influence] }, skipped: [] }]), 'incremental', silentLogger);
    expect((await store.loadPortfolio('t')).relations).toHaveLength(2);

    const full = await syncTenant(store, source([{ changes: { companies: all, relations: [influence] }, skipped: [] }]), 'full', silentLogger);
    expect((await store.loadPortfolio('t')).relations).toEqual([influence]);
    expect(full.changedCompanyIds.sort()).toEqual(['a', 'b', 'c']);
  });

  it('removes on a full pull the deals, activities and overrides the CRM no longer has, and counts what it removed', async () => {
    await store.applyChanges('t', {
      deals: [{ id: 'd1', companyId: 'a', amount: 100, closeDate: 1, status: 'won' }, { id: 'd2', companyId: 'b', amount: 100, closeDate: 1, status: 'won' }],
      activities: [{ id: 'x1', companyId: 'a', type: 'call', occurredAt: 1 }, { id: 'x2', companyId: 'c', type: 'call', occurredAt: 1 }],
    });
    const page: SyncPage = {
      changes: { companies: [company('a'), company('b')], deals: [{ id: 'd2', companyId: 'b', amount: 100, closeDate: 1, status: 'won' }], activities: [{ id: 'x1', companyId: 'a', type: 'call', occurredAt: 1 }] },
      skipped: [],
    };
    const full = await syncTenant(store, source([page]), 'full', silentLogger);
    const after = await store.loadPortfolio('t');
    expect(after.deals.map((d) => d.id)).toEqual(['d2']);
    expect(after.activities.map((a) => a.id)).toEqual(['x1']);
    expect(after.overrides).toEqual([]);
    // x2 went with its company c; the override of a is gone because the CRM sent none.
    expect(full.removed).toEqual({ companies: 1, deals: 1, activities: 1, relations: 0, overrides: 1 });
  });

  it('keeps an override a full pull brings in a later page than its company', async () => {
    const page = (changes: SyncPage['changes']): SyncPage => ({ changes, skipped: [] });
    const kept = { companyId: 'a', segment: 'A' as const, reason: 'r', by: 'x', at: 1 };
    const full = await syncTenant(store, source([page({ companies: [company('a'), company('b'), company('c')] }), page({ overrides: [kept] })]), 'full', silentLogger);
    expect((await store.loadPortfolio('t')).overrides).toEqual([kept]);
    expect(full.removed.overrides).toBe(0);
  });

  it('marks for recomputing whoever read a deleted company, and the parent a company leaves', async () => {
    await store.applyChanges('t', {
      companies: [{ ...company('b'), parentId: 'c' }],
      relations: [{ fromCompanyId: 'a', toCompanyId: 'd', kind: 'referral' }],
    });
    await store.applyChanges('t', { companies: [company('d')] });
    const moved = await syncTenant(store, source([{ changes: { companies: [{ ...company('b'), parentId: 'a' }] }, skipped: [] }]), 'incremental', silentLogger, { strategic: { parentInfluence: true } });
    // The parent it leaves is read from the store before the change; the new parent a is found
    // by the recompute (recomputeCompanies adds whoever reads a changed company now).
    expect(moved.changedCompanyIds.sort()).toEqual(['b', 'c']);
    const gone = await syncTenant(store, source([{ changes: { deletedCompanyIds: ['d'] }, skipped: [] }]), 'incremental', silentLogger);
    expect(gone.changedCompanyIds).toEqual(['a']);
    expect(gone.deletedCompanyIds).toEqual(['d']);
  });

  it('keeps companies an incremental pull did not mention', async () => {
    await syncTenant(store, source([{ changes: { companies: [company('b')] }, skipped: [] }]), 'incremental', silentLogger);
    expect((await store.loadPortfolio('t')).companies).toHaveLength(3);
  });

  it('clears an override the CRM no longer has, and keeps one it still has', async () => {
    await syncTenant(store, source([{ changes: { companies: [company('b')] }, skipped: [] }]), 'incremental', silentLogger);
    expect((await store.loadPortfolio('t')).overrides).toHaveLength(1);
    await syncTenant(store, source([{ changes: { companies: [company('a')] }, skipped: [] }]), 'incremental', silentLogger);
    expect((await store.loadPortfolio('t')).overrides).toEqual([]);
  });

  it('marks for recomputing the company a deal moved away from, and the company of a deleted deal or activity', async () => {
    await store.applyChanges('t', {
      deals: [
        { id: 'd1', companyId: 'a', amount: 100, closeDate: 1, status: 'won' },
        { id: 'd2', companyId: 'b', amount: 100, closeDate: 1, status: 'won' },
      ],
      activities: [{ id: 'x1', companyId: 'c', type: 'call', occurredAt: 1 }],
    });
    const incremental = await syncTenant(
      store,
      source([{ changes: { deals: [{ id: 'd1', companyId: 'b', amount: 100, closeDate: 1, status: 'won' }], deletedActivityIds: ['x1'] }, skipped: [] }]),
      'incremental',
      silentLogger,
    );
    expect(incremental.changedCompanyIds.sort()).toEqual(['a', 'b', 'c']);
    expect((await store.loadCompanies('t', ['a'])).deals).toEqual([]);

    const deletion = await syncTenant(store, source([{ changes: { deletedDealIds: ['d2'] }, skipped: [] }]), 'incremental', silentLogger);
    expect(deletion.changedCompanyIds).toEqual(['b']);
  });
});
