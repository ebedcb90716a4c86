// The store contract: every Store adapter (SQLite, PostgreSQL) runs this one suite, so
// the use cases can rely on the same behaviour whichever store a deployment uses.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PORTFOLIO_TABLES } from '../src/adapters/store/portfolio.tables.ts';
import { isAppError } from '../src/app/errors.ts';
import { silentLogger } from '../src/app/ports/logger.port.ts';
import type { GoalProgress } from '../src/domain/goals.ts';
import type { BatchRows, PortfolioChanges, RunRecord, Store, WrittenValues } from '../src/app/ports/store.port.ts';
import { RankingPopulation } from '../src/app/ranking-population.ts';
import { recomputeAll, type RecomputeDeps } from '../src/app/recompute.ts';
import { movePortfolio } from '../src/app/sample/living-sample.ts';
import { DEFAULT_MODEL_CONFIG } from '../src/domain/default-model-config.ts';
import { ACTIVITY_TYPES, CONTACT_LAYERS, DEAL_STATUSES, type Activity, type Company, type Deal, type Override, type Portfolio, type Relation } from '../src/domain/records.ts';
import type { CompanyResult } from '../src/domain/results.ts';
import type { KnownTask } from '../src/domain/contact-tasks.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const A = 'hubspot:111';
const B = 'salesforce:00D000000000001';

const company = (id: string, extra: Partial<Company> = {}): Company => ({ id, name: `Company ${id}`, createdAt: T0, ...extra });
const deal = (id: string, companyId: string, extra: Partial<Deal> = {}): Deal => ({ id, companyId, amount: 1000, closeDate: T0 + DAY, status: 'won', ...extra });
const activity = (id: string, companyId: string, extra: Partial<Activity> = {}): Activity => ({ id, companyId, type: 'call', occurredAt: T0 + 2 * DAY, ...extra });
const relation = (fromCompanyId: string, toCompanyId: string, kind: Relation['kind'] = 'referral'): Relation => ({ fromCompanyId, toCompanyId, kind });
const override = (companyId: string, extra: Partial<Override> = {}): Override => ({ companyId, segment: 'A', reason: 'strategic partner', by: 'manager@example.com', at: T0, ...extra });
const task = (marker: string, companyId: string, extra: Partial<KnownTask> = {}): KnownTask => ({
  marker, companyId, touchpointKey: 'visit/account_manager/operational/account visit', crmId: `crm-${marker}`, dueDate: '2026-01-31', basis: T0,
  ownerId: 'owner-7', subject: 'Account visit — A customer, every 30 days', status: 'open', createdAt: T0 + DAY, closedAt: null, note: null, ...extra,
});

/** Every optional field filled, with values that are awkward to carry (COPY escapes, unicode, fractions). */
const fullCompany: Company = {
  id: '9001',
  name: 'Bakkerij "De Gouden Korst"\tB.V.\nline two \\ backslash \\N ünïcødé 🍞',
  parentId: '9000',
  industry: 'food',
  employees: 42,
  annualRevenue: 1_234_567.89,
  lifecycleStage: 'customer',
  ownerId: 'owner-7',
  createdAt: Date.parse('2019-03-04T05:06:07.089Z'),
  isReference: true,
  codevelopment: false,
  estimatedWallet: 250_000.5,
  satisfaction: 8.5,
  satisfactionResponses: 5,
};
const fullDeal: Deal = { id: 'd-full', companyId: '9001', amount: 12_345.67, closeDate: T0 + 3 * DAY, status: 'lost', pipeline: 'projects', cost: 8000.01, marginPct: 0.3, discount: 150, orderCount: 3 };
const fullActivity: Activity = { id: 'a-full', companyId: '9001', type: 'visit', occurredAt: 4_102_444_800_000, durationMinutes: 90.5, ownerRole: 'account manager', contactLayer: 'decision' };
const fullOverride: Override = { companyId: '9001', segment: 'B', reason: 'new management\r\nwith a plan', by: 'rep@example.com', at: T0 + DAY, expiresAt: T0 + 90 * DAY };

function portfolio(parts: Partial<Portfolio>): Portfolio {
  return { companies: [], deals: [], activities: [], relations: [], overrides: [], ...parts };
}

/** A portfolio in a fixed order, so two can be compared whatever order a store returns rows in. */
function sorted(p: Portfolio): Portfolio {
  const by = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    companies: [...p.companies].sort(by((c) => c.id)),
    deals: [...p.deals].sort(by((d) => d.id)),
    activities: [...p.activities].sort(by((a) => a.id)),
    relations: [...p.relations].sort(by((r) => `${r.fromCompanyId}|${r.toCompanyId}|${r.kind}`)),
    overrides: [...p.overrides].sort(by((o) => o.companyId)),
  };
}

function result(companyId: string, extra: Partial<CompanyResult> = {}): CompanyResult {
  return {
    companyId,
    name: `Company ${companyId}`,
    ownerId: 'owner-1',
    isCustomer: true,
    customerYearBefore: true,
    revenue: 10_000,
    grossMargin: 3000.5,
    wonDeals: 2,
    orders: 4,
    averageOrderValue: 2500,
    retention: 0.8,
    clv: 12_000.25,
    estimatedWallet: null,
    shareOfWallet: null,
    growthPotential: 0,
    referralValue: 0,
    influenceValue: 0,
    referenceValue: 500,
    knowledgeValue: 0,
    strategicValue: 500,
    totalValue: 3500.5,
    satisfaction: 8,
    satisfactionResponses: 3,
    costBreakdown: { calls: 10, meetings: 0, visits: 100, emails: 1, notes: 0, tasks: 0, tickets: 0, travel: 20, orderHandling: 40, discounts: 0 },
    costToServe: 171,
    netContribution: 3329.5,
    costToServeRatio: 0.0171,
    segment: 'B',
    segmentComputed: 'C',
    override: { companyId, segment: 'B', reason: 'known for years', by: 'manager@example.com', at: T0 },
    valueScore: 0.61,
    valueRank: 12,
    pyramidLevel: 'medium',
    contacts: [
      {
        touchpoint: { name: 'account visit', who: 'account manager', layer: 'operational', channel: 'visit', everyDays: 60 },
        lastContact: T0,
        nextDue: T0 + 60 * DAY,
        overdue: false,
        daysOverdue: 0,
      },
    ],
    nextContactDate: T0 + 60 * DAY,
    contactOverdue: false,
    contactPlan: 'account manager visits every 60 days',
    serviceFlag: 'ok',
    serviceDetail: null,
    recommendedAction: 'maintain',
    recommendedActionText: 'Keep the relationship as it is.',
    drivers: [{ element: 'gross margin', kind: 'value', amount: 3000.5, share: 0.857 }],
    explanation: 'B: gross margin 3,000.50 (86% of value).',
    ...extra,
  };
}

const NUL = '\u0000';

/** The record with a NUL inside every text field, as a CRM could hand it over. */
function withNul<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, typeof value === 'string' ? `${value.slice(0, 1)}${NUL}${value.slice(1)}` : value])) as T;
}

/** The same value with every NUL removed from its text, keys and nesting kept. */
function withoutNul<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('\\u0000', '')) as T;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

