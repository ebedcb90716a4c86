// Use case: recompute a tenant — everything (full) or a set of changed companies with every
// company whose figures depend on them (incremental) — record the run, save the results as
// the live results, and work out what to write back. A run as of another moment than now is
// a what-if (§3.7): computed and returned, never stored or written.
import { changedProperties, resultProperties } from '../domain/crm-properties.ts';
import { dependentCompanies } from '../domain/dependants.ts';
import { computePortfolio, type ComputeOptions } from '../domain/engine.ts';
import type { ValueModelConfig } from '../domain/model-config.ts';
import { pyramidMigration, type PyramidMigration } from '../domain/pyramid.ts';
import type { Instant, Portfolio } from '../domain/records.ts';
import type { CompanyResult, OverrideAgreement, PyramidLevel } from '../domain/results.ts';
import type { CompanyUpdate } from './ports/crm.port.ts';
import type { Logger } from './ports/logger.port.ts';
import type { RunKind, RunRecord, Store, TenantId } from './ports/store.port.ts';
import type { RankingPopulation } from './ranking-population.ts';
import { livePortfolio } from './sample/living-sample.ts';

export interface RecomputeDeps {
  store: Store;
  config: ValueModelConfig;
  configHash: string;
  now: () => Instant;
  log: Logger;
  population: RankingPopulation;
}

export interface RecomputeOptions {
  /** Another moment than now makes the run a what-if: nothing is stored, nothing is to be written. */
  asOf?: Instant;
  /** Compute and diff, but store nothing. */
  dryRun?: boolean;
}

export interface RecomputeOutcome {
  run: RunRecord | null;
  asOf: Instant;
  /** The run's wall-clock time: what kw_calculated_at says. */
  calculatedAt: Instant;
  /** asOf is not the time of the run: the results replace nothing and go nowhere. */
  whatIf: boolean;
  results: CompanyResult[];
  agreement: OverrideAgreement;
  /** Moves since the previous full run (full live runs only). */
  migration: PyramidMigration | null;
  /** Values that differ from what the CRM last got (none for a what-if). */
  updates: CompanyUpdate[];
}

interface Loaded extends ComputeOptions {
  portfolio: Portfolio;
}

export async function recomputeAll(deps: RecomputeDeps, tenant: TenantId, options: RecomputeOptions = {}): Promise<RecomputeOutcome> {
  return runRecompute(deps, tenant, 'full', options, async (whatIf, asOf) => ({
    // A sample tenant's records move on to today first (living-sample.ts); a what-if reads them where they are.
    portfolio: whatIf ? await deps.store.loadPortfolio(tenant) : await livePortfolio(deps.store, tenant, asOf, { keep: options.dryRun !== true }),
  }));
}

/**
 * An incremental run: the given companies and every company whose figures depend on them
 * (§3.7), measured against the stored figures of the rest. Every incremental path — webhooks,
 * incremental sync, the card, the workflow action, `recalc --company` — comes through here.
 */
export async function recomputeCompanies(
  deps: RecomputeDeps,
  tenant: TenantId,
  companyIds: readonly string[],
  options: RecomputeOptions = {},
): Promise<RecomputeOutcome> {
  return runRecompute(deps, tenant, 'incremental', options, async (whatIf) => {
    // A what-if measures the companies against the whole portfolio as of its own moment.
    if (whatIf) return { portfolio: await deps.store.loadPortfolio(tenant), only: new Set(companyIds) };
    const only = await withDependants(deps, tenant, companyIds);
    return {
      portfolio: await deps.store.loadCompanies(tenant, [...only]),
      only,
      population: await deps.population.others(tenant, only),
    };
  });
}

/** The companies plus every company that reads their figures (referrers, influencers, parents). */
export async function withDependants(deps: Pick<RecomputeDeps, 'store' | 'config'>, tenant: TenantId, companyIds: readonly string[]): Promise<Set<string>> {
  const changed = new Set(companyIds);
  if (changed.size === 0) return changed;
  const links = await deps.store.loadDependencyLinks(tenant, [...changed]);
  for (const id of dependentCompanies(changed, links, deps.config.strategic)) changed.add(id);
  return changed;
}

