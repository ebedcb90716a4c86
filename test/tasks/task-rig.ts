// What the contact-schedule task tests share: a small portfolio with one company per segment,
// the run's dependencies on an in-memory store, and a clock the tests move.
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import type { TaskKeeping } from '../../src/app/contact-tasks.ts';
import type { CrmTasks } from '../../src/app/ports/crm.port.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { Store } from '../../src/app/ports/store.port.ts';
import { RankingPopulation } from '../../src/app/ranking-population.ts';
import type { RecomputeDeps } from '../../src/app/recompute.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import type { Activity, Company, Deal, Override, Portfolio } from '../../src/domain/records.ts';
import { isoDate } from '../../src/domain/time.ts';

export const DAY = 86_400_000;
/** Runs happen now (a run as of another moment would be a what-if and make no task). */
export const START = Math.floor(Date.now() / 60_000) * 60_000;
export const ago = (days: number) => START - days * DAY;
/** The due day of a touchpoint last done `daysAgo` days ago, every `every` days (due dates are UTC days here). */
export const dueDay = (daysAgo: number, every: number) => isoDate(ago(daysAgo) + every * DAY);
export const today = () => isoDate(START);

/** The user the config gives the management role: the A customers' management meetings are theirs. */
export const MANAGER = '601';

export interface TaskPortfolio {
  portfolio: Portfolio;
  /** Company ids by what they are: an A, B, C and D customer. */
  ids: { a: string; b: string; c: string; d: string };
}

/**
 * An A customer visited 27 days ago (its 30-day visit is due in 3 days; its two 90-day
 * meetings were never held: due now), a B customer visited 10 days ago (due in 50 days), a C
 * customer called 150 days ago (its 120-day call is 30 days overdue) and a D customer.
 */
export function taskPortfolio(ids: TaskPortfolio['ids'] = { a: '1001', b: '1002', c: '1003', d: '1004' }, owners = { a: '501', c: '502' }): TaskPortfolio {
  const company = (id: string, name: string, ownerId?: string): Company => ({ id, name, createdAt: ago(800), ...(ownerId ? { ownerId } : {}) });
  const deal = (id: string, companyId: string): Deal => ({ id, companyId, amount: 10_000, closeDate: ago(60), status: 'won', pipeline: 'default' });
  const override = (companyId: string, segment: Override['segment']): Override => ({ companyId, segment, reason: 'fixed for the test', by: 'test', at: ago(100) });
  const activities: Activity[] = [
    { id: '3001', companyId: ids.a, type: 'visit', occurredAt: ago(27), durationMinutes: 60, ownerRole: 'account_manager' },
    { id: '3002', companyId: ids.b, type: 'visit', occurredAt: ago(10), durationMinutes: 60, ownerRole: 'account_manager' },
    { id: '3003', companyId: ids.c, type: 'call', occurredAt: ago(150), durationMinutes: 10, ownerRole: 'inside_sales' },
  ];
  return {
    ids,
    portfolio: {
      companies: [company(ids.a, 'Alpha BV', owners.a), company(ids.b, 'Beta BV'), company(ids.c, 'Gamma BV', owners.c), company(ids.d, 'Delta BV')],
      deals: [ids.a, ids.b, ids.c, ids.d].map((id, i) => deal(String(2001 + i), id)),
      activities,
      relations: [],
      overrides: [override(ids.a, 'A'), override(ids.b, 'B'), override(ids.c, 'C'), override(ids.d, 'D')],
    },
  };
}

/** Many C customers never called: each one's check-in call is due now. */
export function manyDue(count: number, firstId = 10_001): Portfolio {
  const ids = Array.from({ length: count }, (_, i) => String(firstId + i));
  return {
    companies: ids.map((id) => ({ id, name: `Company ${id}`, createdAt: ago(800) })),
    deals: ids.map((id) => ({ id: `9${id}`, companyId: id, amount: 1000, closeDate: ago(30), status: 'won' as const, pipeline: 'default' })),
    activities: [],
    relations: [],
    overrides: ids.map((companyId) => ({ companyId, segment: 'C' as const, reason: 'fixed for the test', by: 'test', at: ago(100) })),
  };
}

export interface Rig {
  store: Store;
  deps: RecomputeDeps;
  /** Moves the run clock on. */
  later(ms: number): void;
  keeping(crm: CrmTasks, roles: Record<string, string>): TaskKeeping;
  close(): Promise<void>;
}

export async function taskRig(): Promise<Rig> {
  const store = createSqliteStore({ path: ':memory:' });
  await store.migrate();
  let now = START;
  const config = { ...DEFAULT_MODEL_CONFIG, schedule: { timezone: 'UTC' } };
  return {
    store,
    deps: { store, config, configHash: 'tasks-test', now: () => now, log: silentLogger, population: new RankingPopulation(store) },
    later: (ms) => void (now += ms),
    keeping: (crm, roles) => ({ crm, settings: { leadDays: 7, timeZone: 'UTC', locale: 'en', roles: { owners: roles, default: 'account_manager' } } }),
    close: () => store.close(),
  };
}
