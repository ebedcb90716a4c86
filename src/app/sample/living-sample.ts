// A sample portal that does not age. Its records were made around one day (a sample folder
// says which in sample.json); a tenant loaded from one remembers that day, and before each
// live full run its records move on by whole days so that the day is today's: the demo shows
// the same segments and figures on any day, next month or next year. A what-if (another
// moment than now) leaves the records where they are, like everything else it stores nothing.
import type { PortfolioFrame } from '../../domain/engine.ts';
import type { Instant, Portfolio } from '../../domain/records.ts';
import { isoDate } from '../../domain/time.ts';
import type { PortfolioPut, ReplaceOutcome, Store, TenantId } from '../ports/store.port.ts';
import { DAY } from './sample-days.ts';

/** The tenant's checkpoint holding the day its sample stands at ("" or absent: not a sample). */
export const SAMPLE_DAY_CHECKPOINT = 'sample.day';

/** Whole days from `day`'s date to `to`'s date (UTC). */
export function daysBetween(day: Instant, to: Instant): number {
  return Math.floor(to / DAY) - Math.floor(day / DAY);
}

/** The companies and overrides with their instants moved by `days` whole days (relations have none). */
export function moveFrame(frame: PortfolioFrame, days: number): PortfolioFrame {
  const by = days * DAY;
  return {
    companies: frame.companies.map((c) => ({ ...c, createdAt: c.createdAt + by })),
    relations: frame.relations,
    overrides: frame.overrides.map((o) => ({ ...o, at: o.at + by, ...(o.expiresAt === undefined ? {} : { expiresAt: o.expiresAt + by }) })),
  };
}

/** The portfolio with every instant moved by `days` whole days (what the stores' moveInstants does in place). */
export function movePortfolio(p: Portfolio, days: number): Portfolio {
  if (days === 0) return p;
  const by = days * DAY;
  return {
    ...moveFrame(p, days),
    deals: p.deals.map((d) => ({ ...d, closeDate: d.closeDate + by })),
    activities: p.activities.map((a) => ({ ...a, occurredAt: a.occurredAt + by })),
  };
}

/**
 * A full load of a CSV folder (`import`, and `npm start` on an empty store): a snapshot that
 * replaces the tenant's portfolio page by page, after which the tenant holds the sample of
 * `day` (the folder's sample.json) or, for null, a portfolio of its own whose dates stay as they are.
 */
export async function loadFolder(store: Store, tenant: TenantId, pages: (put: PortfolioPut) => Promise<void>, day: Instant | null): Promise<ReplaceOutcome> {
  const outcome = await store.replacePortfolio(tenant, pages);
  await rememberSample(store, tenant, day);
  return outcome;
}

async function rememberSample(store: Store, tenant: TenantId, day: Instant | null): Promise<void> {
  if (day === null && !(await sampleDay(store, tenant))) return;
  await store.setCheckpoint(tenant, SAMPLE_DAY_CHECKPOINT, day === null ? '' : isoDate(day));
}

export async function sampleDay(store: Store, tenant: TenantId): Promise<Instant | null> {
  const value = await store.getCheckpoint(tenant, SAMPLE_DAY_CHECKPOINT);
  return value ? Date.parse(`${value}T00:00:00Z`) : null;
}

/**
 * Before a run as of `asOf`: a sample's records moved on to asOf's day. `keep` stores the move
 * (a live run) and answers 0: the store moves every instant in place, so even the 6,000,000
 * records of the benchmark sample are never loaded for it. Without `keep` (a dry run) nothing
 * is stored and the answer is the whole days to move the records by as they are read. 0 for
 * any other tenant.
 */
export async function moveSampleOn(store: Store, tenant: TenantId, asOf: Instant, options: { keep: boolean }): Promise<number> {
  const day = await sampleDay(store, tenant);
  const days = day === null ? 0 : daysBetween(day, asOf);
  if (days === 0 || !options.keep) return days;
  await store.moveInstants(tenant, days * DAY);
  await store.setCheckpoint(tenant, SAMPLE_DAY_CHECKPOINT, isoDate(asOf));
  return 0;
}