async function runRecompute(
  deps: RecomputeDeps,
  tenant: TenantId,
  kind: RunKind,
  options: RecomputeOptions,
  load: (whatIf: boolean, asOf: Instant) => Promise<Loaded>,
): Promise<RecomputeOutcome> {
  const { store, config, log } = deps;
  const calculatedAt = deps.now();
  const asOf = options.asOf ?? calculatedAt;
  const whatIf = asOf !== calculatedAt;
  const live = !whatIf && options.dryRun !== true;
  const run = live ? await store.startRun({ tenant, kind, startedAt: calculatedAt, asOf, configHash: deps.configHash }) : null;
  try {
    const { portfolio, only, population } = await load(whatIf, asOf);
    const computed = computePortfolio(portfolio, config, asOf, { only, population });
    const results = whatIf && only ? computed.results.filter((r) => only.has(r.companyId)) : computed.results;
    const updates = whatIf ? [] : await diffAgainstWritten(store, tenant, results, calculatedAt);
    const migration = kind === 'full' && !whatIf ? await migrationSincePreviousFull(store, tenant, results) : null;

    let finished: RunRecord | null = null;
    if (run) {
      await store.saveResults(tenant, run.id, asOf, results);
      const outcome = { status: 'succeeded' as const, counts: countsOf(results, updates.length), agreementRate: computed.agreement.rate, error: null, finishedAt: deps.now() };
      await store.finishRun(run.id, outcome);
      finished = { ...run, ...outcome };
      await deps.population.update(tenant, results, kind === 'full' ? run.id : null);
    }
    log.info({ tenant, kind, runId: run?.id, whatIf, companies: results.length, updates: updates.length }, 'recompute finished');
    return { run: finished, asOf, calculatedAt, whatIf, results, agreement: computed.agreement, migration, updates };
  } catch (error) {
    if (run) {
      await store.finishRun(run.id, { status: 'failed', counts: {}, agreementRate: null, error: String(error), finishedAt: deps.now() });
    }
    log.error({ tenant, kind, runId: run?.id, err: error }, 'recompute failed');
    throw error;
  }
}

async function diffAgainstWritten(store: Store, tenant: TenantId, results: readonly CompanyResult[], calculatedAt: Instant): Promise<CompanyUpdate[]> {
  const written = await store.getWritten(tenant, results.map((r) => r.companyId));
  const updates: CompanyUpdate[] = [];
  for (const r of results) {
    const values = changedProperties(resultProperties(r, calculatedAt), written.get(r.companyId));
    if (Object.keys(values).length > 0) updates.push({ companyId: r.companyId, values });
  }
  return updates;
}

async function migrationSincePreviousFull(store: Store, tenant: TenantId, results: readonly CompanyResult[]): Promise<PyramidMigration | null> {
  const previous = await previousFullLevels(store, tenant);
  return previous && pyramidMigration(previous, new Map(results.map((r) => [r.companyId, r.pyramidLevel])));
}

/**
 * Pyramid levels of the last successful full run (before `before`, when given), however many
 * incremental runs came after it; null when there was none.
 */
export async function previousFullLevels(store: Store, tenant: TenantId, before?: RunRecord): Promise<Map<string, PyramidLevel> | null> {
  const previous = await store.lastRun(tenant, 'full', 'succeeded', before);
  if (!previous) return null;
  const rows = await store.runHistory(previous.id);
  return new Map(rows.map((r) => [r.companyId, r.pyramidLevel]));
}

function countsOf(results: readonly CompanyResult[], updates: number): Record<string, number> {
  const counts: Record<string, number> = { companies: results.length, customers: 0, A: 0, B: 0, C: 0, D: 0, over_served: 0, under_served: 0, overrides: 0, updates };
  for (const r of results) {
    if (r.isCustomer) counts.customers! += 1;
    if (r.segment) counts[r.segment]! += 1;
    if (r.serviceFlag !== 'ok') counts[r.serviceFlag]! += 1;
    if (r.override) counts.overrides! += 1;
  }
  return counts;
}
