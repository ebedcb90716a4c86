// The property of PRODUCT.md §3.7: after every incremental run — through the real use cases
// (webhook work: refreshCompanies; the incremental sync: refreshTenant) and the real SQLite
// store — each company's live figures equal a full run's over the same data, to the cent.
// Seeded random portfolios (referrals, influence, parents, with strategic.parentInfluence on or
// off) go through random sequences of changes; a failure names its seed and step to replay.
//
// What "equal" means. Only ranks and segments may lag (§3.7): a company that was not recomputed
// keeps the segment it was last given. So:
//  - money figures that do not depend on ranks — revenue, gross margin, cost-to-serve (and each
//    of its lines), net contribution, CLV, referral/influence/reference/knowledge/strategic
//    value, total value, growth potential — always equal the full run's, to the cent;
//  - the contact schedule follows the segment, so it is compared in full (every touchpoint's
//    last contact, next due date and overdue, the next contact date, overdue, the plan)
//    whenever the live segment equals the full run's;
//  - the last-contact dates are always compared: each touchpoint of the live segment holds the
//    last matching activity up to asOf in the store's data;
//  - the companies the incremental run recomputed equal the full run's results entirely, rank,
//    segment, action and explanation included: the others' figures they are measured against
//    are exact, so nothing of theirs lags.
// And the store holds what the CRM holds (deals, activities, relations, overrides, companies),
// so "the same data" is the CRM's.
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { Store } from '../../src/app/ports/store.port.ts';
import { RankingPopulation } from '../../src/app/ranking-population.ts';
import { recomputeAll, type RecomputeDeps } from '../../src/app/recompute.ts';
import { refreshCompanies } from '../../src/app/refresh-companies.ts';
import { refreshTenant } from '../../src/app/refresh-tenant.ts';
import { createRandom } from '../../src/app/sample/prng.ts';
import { matchesTouchpoint } from '../../src/domain/contact-schedule.ts';
import { money } from '../../src/domain/crm-properties.ts';
import { COST_LINES } from '../../src/domain/cost-to-serve.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import type { Portfolio } from '../../src/domain/records.ts';
import type { CompanyResult } from '../../src/domain/results.ts';
import { ChangingCrm } from '../support/changing-crm.ts';

const SEQUENCES = 200;
const STEPS = 5;
const AS_OF = Date.parse('2026-11-01T00:00:00Z');

const MONEY_FIGURES = [
  'revenue', 'grossMargin', 'costToServe', 'netContribution', 'clv', 'referralValue', 'influenceValue',
  'referenceValue', 'knowledgeValue', 'strategicValue', 'totalValue', 'growthPotential',
] as const;

/** The differences between a live result and the full run's, as readable lines (none when equal). */
function differences(live: CompanyResult, full: CompanyResult, data: Portfolio): string[] {
  const out: string[] = [];
  for (const figure of MONEY_FIGURES) if (money(live[figure]) !== money(full[figure])) out.push(`${figure} ${money(live[figure])} ≠ ${money(full[figure])}`);
  for (const line of COST_LINES) if (money(live.costBreakdown[line]) !== money(full.costBreakdown[line])) out.push(`cost line ${line}`);
  if (live.isCustomer !== full.isCustomer) out.push('isCustomer');
  if (live.segment === full.segment) {
    const schedule = (r: CompanyResult) => JSON.stringify([r.contacts, r.nextContactDate, r.contactOverdue, r.contactPlan]);
    if (schedule(live) !== schedule(full)) out.push(`schedule ${schedule(live)} ≠ ${schedule(full)}`);
  }
  for (const c of live.contacts) {
    let last: number | null = null;
    for (const a of data.activities) {
      if (a.companyId === live.companyId && a.occurredAt <= AS_OF && matchesTouchpoint(a, c.touchpoint) && (last === null || a.occurredAt > last)) last = a.occurredAt;
    }
    if (c.lastContact !== last) out.push(`last contact of ${c.touchpoint.name} ${c.lastContact} ≠ ${last}`);
  }
  return out;
}

