// For the CRM-source contract suite: a HubSpot source wired to a running simulator seeded with
// a portfolio, what HubSpot can give back of that portfolio, and pulled pages as one portfolio.
import type { CrmSource, SkippedRecord, SyncMode, SyncPage } from '../../../src/app/ports/crm.port.ts';
import type { Activity, Deal, Portfolio, Relation } from '../../../src/domain/records.ts';
import { createHubSpotClient, type HubSpotClient } from '../../../src/adapters/crm/hubspot/client/hubspot.client.ts';
import { createHubSpotSource, type HubSpotSource, type HubSpotSourceOptions } from '../../../src/adapters/crm/hubspot/read/hubspot.source.ts';
import type { LimitOptions } from './limits.ts';
import { seedPortfolio } from './seed.ts';
import { startHubSpotSimulator, type HubSpotSimulator } from './simulator.ts';

/** Limits loose enough for tests to run at full speed while the pacing code still runs. */
export const FAST_LIMITS: LimitOptions = { perWindow: 1000, windowMs: 1000, searchPerWindow: 1000, searchWindowMs: 1000, daily: Infinity };

export interface SourceAgainstSimulator {
  source: HubSpotSource;
  client: HubSpotClient;
  simulator: HubSpotSimulator;
  /** The portfolio as HubSpot can hold it (see normalizeForHubSpot). */
  expected: Portfolio;
  close(): Promise<void>;
}

export async function hubspotSourceAgainstSimulator(
  portfolio: Portfolio,
  options: { tenant?: string; limits?: LimitOptions; source?: Partial<HubSpotSourceOptions> } = {},
): Promise<SourceAgainstSimulator> {
  const limits = options.limits ?? FAST_LIMITS;
  const simulator = await startHubSpotSimulator({ limits });
  const { roles } = seedPortfolio(simulator.portal, portfolio);
  const client = createHubSpotClient({
    accessToken: 'simulated-token',
    baseUrl: simulator.url,
    rateLimit: limits.perWindow,
    windowMs: limits.windowMs,
    searchRateLimit: limits.searchPerWindow,
    searchWindowMs: limits.searchWindowMs,
  });
  const source = createHubSpotSource({ client, tenant: options.tenant ?? `hubspot:${simulator.portal.hubId}`, roles, ...options.source });
  return { source, client, simulator, expected: normalizeForHubSpot(portfolio), close: () => simulator.close() };
}

const byId = <T extends { id: string }>(list: readonly T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const relationKey = (r: Relation) => `${r.kind}:${r.fromCompanyId}>${r.toCompanyId}`;
const omit = <T extends object>(record: T, keys: readonly string[]): T => Object.fromEntries(Object.entries(record).filter(([k, v]) => !keys.includes(k) && v !== undefined)) as T;

/**
 * What the HubSpot source yields for a portfolio seeded into HubSpot: HubSpot keeps no deal
 * margin or order count and no contact layer; emails, notes, tasks and tickets have no
 * duration; a parent is one fact (hs_parent_company_id) read as both parentId and a parent
 * relation; a deal always has a pipeline; override expiry is a date; tickets get their id prefix.
 */
export function normalizeForHubSpot(portfolio: Portfolio): Portfolio {
  const parents = new Map<string, string>();
  for (const c of portfolio.companies) if (c.parentId) parents.set(c.id, c.parentId);
  for (const r of portfolio.relations) if (r.kind === 'parent' && !parents.has(r.toCompanyId)) parents.set(r.toCompanyId, r.fromCompanyId);
  const relations = new Map<string, Relation>();
  for (const [child, parent] of parents) relations.set(`parent:${parent}>${child}`, { fromCompanyId: parent, toCompanyId: child, kind: 'parent' });
  for (const r of portfolio.relations) if (r.kind !== 'parent') relations.set(relationKey(r), r);
  const timed = new Set<Activity['type']>(['call', 'meeting', 'visit']);
  return {
    companies: byId(portfolio.companies.map((c) => omit({ ...c, parentId: parents.get(c.id) }, []))),
    deals: byId(portfolio.deals.map((d): Deal => omit({ ...d, pipeline: d.pipeline ?? 'default' }, ['marginPct', 'orderCount']))),
    activities: byId(
      portfolio.activities.map((a): Activity =>
        omit({ ...a, id: a.type === 'ticket' && !a.id.startsWith('ticket:') ? `ticket:${a.id}` : a.id }, ['contactLayer', ...(timed.has(a.type) ? [] : ['durationMinutes'])]),
      ),
    ),
    relations: [...relations.values()].sort((a, b) => (relationKey(a) < relationKey(b) ? -1 : 1)),
    overrides: [...portfolio.overrides]
      .map((o) => omit({ ...o, expiresAt: o.expiresAt === undefined ? undefined : Date.parse(new Date(o.expiresAt).toISOString().slice(0, 10)) }, []))
      .sort((a, b) => (a.companyId < b.companyId ? -1 : 1)),
  };
}

export interface Pulled {
  portfolio: Portfolio;
  deleted: { companies: string[]; deals: string[]; activities: string[] };
  skipped: SkippedRecord[];
  pages: SyncPage[];
}

/** Applies pulled pages in order the way a store would (upsert by id), sorted like normalizeForHubSpot. */
export function collectPages(pages: readonly SyncPage[]): Pulled {
  const companies = new Map<string, Portfolio['companies'][number]>();
  const deals = new Map<string, Deal>();
  const activities = new Map<string, Activity>();
  const relations = new Map<string, Relation>();
  const overrides = new Map<string, Portfolio['overrides'][number]>();
  const deleted = { companies: [] as string[], deals: [] as string[], activities: [] as string[] };
  const skipped: SkippedRecord[] = [];
  for (const { changes, skipped: s } of pages) {
    for (const c of changes.companies ?? []) companies.set(c.id, c);
    for (const d of changes.deals ?? []) deals.set(d.id, d);
    for (const a of changes.activities ?? []) activities.set(a.id, a);
    for (const r of changes.relations ?? []) relations.set(relationKey(r), r);
    for (const o of changes.overrides ?? []) overrides.set(o.companyId, o);
    deleted.companies.push(...(changes.deletedCompanyIds ?? []));
    deleted.deals.push(...(changes.deletedDealIds ?? []));
    deleted.activities.push(...(changes.deletedActivityIds ?? []));
    skipped.push(...s);
  }
  return {
    portfolio: {
      companies: byId([...companies.values()]),
      deals: byId([...deals.values()]),
      activities: byId([...activities.values()]),
      relations: [...relations.values()].sort((a, b) => (relationKey(a) < relationKey(b) ? -1 : 1)),
      overrides: [...overrides.values()].sort((a, b) => (a.companyId < b.companyId ? -1 : 1)),
    },
    deleted,
    skipped,
    pages: [...pages],
  };
}

export async function pullAll(source: CrmSource, mode: SyncMode, checkpoint: string | null = null): Promise<Pulled & { checkpoint: string | null }> {
  const pages: SyncPage[] = [];
  let last = checkpoint;
  for await (const page of source.pull({ mode, checkpoint })) {
    pages.push(page);
    if (page.checkpoint !== undefined) last = page.checkpoint;
  }
  return { ...collectPages(pages), checkpoint: last };
}