export function describeStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`${name} store`, () => {
    let store: Store;
    const extra: Store[] = [];
    const another = async () => {
      const s = await makeStore();
      extra.push(s);
      return s;
    };

    beforeEach(async () => {
      store = await makeStore();
      await store.migrate();
    });
    afterEach(async () => {
      await store.close();
      await Promise.all(extra.splice(0).map((s) => s.close()));
    });

    const seed = (tenant: string, changes: PortfolioChanges) => store.applyChanges(tenant, changes);
    const startRun = (tenant: string, startedAt: number, kind: RunRecord['kind'] = 'full') =>
      store.startRun({ tenant, kind, startedAt, asOf: startedAt, configHash: 'cfg-1' });

    describe('migrations', () => {
      it('creates the schema in an empty database, and migrating again changes nothing', async () => {
        const fresh = await another();
        await fresh.migrate();
        await fresh.applyChanges(A, { companies: [company('1')], deals: [deal('d1', '1')] });
        await fresh.migrate();
        expect(await fresh.countCompanies(A)).toBe(1);
        expect((await fresh.loadPortfolio(A)).deals).toEqual([deal('d1', '1')]);
      });

      it('survives two migrations started at the same moment', async () => {
        const fresh = await another();
        await Promise.all([fresh.migrate(), fresh.migrate()]);
        expect(await fresh.countCompanies(A)).toBe(0);
      });
    });

    describe('portfolio', () => {
      it('returns exactly what was stored, absent optional fields absent', async () => {
        const stored = portfolio({
          companies: [fullCompany, company('9000'), company('9002', { employees: 0, isReference: false })],
          deals: [fullDeal, deal('d-bare', '9002', { amount: -250.5, status: 'open' })],
          activities: [fullActivity, activity('a-bare', '9002', { type: 'ticket' })],
          relations: [relation('9001', '9002', 'influence'), relation('9000', '9001', 'parent')],
          overrides: [fullOverride, override('9002')],
        });
        await seed(A, stored);
        const loaded = await store.loadPortfolio(A);
        expect(sorted(loaded)).toStrictEqual(sorted(stored));
        const bare = loaded.companies.find((c) => c.id === '9000')!;
        expect(Object.keys(bare).sort()).toEqual(['createdAt', 'id', 'name']);
      });

      it('loads the frame, and scans every deal then every activity in id order, in chunks of any size, one reused record at a time', async () => {
        const stored = portfolio({
          companies: [fullCompany, company('9000'), company('9002', { employees: 0, isReference: false })],
          deals: [fullDeal, deal('d-bare', '9002', { amount: -250.5, status: 'open' }), deal('d-3', '9000')],
          activities: [fullActivity, activity('a-bare', '9002', { type: 'ticket' }), activity('a-0', '9000')],
          relations: [relation('9001', '9002', 'influence'), relation('9000', '9001', 'parent')],
          overrides: [fullOverride, override('9002')],
        });
        await seed(A, stored);
        await seed(B, { companies: [company('9000')], deals: [deal('d-b', '9000')] });
        const frame = await store.loadFrame(A);
        expect(frame.companies.map((c) => c.id)).toEqual(['9000', '9001', '9002']);
        expect(frame).toStrictEqual({ companies: sorted(stored).companies, relations: sorted(stored).relations, overrides: sorted(stored).overrides });
        for (const chunkSize of [1, 2, 1000]) {
          const seen: string[] = [];
          const deals: Deal[] = [];
          const activities: Activity[] = [];
          const records = new Set<object>();
          const strip = <T extends object>(r: T) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as T;
          await store.scanRecords(A, {
            deal: (d) => {
              seen.push(`deal ${d.id}`);
              deals.push(strip({ ...d }));
              records.add(d);
            },
            activity: (a) => {
              seen.push(`activity ${a.id}`);
              activities.push(strip({ ...a }));
            },
          }, { chunkSize });
          expect(seen).toEqual(['deal d-3', 'deal d-bare', 'deal d-full', 'activity a-0', 'activity a-bare', 'activity a-full']);
          expect(deals).toStrictEqual(sorted(stored).deals);
          expect(activities).toStrictEqual(sorted(stored).activities);
          expect(records.size).toBe(1);
        }
      });

      it('scans back every status, type and layer, and a pipeline or role of any text: empty, absent, control characters, emoji', async () => {
        // The SQLite store reads a row's labels as one text (sqlite.scan.ts); what it splits them at may be in the free text. (NUL is not: both stores drop it.)
        const texts = [undefined, '', ' ', '\u001f', '\u001e', 'a\u001fb\u001e', '\u001fx\u001f', 'inside sales 🚀', 'tab\tand\r\nnewline'];
        const layers = [undefined, ...CONTACT_LAYERS];
        const deals = DEAL_STATUSES.flatMap((status, s) => texts.map((pipeline, p) => deal(`d-${s}-${p}`, '9000', { status, pipeline })));
        const activities = ACTIVITY_TYPES.flatMap((type, t) =>
          layers.flatMap((contactLayer, l) => texts.map((ownerRole, r) => activity(`a-${t}-${l}-${r}`, '9000', { type, contactLayer, ownerRole }))),
        );
        const stored = portfolio({ companies: [company('9000')], deals, activities });
        await seed(A, stored);
        const strip = <T extends object>(r: T) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as T;
        const scanned = { deals: [] as Deal[], activities: [] as Activity[] };
        await store.scanRecords(A, { deal: (d) => void scanned.deals.push(strip({ ...d })), activity: (a) => void scanned.activities.push(strip({ ...a })) }, { chunkSize: 7 });
        expect(scanned.deals).toStrictEqual(sorted(stored).deals.map(strip));
        expect(scanned.activities).toStrictEqual(sorted(stored).activities.map(strip));
      });

      it('replaces a portfolio page by page in one go, counting what the new one lacks, and leaves other tenants alone', async () => {
        await seed(B, { companies: [company('1')], deals: [deal('d1', '1')] });
        const first = await store.replacePortfolio(A, async (put) => {
          await put({ deals: [deal('d1', '1'), deal('d2', '2')] });
          await put({ activities: [activity('a1', '1')] });
          await put({ companies: [company('1'), company('2')], relations: [relation('1', '2', 'referral')], overrides: [override('2')] });
        });
        expect(first).toStrictEqual({ records: 7, removed: { companies: 0, deals: 0, activities: 0, relations: 0, overrides: 0 }, removedCompanyIds: [] });
        const run = await startRun(A, T0);
        await store.saveResults(A, run.id, T0, [result('1'), result('2')]);
        await store.markWritten(A, new Map([['2', { segment: 'A' }]]));

        const again = await store.replacePortfolio(A, async (put) => {
          await put({ companies: [company('1', { name: 'Renamed' }), company('3')], deals: [deal('d1', '1', { amount: 7 }), deal('d3', '3')] });
        });
        expect(again).toStrictEqual({ records: 4, removed: { companies: 1, deals: 1, activities: 1, relations: 1, overrides: 1 }, removedCompanyIds: ['2'] });
        expect(sorted(await store.loadPortfolio(A))).toStrictEqual(
          sorted(portfolio({ companies: [company('1', { name: 'Renamed' }), company('3')], deals: [deal('d1', '1', { amount: 7 }), deal('d3', '3')] })),
        );
        // The company gone takes its latest result and written values along, not its history.
        expect((await store.latestResults(A)).map((r) => r.companyId)).toEqual(['1']);
        expect(await store.getWritten(A, ['2'])).toEqual(new Map());
        expect((await store.runHistory(run.id)).map((r) => r.companyId)).toEqual(['1', '2']);
        expect(sorted(await store.loadPortfolio(B))).toStrictEqual(sorted(portfolio({ companies: [company('1')], deals: [deal('d1', '1')] })));
      });

      it('takes deals and activities as batch rows too, each filled into one reused record, text without NUL', async () => {
        // As the CSV threads' batches fill a record: every field set, an empty optional one to undefined.
        const rowsOf = <R extends object>(records: R[], fields: readonly (keyof R)[]): BatchRows<R> => ({
          count: records.length,
          fill: (k, into) => {
            for (const field of fields) into[field] = records[k]![field];
          },
        });
        const deals = [deal('d1', '1', { pipeline: 'new', cost: 10, marginPct: 0.3, discount: 5, orderCount: 2 }), deal('d2', '2', { status: 'open' })];
        const activities = [activity('a1', '1', { durationMinutes: 30, ownerRole: 'field_sales', contactLayer: 'decision' }), activity('a\u00002', '2', { type: 'visit' })];
        const outcome = await store.replacePortfolio(A, async (put) => {
          await put({ dealRows: rowsOf(deals, ['id', 'companyId', 'amount', 'closeDate', 'status', 'pipeline', 'cost', 'marginPct', 'discount', 'orderCount']) });
          await put({ activities: [activity('a3', '1')], activityRows: rowsOf(activities, ['id', 'companyId', 'type', 'occurredAt', 'durationMinutes', 'ownerRole', 'contactLayer']) });
          await put({ companies: [company('1'), company('2')] });
        });
        expect(outcome.records).toBe(7);
        expect(sorted(await store.loadPortfolio(A))).toStrictEqual(
          sorted(portfolio({ companies: [company('1'), company('2')], deals, activities: [activities[0]!, { ...activities[1]!, id: 'a2' }, activity('a3', '1')] })),
        );
      });

      it('moves every instant of the tenant’s records in place, as movePortfolio moves them, and leaves other tenants alone', async () => {
        const records = portfolio({
          companies: [company('1'), company('2')],
          deals: [deal('d1', '1'), deal('d2', '2', { closeDate: T0 - 400 * DAY })],
          activities: [activity('a1', '1'), activity('a2', '2', { occurredAt: T0 - 3 * DAY })],
          overrides: [override('1'), override('2', { expiresAt: T0 + 30 * DAY })],
        });
        await seed(A, records);
        await seed(B, records);
        await store.moveInstants(A, 131 * DAY);
        expect(sorted(await store.loadPortfolio(A))).toStrictEqual(sorted(movePortfolio(records, 131)));
        expect(sorted(await store.loadPortfolio(B))).toStrictEqual(sorted(records));
      });

      it('keeps the portfolio it had when a replacement fails halfway', async () => {
        const before = portfolio({ companies: [company('1')], deals: [deal('d1', '1')], activities: [activity('a1', '1')] });
        await seed(A, before);
        await expect(
          store.replacePortfolio(A, async (put) => {
            await put({ companies: [company('9')], deals: [deal('d9', '9')] });
            throw new Error('bad row on line 4,000,000');
          }),
        ).rejects.toThrow('bad row');
        expect(sorted(await store.loadPortfolio(A))).toStrictEqual(sorted(before));
        // And the store takes the next change as usual.
        await seed(A, { deals: [deal('d2', '1')] });
        expect((await store.loadPortfolio(A)).deals.map((d) => d.id).sort()).toEqual(['d1', 'd2']);
      });

      it('updates records on re-import instead of adding them twice', async () => {
        await seed(A, { companies: [company('1'), company('2')], deals: [deal('d1', '1')], activities: [activity('a1', '1')] });
        await seed(A, {
          companies: [company('1', { name: 'Renamed', industry: 'retail' })],
          deals: [deal('d1', '1', { amount: 2000 })],
          activities: [activity('a1', '2', { type: 'meeting' })],
        });
        await seed(A, { companies: [company('2')] });
        const loaded = sorted(await store.loadPortfolio(A));
        expect(loaded.companies).toStrictEqual([company('1', { name: 'Renamed', industry: 'retail' }), company('2')]);
        expect(loaded.deals).toStrictEqual([deal('d1', '1', { amount: 2000 })]);
        expect(loaded.activities).toStrictEqual([activity('a1', '2', { type: 'meeting' })]);
      });

      it('clears an optional field that a re-import no longer has', async () => {
        await seed(A, { companies: [company('1', { industry: 'food', ownerId: 'o1' })] });
        await seed(A, { companies: [company('1', { ownerId: 'o1' })] });
        expect((await store.loadPortfolio(A)).companies).toStrictEqual([company('1', { ownerId: 'o1' })]);
      });

      it('keeps the last of two records with the same id in one change', async () => {
        await seed(A, { companies: [company('1', { name: 'first' }), company('1', { name: 'second' })], deals: [deal('d1', '1'), deal('d1', '1', { amount: 7 })] });
        const loaded = await store.loadPortfolio(A);
        expect(loaded.companies).toStrictEqual([company('1', { name: 'second' })]);
        expect(loaded.deals).toStrictEqual([deal('d1', '1', { amount: 7 })]);
      });

      it('keeps one relation per from, to and kind', async () => {
        await seed(A, { relations: [relation('1', '2'), relation('1', '2'), relation('1', '2', 'influence')] });
        await seed(A, { relations: [relation('1', '2')] });
        expect(sorted(await store.loadPortfolio(A)).relations).toStrictEqual([relation('1', '2', 'influence'), relation('1', '2')]);
      });

      it('deletes the relations a change names, by from, to and kind, in that tenant only', async () => {
        await seed(A, { relations: [relation('1', '2'), relation('1', '2', 'influence'), relation('2', '3')] });
        await seed(B, { relations: [relation('1', '2')] });
        await store.applyChanges(A, { deletedRelations: [relation('1', '2'), relation('2', '3', 'parent'), relation('7', '8')] });
        expect(sorted(await store.loadPortfolio(A)).relations).toStrictEqual([relation('1', '2', 'influence'), relation('2', '3')]);
        expect((await store.loadPortfolio(B)).relations).toStrictEqual([relation('1', '2')]);
      });

      it('keeps one override per company, the latest one given', async () => {
        await seed(A, { companies: [company('1')], overrides: [override('1', { segment: 'C' })] });
        await seed(A, { overrides: [override('1', { segment: 'D', reason: 'loss-making', expiresAt: T0 + DAY })] });
        expect((await store.loadPortfolio(A)).overrides).toStrictEqual([override('1', { segment: 'D', reason: 'loss-making', expiresAt: T0 + DAY })]);
      });

      it('deletes a company with its deals, activities, relations and override, and nothing else', async () => {
        await seed(A, {
          companies: [company('1'), company('2'), company('3')],
          deals: [deal('d1', '1'), deal('d2', '2')],
          activities: [activity('a1', '1'), activity('a2', '2')],
          relations: [relation('1', '2'), relation('3', '1', 'influence'), relation('2', '3')],
          overrides: [override('1'), override('2')],
        });
        await seed(A, { deletedCompanyIds: ['1'] });
        expect(sorted(await store.loadPortfolio(A))).toStrictEqual(
          portfolio({
            companies: [company('2'), company('3')],
            deals: [deal('d2', '2')],
            activities: [activity('a2', '2')],
            relations: [relation('2', '3')],
            overrides: [override('2')],
          }),
        );
      });

      it('deletes single deals and activities by id, after the upserts of the same change', async () => {
        await seed(A, { companies: [company('1')], deals: [deal('d1', '1'), deal('d2', '1')], activities: [activity('a1', '1'), activity('a2', '1')] });
        await seed(A, { deals: [deal('d3', '1')], deletedDealIds: ['d1', 'd3', 'unknown'], deletedActivityIds: ['a2'] });
        const loaded = sorted(await store.loadPortfolio(A));
        expect(loaded.deals.map((d) => d.id)).toEqual(['d2']);
        expect(loaded.activities.map((a) => a.id)).toEqual(['a1']);
        expect(loaded.companies).toHaveLength(1);
      });

      it('stores nothing of a change when one record in it is invalid', async () => {
        await seed(A, { companies: [company('1', { name: 'before' })], deals: [deal('d1', '1')] });
        // A NOT NULL column given null, and a required field missing altogether.
        for (const status of [null, undefined]) {
          const broken = { ...deal('d9', '1'), status } as unknown as Deal;
          await expect(
            seed(A, {
              companies: [company('1', { name: 'after' }), company('2')],
              deals: [deal('d1', '1', { amount: 5 }), broken],
              activities: [activity('a1', '1')],
              deletedDealIds: ['d1'],
            }),
          ).rejects.toThrow();
          expect(sorted(await store.loadPortfolio(A))).toStrictEqual(portfolio({ companies: [company('1', { name: 'before' })], deals: [deal('d1', '1')] }));
        }
        // The store is still usable after the failed transaction.
        await seed(A, { companies: [company('2')] });
        expect(await store.countCompanies(A)).toBe(2);
      });

      it('carries a change of several thousand records whole', async () => {
        const companies = Array.from({ length: 3000 }, (_, i) => company(`c${i}`, i % 2 ? { industry: 'retail' } : {}));
        const activities = Array.from({ length: 12_345 }, (_, i) => activity(`a${i}`, `c${i % 3000}`, { durationMinutes: i % 60 }));
        await seed(A, { companies, activities });
        await seed(A, { activities: activities.slice(0, 5000).map((a) => ({ ...a, type: 'email' as const })) });
        const loaded = await store.loadPortfolio(A);
        expect(loaded.companies).toHaveLength(3000);
        expect(loaded.activities).toHaveLength(12_345);
        // Read in chunks (SQLite): none twice, none left out at a chunk's edge.
        expect(new Set(loaded.activities.map((a) => a.id)).size).toBe(12_345);
        expect(loaded.activities.filter((a) => a.type === 'email')).toHaveLength(5000);
        expect(sorted(loaded).companies).toStrictEqual(sorted(portfolio({ companies })).companies);
      });

      it('loads some companies with their records, their relations, and the related companies with their deals', async () => {
        await seed(A, {
          companies: [company('1'), company('2'), company('3'), company('4'), company('5')],
          deals: [deal('d1', '1'), deal('d2', '2'), deal('d3', '3'), deal('d4', '4'), deal('d5', '5')],
          activities: [activity('a1', '1'), activity('a2', '2'), activity('a3', '3'), activity('a4', '4')],
          relations: [relation('1', '3'), relation('4', '1', 'influence'), relation('3', '5'), relation('2', '1', 'parent')],
          overrides: [override('1'), override('3', { segment: 'C' }), override('5')],
        });
        const loaded = sorted(await store.loadCompanies(A, ['1', '2', '1']));
        expect(loaded).toStrictEqual(
          portfolio({
            companies: [company('1'), company('2'), company('3'), company('4')],
            deals: [deal('d1', '1'), deal('d2', '2'), deal('d3', '3'), deal('d4', '4')],
            activities: [activity('a1', '1'), activity('a2', '2')],
            relations: [relation('1', '3'), relation('2', '1', 'parent'), relation('4', '1', 'influence')],
            overrides: [override('1'), override('3', { segment: 'C' })],
          }),
        );
      });

      it('loads a parent with the companies whose parent it is and their deals, with or without a parent relation', async () => {
        await seed(A, {
          companies: [company('p'), company('c1', { parentId: 'p' }), company('c2', { parentId: 'p' }), company('other', { parentId: 'x' })],
          deals: [deal('dp', 'p'), deal('d1', 'c1'), deal('d2', 'c2'), deal('dx', 'other')],
          activities: [activity('a1', 'c1')],
          relations: [relation('p', 'c2', 'parent')],
        });
        const loaded = sorted(await store.loadCompanies(A, ['p']));
        expect(loaded.companies.map((c) => c.id)).toEqual(['c1', 'c2', 'p']);
        expect(loaded.deals.map((d) => d.id)).toEqual(['d1', 'd2', 'dp']);
        expect(loaded.activities).toEqual([]);
      });

      it('loads the links that tell who reads some companies’ figures: the relations into them, and their records', async () => {
        await seed(A, {
          companies: [company('1', { parentId: '9' }), company('2'), company('3')],
          deals: [deal('d1', '1')],
          activities: [activity('a1', '1')],
          relations: [relation('2', '1'), relation('1', '3', 'influence'), relation('9', '1', 'parent'), relation('3', '2')],
        });
        await seed(B, { companies: [company('1')], relations: [relation('5', '1')] });
        const links = await store.loadDependencyLinks(A, ['1', 'nope', '1']);
        expect(links.companies).toStrictEqual([company('1', { parentId: '9' })]);
        expect(sorted(portfolio(links)).relations).toStrictEqual([relation('2', '1'), relation('9', '1', 'parent')]);
        expect(await store.loadDependencyLinks(A, [])).toStrictEqual({ companies: [], relations: [] });
      });

      it('loads nothing for unknown or no company ids', async () => {
        await seed(A, { companies: [company('1')] });
        expect(await store.loadCompanies(A, ['nope'])).toStrictEqual(portfolio({}));
        expect(await store.loadCompanies(A, [])).toStrictEqual(portfolio({}));
      });

      it('clears the portfolio but keeps runs, results, written values and checkpoints', async () => {
        await seed(A, { companies: [company('1')], deals: [deal('d1', '1')], activities: [activity('a1', '1')], relations: [relation('1', '2')], overrides: [override('1')] });
        const run = await startRun(A, T0);
        await store.saveResults(A, run.id, T0, [result('1')]);
        await store.markWritten(A, new Map([['1', { segment: 'B' }]]));
        await store.setCheckpoint(A, 'sync', 'cursor-1');
        await store.clearPortfolio(A);
        expect(await store.loadPortfolio(A)).toStrictEqual(portfolio({}));
        expect(await store.listRuns(A, 10)).toHaveLength(1);
        expect(await store.latestResult(A, '1')).toStrictEqual(result('1'));
        expect(await store.getWritten(A, ['1'])).toEqual(new Map([['1', { segment: 'B' }]]));
        expect(await store.getCheckpoint(A, 'sync')).toBe('cursor-1');
      });

      it('forgets the latest result and written values of a deleted company, but not its history', async () => {
        await seed(A, { companies: [company('1'), company('2')] });
        const run = await startRun(A, T0);
        await store.saveResults(A, run.id, T0, [result('1'), result('2')]);
        await store.markWritten(A, new Map([['1', { segment: 'B' }], ['2', { segment: 'A' }]]));
        await seed(A, { deletedCompanyIds: ['1'] });
        expect(await store.latestResult(A, '1')).toBeNull();
        expect((await store.latestResults(A)).map((r) => r.companyId)).toEqual(['2']);
        expect([...(await store.getWritten(A, ['1', '2'])).keys()]).toEqual(['2']);
        expect(await store.history(A, '1', 5)).toHaveLength(1);
      });

      it('counts companies and lists every tenant that has records, runs or checkpoints', async () => {
        expect(await store.listTenants()).toEqual([]);
        await seed(B, { companies: [company('1'), company('2')] });
        await startRun('local', T0);
        await store.setCheckpoint('hubspot:222', 'tokens', 'sealed');
        expect(await store.countCompanies(B)).toBe(2);
        expect(await store.countCompanies(A)).toBe(0);
        expect(await store.listTenants()).toEqual(['hubspot:222', 'local', B].sort());
      });

      it('finds the companies some deals and activities belong to, in this tenant only', async () => {
        await seed(A, { companies: [company('1'), company('2'), company('3')], deals: [deal('d1', '1'), deal('d2', '2')], activities: [activity('a1', '3'), activity('a2', '1')] });
        await seed(B, { companies: [company('9')], deals: [deal('d9', '9')] });
        expect(await store.companiesOfRecords(A, { dealIds: ['d1', 'd9', 'nope'], activityIds: ['a1', 'a2'] })).toEqual(['1', '3']);
        expect(await store.companiesOfRecords(A, { dealIds: ['d2'] })).toEqual(['2']);
        expect(await store.companiesOfRecords(A, {})).toEqual([]);
        expect(await store.companiesOfRecords(B, { dealIds: ['d1', 'd9'] })).toEqual(['9']);
      });

      it('finds which tenants hold a company id', async () => {
        await seed(B, { companies: [company('1'), company('2')] });
        await seed(A, { companies: [company('2')] });
        expect(await store.tenantsWithCompany('1')).toEqual([B]);
        expect(await store.tenantsWithCompany('2')).toEqual([A, B].sort());
        expect(await store.tenantsWithCompany('3')).toEqual([]);
      });
    });

    describe('overrides', () => {
      it('sets, replaces and removes the override of a company', async () => {
        await seed(A, { companies: [company('1'), company('2')], overrides: [override('2')] });
        await store.setOverride(A, override('1', { segment: 'D', expiresAt: T0 + DAY }));
        await store.setOverride(A, override('1', { segment: 'C', reason: 'second thoughts' }));
        expect(sorted(await store.loadPortfolio(A)).overrides).toStrictEqual([override('1', { segment: 'C', reason: 'second thoughts' }), override('2')]);
        await store.removeOverride(A, '1');
        await store.removeOverride(A, 'never-had-one');
        expect((await store.loadCompanies(A, ['1', '2'])).overrides).toStrictEqual([override('2')]);
      });
    });

    describe('owners', () => {
      it('keeps the owners per tenant, renamed in place, and clears them with the portfolio', async () => {
        expect(await store.listOwners(A)).toStrictEqual([]);
        await seed(A, { owners: [{ id: '7001', firstName: 'Anouk', lastName: 'de Vries', email: 'anouk@example.com' }, { id: '42' }] });
        await seed(A, { owners: [{ id: '7001', firstName: 'Anouk', lastName: 'Jansen-de Vries' }] });
        await seed(B, { owners: [{ id: '005000000000001', firstName: 'Ünal', lastName: "O'Brien \t" }] });
        expect(await store.listOwners(A)).toStrictEqual([{ id: '42' }, { id: '7001', firstName: 'Anouk', lastName: 'Jansen-de Vries' }]);
        expect(await store.listOwners(B)).toStrictEqual([{ id: '005000000000001', firstName: 'Ünal', lastName: "O'Brien \t" }]);
        await store.clearPortfolio(A);
        expect(await store.listOwners(A)).toStrictEqual([]);
        expect(await store.listOwners(B)).toHaveLength(1);
      });
    });

    describe('checkpoints', () => {
      it('returns null before a checkpoint is set, then its latest value', async () => {
        expect(await store.getCheckpoint(A, 'sync')).toBeNull();
        await store.setCheckpoint(A, 'sync', '{"phase":"initial","after":"100"}');
        await store.setCheckpoint(A, 'sync', '{"phase":"incremental","after":"2026-01-01T00:00:00Z"}');
        await store.setCheckpoint(A, 'other', 'x');
        expect(await store.getCheckpoint(A, 'sync')).toBe('{"phase":"incremental","after":"2026-01-01T00:00:00Z"}');
      });
    });

    describe('runs', () => {
      it('starts a run as running and finishes it with its outcome', async () => {
        const run = await store.startRun({ tenant: A, kind: 'incremental', startedAt: T0, asOf: T0 - DAY, configHash: 'abc' });
        expect(run).toStrictEqual({
          id: run.id, tenant: A, kind: 'incremental', status: 'running', startedAt: T0, finishedAt: null,
          asOf: T0 - DAY, configHash: 'abc', counts: {}, agreementRate: null, error: null,
        });
        expect(await store.lastRun(A)).toStrictEqual(run);
        await store.finishRun(run.id, { status: 'succeeded', counts: { companies: 3, A: 1 }, agreementRate: 0.75, error: null, finishedAt: T0 + 5000 });
        expect(await store.lastRun(A)).toStrictEqual({ ...run, status: 'succeeded', counts: { companies: 3, A: 1 }, agreementRate: 0.75, finishedAt: T0 + 5000 });
      });

      it('gives every run its own id, sorting like the start times', async () => {
        const runs = [await startRun(A, T0 + 2 * DAY), await startRun(A, T0), await startRun(A, T0 + DAY), await startRun(A, T0 + DAY)];
        expect(new Set(runs.map((r) => r.id)).size).toBe(4);
        expect([runs[1]!.id, runs[2]!.id, runs[0]!.id].sort()).toEqual([runs[1]!.id, runs[2]!.id, runs[0]!.id]);
      });

      it('lists runs newest first, as many as asked', async () => {
        const first = await startRun(A, T0);
        const third = await startRun(A, T0 + 2 * DAY);
        const second = await startRun(A, T0 + DAY);
        const sameMoment = await startRun(A, T0 + 2 * DAY);
        expect((await store.listRuns(A, 10)).map((r) => r.id)).toEqual([sameMoment.id, third.id, second.id, first.id]);
        expect((await store.listRuns(A, 2)).map((r) => r.id)).toEqual([sameMoment.id, third.id]);
      });

      it('finds the last run of a kind and status', async () => {
        const fullOk = await startRun(A, T0, 'full');
        await store.finishRun(fullOk.id, { status: 'succeeded', counts: {}, agreementRate: null, error: null, finishedAt: T0 + 1 });
        const fullFailed = await startRun(A, T0 + DAY, 'full');
        await store.finishRun(fullFailed.id, { status: 'failed', counts: {}, agreementRate: null, error: 'crm.rate_limited', finishedAt: T0 + DAY + 1 });
        const incremental = await startRun(A, T0 + 2 * DAY, 'incremental');
        expect((await store.lastRun(A))!.id).toBe(incremental.id);
        expect((await store.lastRun(A, 'full'))!.id).toBe(fullFailed.id);
        expect((await store.lastRun(A, 'full', 'succeeded'))!.id).toBe(fullOk.id);
        expect((await store.lastRun(A, undefined, 'failed'))!.error).toBe('crm.rate_limited');
        expect(await store.lastRun(A, 'incremental', 'succeeded')).toBeNull();
        expect(await store.lastRun(B)).toBeNull();
      });

      it('finds the last run of a kind before another run, however many runs lie between', async () => {
        const finish = (run: RunRecord) => store.finishRun(run.id, { status: 'succeeded', counts: {}, agreementRate: null, error: null, finishedAt: run.startedAt + 1 });
        const first = await startRun(A, T0, 'full');
        await finish(first);
        const second = await startRun(A, T0 + DAY, 'full');
        await finish(second);
        for (let i = 1; i <= 60; i++) await finish(await startRun(A, T0 + DAY + i * 60_000, 'incremental'));
        const sameMoment = await startRun(A, T0 + DAY, 'full');
        await finish(sameMoment);
        expect((await store.lastRun(A, 'full', 'succeeded'))!.id).toBe(sameMoment.id);
        expect((await store.lastRun(A, 'full', 'succeeded', sameMoment))!.id).toBe(second.id);
        expect((await store.lastRun(A, 'full', 'succeeded', second))!.id).toBe(first.id);
        expect(await store.lastRun(A, 'full', 'succeeded', first)).toBeNull();
      });

      it('reports store.not_found when finishing a run that does not exist', async () => {
        const error = await rejection(store.finishRun('no-such-run', { status: 'failed', counts: {}, agreementRate: null, error: null, finishedAt: T0 }));
        expect(isAppError(error) && error.code).toBe('store.not_found');
      });
    });

    describe('goal progress', () => {
      const progress = (retention: number, dCustomers: number): GoalProgress[] => [
        { key: 'retention', kind: 'retention', target: 0.9, unit: 'share', value: retention, met: retention >= 0.9 },
        { key: 'developed:medium:large', kind: 'developed', target: 5, unit: 'count', value: null, met: null, from: 'medium', to: 'large' },
        { key: 'max_d_customers', kind: 'max_d_customers', target: 3, unit: 'count', value: dCustomers, met: dCustomers <= 3 },
      ];

      it('keeps each full run\'s goal progress and lists the succeeded runs\' newest first, as many as asked', async () => {
        const finish = (run: RunRecord, status: 'succeeded' | 'failed' = 'succeeded') =>
          store.finishRun(run.id, { status, counts: {}, agreementRate: null, error: null, finishedAt: run.startedAt + 1 });
        const runs = [await startRun(A, T0), await startRun(A, T0 + DAY), await startRun(A, T0 + 2 * DAY)];
        const values: [number, number][] = [[0.85, 5], [0.9, 3], [0.96, 4]];
        for (const [i, run] of runs.entries()) {
          await store.saveGoalProgress(A, run.id, progress(...values[i]!));
          await finish(run);
        }
        // A failed run's progress is not part of the trend; saving twice keeps the last.
        const failed = await startRun(A, T0 + 3 * DAY);
        await store.saveGoalProgress(A, failed.id, progress(0.1, 99));
        await finish(failed, 'failed');
        await store.saveGoalProgress(A, runs[2]!.id, progress(0.97, 4));

        const history = await store.goalHistory(A, 10);
        expect(history.map((h) => [h.runId, h.asOf])).toEqual([[runs[2]!.id, T0 + 2 * DAY], [runs[1]!.id, T0 + DAY], [runs[0]!.id, T0]]);
        expect(history.map((h) => h.goals.map((g) => [g.key, g.value, g.met]))).toEqual([
          [['retention', 0.97, true], ['developed:medium:large', null, null], ['max_d_customers', 4, false]],
          [['retention', 0.9, true], ['developed:medium:large', null, null], ['max_d_customers', 3, true]],
          [['retention', 0.85, false], ['developed:medium:large', null, null], ['max_d_customers', 5, false]],
        ]);
        expect(history[0]!.goals[1]).toStrictEqual(progress(0, 0)[1]);
        expect((await store.goalHistory(A, 2)).map((h) => h.runId)).toEqual([runs[2]!.id, runs[1]!.id]);
        expect(await store.goalHistory(B, 10)).toEqual([]);
      });

      it('reports store.not_found when saving goal progress for a run the tenant does not have', async () => {
        const run = await startRun(A, T0);
        const error = await rejection(store.saveGoalProgress(B, run.id, progress(1, 0)));
        expect(isAppError(error) && error.code).toBe('store.not_found');
      });
    });

    describe('results', () => {
      it('keeps the newest result of each company and one history row per run', async () => {
        const first = await startRun(A, T0);
        await store.saveResults(A, first.id, T0, [result('1'), result('2', { segment: 'D', segmentComputed: 'D', override: null, pyramidLevel: 'small' })]);
        const second = await startRun(A, T0 + DAY, 'incremental');
        await store.saveResults(A, second.id, T0 + DAY, [result('1', { segment: 'A', totalValue: 9000, netContribution: -12.5 })]);

        expect(await store.latestResult(A, '1')).toStrictEqual(result('1', { segment: 'A', totalValue: 9000, netContribution: -12.5 }));
        expect(await store.latestResult(A, '3')).toBeNull();
        expect(await store.latestResults(A)).toStrictEqual([
          result('1', { segment: 'A', totalValue: 9000, netContribution: -12.5 }),
          result('2', { segment: 'D', segmentComputed: 'D', override: null, pyramidLevel: 'small' }),
        ]);
        expect(await store.history(A, '1', 10)).toStrictEqual([
          { runId: second.id, companyId: '1', asOf: T0 + DAY, segment: 'A', segmentComputed: 'C', pyramidLevel: 'medium', totalValue: 9000, netContribution: -12.5, revenue: 10_000, grossMargin: 3000.5, costToServe: 171, clv: 12_000.25, strategicValue: 500 },
          { runId: first.id, companyId: '1', asOf: T0, segment: 'B', segmentComputed: 'C', pyramidLevel: 'medium', totalValue: 3500.5, netContribution: 3329.5, revenue: 10_000, grossMargin: 3000.5, costToServe: 171, clv: 12_000.25, strategicValue: 500 },
        ]);
        expect(await store.runHistory(first.id)).toStrictEqual([
          { runId: first.id, companyId: '1', asOf: T0, segment: 'B', segmentComputed: 'C', pyramidLevel: 'medium', totalValue: 3500.5, netContribution: 3329.5, revenue: 10_000, grossMargin: 3000.5, costToServe: 171, clv: 12_000.25, strategicValue: 500 },
          { runId: first.id, companyId: '2', asOf: T0, segment: 'D', segmentComputed: 'D', pyramidLevel: 'small', totalValue: 3500.5, netContribution: 3329.5, revenue: 10_000, grossMargin: 3000.5, costToServe: 171, clv: 12_000.25, strategicValue: 500 },
        ]);
      });

      it('pages through the latest results in company id order, with the instant of the run that made each', async () => {
        const first = await startRun(A, T0);
        await store.saveResults(A, first.id, T0, [result('1'), result('2'), result('3')]);
        const second = await startRun(A, T0 + DAY, 'incremental');
        await store.saveResults(A, second.id, T0 + DAY, [result('2', { segment: 'A' })]);
        expect(await store.latestResultsAfter(A, null, 2)).toStrictEqual([
          { result: result('1'), computedAt: T0 },
          { result: result('2', { segment: 'A' }), computedAt: T0 + DAY },
        ]);
        expect(await store.latestResultsAfter(A, '2', 2)).toStrictEqual([{ result: result('3'), computedAt: T0 }]);
        expect(await store.latestResultsAfter(A, '3', 2)).toStrictEqual([]);
        expect(await store.latestResultsAfter(B, null, 2)).toStrictEqual([]);
      });

      it('keeps what ranking reads of each latest result, exactly, for a cold incremental run', async () => {
        const run = await startRun(A, T0);
        const odd = result('2', { totalValue: 0.1 + 0.2, shareOfWallet: null, satisfaction: 7.5, isCustomer: false, retention: 1 / 3 });
        await store.saveResults(A, run.id, T0, [result('1'), odd]);
        const slim = (r: CompanyResult) => ({ companyId: r.companyId, isCustomer: r.isCustomer, revenue: r.revenue, grossMargin: r.grossMargin, netContribution: r.netContribution, clv: r.clv, strategicValue: r.strategicValue, growthPotential: r.growthPotential, totalValue: r.totalValue, shareOfWallet: r.shareOfWallet, retention: r.retention, satisfaction: r.satisfaction });
        expect(await store.latestRanked(A)).toStrictEqual([slim(result('1')), slim(odd)]);
        expect(await store.latestRanked(B)).toStrictEqual([]);
      });

      it('keeps null segments as null in the history', async () => {
        const run = await startRun(A, T0);
        await store.saveResults(A, run.id, T0, [result('p', { segment: null, segmentComputed: null, pyramidLevel: 'prospect', isCustomer: false })]);
        expect((await store.runHistory(run.id))[0]).toMatchObject({ segment: null, segmentComputed: null, pyramidLevel: 'prospect' });
      });

      it('limits the history to the newest rows', async () => {
        for (let day = 0; day < 5; day++) {
          const run = await startRun(A, T0 + day * DAY);
          await store.saveResults(A, run.id, T0 + day * DAY, [result('1', { totalValue: day })]);
        }
        expect((await store.history(A, '1', 3)).map((h) => h.totalValue)).toEqual([4, 3, 2]);
      });

      it('saves the results of a large run', async () => {
        const run = await startRun(A, T0);
        const many = Array.from({ length: 4000 }, (_, i) => result(`c${i}`, { valueRank: i }));
        await store.saveResults(A, run.id, T0, many);
        expect(await store.latestResults(A)).toHaveLength(4000);
        expect(await store.runHistory(run.id)).toHaveLength(4000);
      });

      it('reports store.not_found when saving results for a run the tenant does not have', async () => {
        const run = await startRun(B, T0);
        for (const runId of ['no-such-run', run.id]) {
          const error = await rejection(store.saveResults(A, runId, T0, [result('1')]));
          expect(isAppError(error) && error.code).toBe('store.not_found');
        }
        expect(await store.latestResults(A)).toEqual([]);
        expect(await store.runHistory(run.id)).toEqual([]);
      });
    });

    describe('written values', () => {
      it('merges what was written per company, nulls included', async () => {
        expect(await store.getWritten(A, ['1'])).toEqual(new Map());
        await store.markWritten(A, new Map<string, WrittenValues>([['1', { segment: 'B', revenue_12m: '1000.00' }], ['2', { segment: 'A' }]]));
        await store.markWritten(A, new Map([['1', { segment: 'A', segment_override_reason: null }]]));
        await store.markWritten(A, new Map());
        expect(await store.getWritten(A, ['1', '2', '3'])).toEqual(
          new Map([
            ['1', { segment: 'A', revenue_12m: '1000.00', segment_override_reason: null }],
            ['2', { segment: 'A' }],
          ]),
        );
      });
    });

    describe('contact-schedule tasks', () => {
      it('keeps tasks by marker, and lists the current ones: pending, open and the newest per company and touchpoint', async () => {
        const call = 'call/inside_sales/operational/check-in call';
        const tasks = [
          task('m1', '1', { status: 'completed', closedAt: T0 + 5 * DAY, note: 'Completed by Klantwaarde on 2026-01-06: the visit of 2026-01-05 is logged.' }),
          task('m2', '1', { createdAt: T0 + 6 * DAY, status: 'closed_by_hand', closedAt: T0 + 7 * DAY, basis: null, ownerId: null }),
          task('m3', '1', { touchpointKey: call, createdAt: T0 + 2 * DAY }),
          task('m4', '2', { status: 'pending', crmId: null, createdAt: T0 + 3 * DAY }),
          task('m5', '2', { touchpointKey: call, status: 'removed', createdAt: T0 + 4 * DAY, closedAt: T0 + 9 * DAY, note: 'Removed by Klantwaarde: a second open task for the same touchpoint.' }),
        ];
        await store.saveTasks(A, tasks);
        await store.saveTasks(B, [task('m1', '1', { subject: 'in B' })]);
        expect(await store.listTasks(A)).toEqual([tasks[0], tasks[2], tasks[3], tasks[4], tasks[1]]);
        expect(await store.listTasks(A, { current: true })).toEqual([tasks[2], tasks[3], tasks[4], tasks[1]]);
        expect(await store.listTasks(A, { companyIds: ['2'] })).toEqual([tasks[3], tasks[4]]);
        expect(await store.listTasks(A, { status: 'pending' })).toEqual([tasks[3]]);
        expect(await store.listTasks(A, { companyIds: ['1'], current: true, status: 'open' })).toEqual([tasks[2]]);
        expect(await store.listTasks(A, { companyIds: [] })).toEqual([]);

        // A save overwrites by marker; a delete forgets; the other tenant keeps its own.
        await store.saveTasks(A, [{ ...tasks[3]!, crmId: 'crm-m4', status: 'open' }]);
        await store.deleteTasks(A, ['m5', 'unknown']);
        expect((await store.listTasks(A, { companyIds: ['2'] })).map((t) => [t.marker, t.crmId, t.status])).toEqual([['m4', 'crm-m4', 'open']]);
        expect((await store.listTasks(B)).map((t) => t.subject)).toEqual(['in B']);
      });

      it('keeps the tasks of a deleted company, so a full run can take them out of the CRM', async () => {
        await seed(A, { companies: [company('1')] });
        await store.saveTasks(A, [task('m1', '1')]);
        await seed(A, { deletedCompanyIds: ['1'] });
        await store.clearPortfolio(A);
        expect((await store.listTasks(A)).map((t) => t.marker)).toEqual(['m1']);
      });
    });

    describe('NUL in CRM text', () => {
      // PostgreSQL cannot hold NUL in text or jsonb (COPY fails with "invalid byte sequence
      // 0x00"), so both stores drop it: one override reason with a NUL broke every full run.
      const records = {
        companies: [withNul(fullCompany), withNul(company('9000')), withNul(company('9002'))],
        deals: [withNul(fullDeal), withNul(deal('d-won', '9002', { pipeline: 'projects' }))],
        activities: [withNul(fullActivity)],
        relations: [withNul(relation('9001', '9002', 'influence')), withNul(relation('9000', '9001', 'referral'))],
        overrides: [withNul(fullOverride)],
        owners: [withNul({ id: 'owner-1', firstName: 'Anna', lastName: 'de Vries', email: 'anna@example.com' })],
      };

      it('has a NUL in every text column of every portfolio table in this test', () => {
        for (const table of PORTFOLIO_TABLES) {
          const row = (table.toRow as (r: unknown) => unknown[]).call(table, withoutNul(records[table.name][0]));
          const texts = table.columns.filter((c) => c.type === 'text').length;
          const withNulInside = Object.values(records[table.name][0]!).filter((v) => typeof v === 'string' && v.includes(NUL)).length;
          expect([table.name, withNulInside]).toEqual([table.name, texts]);
          expect(row.filter((cell) => typeof cell === 'string')).toHaveLength(texts);
        }
      });

      it('stores CRM text without NUL in both stores, and a full run over it round-trips', async () => {
        await seed(A, records);
        await store.setOverride(A, withNul(override('9002', { reason: 'keep\u0000 them' })));
        const { owners, ...portfolioRecords } = records;
        expect(sorted(await store.loadPortfolio(A))).toStrictEqual(sorted(withoutNul({ ...portfolio(portfolioRecords), overrides: [...records.overrides, override('9002', { reason: 'keep them' })] })));
        expect(await store.listOwners(A)).toStrictEqual(withoutNul(owners));

        const deps: RecomputeDeps = { store, config: DEFAULT_MODEL_CONFIG, configHash: 'cfg', now: () => T0 + 30 * DAY, log: silentLogger, population: new RankingPopulation(store) };
        const first = await recomputeAll(deps, A);
        expect(first.results.map((r) => r.name).sort()).toEqual([fullCompany.name, 'Company 9000', 'Company 9002'].sort());
        await store.markWritten(A, new Map(first.updates.map((u) => [u.companyId, { ...u.values, explanation: `why${NUL} not` }])));
        const second = await recomputeAll(deps, A);
        expect(second.run?.status).toBe('succeeded');
        expect(await store.latestResults(A)).toStrictEqual(withoutNul(second.results).sort((a, b) => (a.companyId < b.companyId ? -1 : 1)));
        expect((await store.getWritten(A, ['9001'])).get('9001')?.explanation).toBe('why not');
      });

      it('keeps no NUL in results, runs, written values and checkpoints either', async () => {
        const run = await startRun(A, T0);
        await store.saveResults(A, run.id, T0, [result('1', { name: `A${NUL}B`, explanation: `x${NUL}y`, override: override('1', { reason: `r${NUL}` }) })]);
        await store.finishRun(run.id, { status: 'failed', counts: {}, agreementRate: null, error: `crm${NUL} said no`, finishedAt: T0 + 1 });
        await store.markWritten(A, new Map([['1', { segment_override_reason: `r${NUL}`, segment: 'A' }]]));
        await store.setCheckpoint(A, 'sync', `cursor${NUL}1`);
        expect(await store.latestResult(A, '1')).toStrictEqual(result('1', { name: 'AB', explanation: 'xy', override: override('1', { reason: 'r' }) }));
        expect((await store.lastRun(A))!.error).toBe('crm said no');
        expect(await store.getWritten(A, ['1'])).toEqual(new Map([['1', { segment_override_reason: 'r', segment: 'A' }]]));
        expect(await store.getCheckpoint(A, 'sync')).toBe('cursor1');
      });

      it('deletes records named with the NUL the CRM sent', async () => {
        await seed(A, records);
        await seed(A, { deletedDealIds: [withNul(fullDeal).id], deletedActivityIds: [withNul(fullActivity).id], deletedRelations: [records.relations[0]!], deletedCompanyIds: [withNul(company('9000')).id] });
        const loaded = await store.loadPortfolio(A);
        expect(loaded.deals.map((d) => d.id)).toEqual(['d-won']);
        expect(loaded.activities).toEqual([]);
        expect(loaded.relations).toEqual([]);
        expect(loaded.companies.map((c) => c.id).sort()).toEqual(['9001', '9002']);
      });
    });

    describe('tenant isolation', () => {
      it('never shows or touches one tenant\'s rows through another tenant', async () => {
        const same: PortfolioChanges = {
          companies: [company('1'), company('2')],
          deals: [deal('d1', '1')],
          activities: [activity('a1', '1')],
          relations: [relation('1', '2')],
          overrides: [override('1')],
        };
        await seed(A, same);
        await seed(B, { ...same, companies: [company('1', { name: 'B one' }), company('2')] });
        const runA = await startRun(A, T0);
        const runB = await startRun(B, T0 + DAY);
        await store.saveResults(A, runA.id, T0, [result('1', { name: 'A one' })]);
        await store.saveResults(B, runB.id, T0 + DAY, [result('1', { name: 'B one' })]);
        await store.markWritten(A, new Map([['1', { segment: 'A' }]]));
        await store.markWritten(B, new Map([['1', { segment: 'B' }]]));
        await store.setCheckpoint(A, 'sync', 'a');
        await store.setCheckpoint(B, 'sync', 'b');

        // Deleting and clearing in A leave B alone.
        await seed(A, { deletedCompanyIds: ['2'], deletedDealIds: ['d1'], deletedActivityIds: ['a1'] });
        await store.removeOverride(A, '1');
        await store.clearPortfolio(A);

        expect(sorted(await store.loadPortfolio(B))).toStrictEqual(sorted({ ...portfolio({}), ...same, companies: [company('1', { name: 'B one' }), company('2')] }));
        expect((await store.loadCompanies(B, ['1'])).companies.map((c) => c.name)).toEqual(['B one', 'Company 2']);
        expect(await store.loadPortfolio(A)).toStrictEqual(portfolio({}));
        expect(await store.loadCompanies(A, ['1', '2'])).toStrictEqual(portfolio({}));
        expect(await store.countCompanies(A)).toBe(0);
        expect(await store.countCompanies(B)).toBe(2);
        expect((await store.listRuns(A, 10)).map((r) => r.id)).toEqual([runA.id]);
        expect((await store.lastRun(B))!.id).toBe(runB.id);
        expect((await store.latestResult(A, '1'))!.name).toBe('A one');
        expect((await store.latestResults(B)).map((r) => r.name)).toEqual(['B one']);
        expect((await store.history(A, '1', 10)).map((h) => h.runId)).toEqual([runA.id]);
        expect((await store.runHistory(runB.id)).map((h) => h.runId)).toEqual([runB.id]);
        expect(await store.getWritten(A, ['1'])).toEqual(new Map([['1', { segment: 'A' }]]));
        expect(await store.getWritten(B, ['1'])).toEqual(new Map([['1', { segment: 'B' }]]));
        expect(await store.getCheckpoint(B, 'sync')).toBe('b');
      });
    });
  });
}