/** Where the store's records differ from the CRM's (a child keeps a deleted parent's id until it is itself refreshed: not a figure). */
function dataDifferences(stored: Portfolio, crm: Portfolio): string[] {
  const key = (x: unknown) => JSON.stringify(x);
  const sortedKeys = (xs: readonly unknown[]) => xs.map(key).sort();
  const out: string[] = [];
  for (const part of ['deals', 'activities', 'relations', 'overrides'] as const) {
    const a = sortedKeys(stored[part]);
    const b = sortedKeys(crm[part]);
    if (key(a) !== key(b)) out.push(`stored ${part} differ from the CRM's: ${a.filter((x) => !b.includes(x)).join(' ')} | ${b.filter((x) => !a.includes(x)).join(' ')}`);
  }
  if (key(sortedKeys(stored.companies.map((c) => c.id))) !== key(sortedKeys(crm.companies.map((c) => c.id)))) out.push('stored companies differ from the CRM\'s');
  return out;
}

async function runSequence(seed: number, store: Store): Promise<string[]> {
  const random = createRandom(seed);
  const tenant = `t${seed}`;
  const config = { ...DEFAULT_MODEL_CONFIG, strategic: { ...DEFAULT_MODEL_CONFIG.strategic, parentInfluence: random.chance(0.5) } };
  const deps: RecomputeDeps = { store, config, configHash: 'p', now: () => AS_OF, log: silentLogger, population: new RankingPopulation(store) };
  const crm = new ChangingCrm(random, AS_OF, random.int(6, 14));
  const source = crm.source(tenant);
  await refreshTenant(deps, tenant, { source, writer: null }, 'full');

  for (let step = 1; step <= STEPS; step++) {
    const notices = Array.from({ length: random.int(1, 3) }, () => crm.change());
    const path = random.chance(0.5) ? 'webhook' : 'incremental sync';
    const outcome =
      path === 'webhook'
        ? await refreshCompanies(deps, tenant, { source, writer: null }, {
            companyIds: [...new Set(notices.flatMap((n) => n.companyIds))],
            gone: { dealIds: notices.flatMap((n) => n.goneDeals), activityIds: notices.flatMap((n) => n.goneActivities) },
          })
        : await refreshTenant(deps, tenant, { source, writer: null }, 'incremental');
    const recomputed = outcome.recompute?.results ?? [];

    const [live, full, data] = await Promise.all([store.latestResults(tenant), recomputeAll(deps, tenant, { dryRun: true }), store.loadPortfolio(tenant)]);
    const where = `seed ${seed}, step ${step} (${path}: ${notices.map((n) => n.what).join(', ')}; parentInfluence ${config.strategic.parentInfluence})`;
    const liveById = new Map(live.map((r) => [r.companyId, r]));
    const problems: string[] = [];
    if (live.length !== full.results.length) problems.push(`${live.length} live results for ${full.results.length} companies`);
    problems.push(...dataDifferences(data, crm.portfolio()));
    for (const f of full.results) {
      const l = liveById.get(f.companyId);
      if (!l) problems.push(`${f.companyId}: no live result`);
      else for (const d of differences(l, f, data)) problems.push(`${f.companyId}: ${d}`);
    }
    const fullById = new Map(full.results.map((r) => [r.companyId, r]));
    for (const r of recomputed) {
      if (JSON.stringify(r) !== JSON.stringify(fullById.get(r.companyId))) problems.push(`${r.companyId} was recomputed but differs from the full run: ${JSON.stringify(r)}`);
    }
    if (problems.length > 0) return problems.map((p) => `${where}: ${p}`);
  }
  return [];
}

describe('an incremental run equals a full run over the same data (§3.7)', () => {
  it(`holds for ${SEQUENCES} random portfolios, each through ${STEPS} random rounds of changes`, async () => {
    const store = createSqliteStore({ path: ':memory:' });
    await store.migrate();
    try {
      const problems: string[] = [];
      for (let seed = 1; seed <= SEQUENCES && problems.length === 0; seed++) problems.push(...(await runSequence(seed, store)));
      expect(problems.slice(0, 10)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
