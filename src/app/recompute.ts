// Use case: recompute a tenant — everything (full) or a set of dirty companies
// (incremental) — record the run, save the results, and work out what to write back.
import { changedProperties, resultProperties } from '../domain/crm-properties.ts';
import { computePortfolio, type ComputeOptions } from '../domain/engine.ts';
import type { ValueModelConfig } from '../domain/model-config.ts';
import { pyramidMigration, type PyramidMigration } from '../domain/pyramid.ts';
import type { Instant, Portfolio } from '../domain/records.ts';
import type { CompanyResult, OverrideAgreement, PyramidLevel } from '../domain/results.ts';
import type { CompanyUpdate } from './ports/crm.port.ts';
import type { Logger } from './ports/logger.port.ts';
import type { RunKind, RunRecord, Store, TenantId } from './ports/store.port.ts';
import type { RankingPopulation } from './ranking-population.ts';

export interface RecomputeDeps {
  store: Store;
  config: ValueModelConfig;
  configHash: string;
  now: () => Instant;
  log: Logger;
  population: RankingPopulation;
}

export interface RecomputeOptions {
  asOf?: Instant;
  /** Compute and diff, but store nothing. */
  dryRun?: boolean;
}

export interface RecomputeOutcome {
  run: RunRecord | null;
  asOf: Instant;
  results: CompanyResult[];
  agreement: OverrideAgreement;
  /** Moves since the previous full run (full runs only). */
  migration: PyramidMigration | null;
  /** Values that differ from what the CRM last got. */
  updates: CompanyUpdate[];
}

export async function recomputeAll(deps: RecomputeDeps, tenant: TenantId, options: RecomputeOptions = {}): Promise<RecomputeOutcome> {
  return runRecompute(deps, tenant, 'full', options, async () => ({ portfolio: await deps.store.loadPortfolio(tenant) }));
}

export async function recomputeCompanies(
  deps: RecomputeDeps,
  tenant: TenantId,
  companyIds: readonly string[],
  options: RecomputeOptions = {},
): Promise<RecomputeOutcome> {
  const only = new Set(companyIds);
  return runRecompute(deps, tenant, 'incremental', options, async () => ({
    portfolio: await deps.store.loadCompanies(tenant, companyIds),
    only,
    population: await deps.population.others(tenant, only),
  }));
}

async function runRecompute(
  deps: RecomputeDeps,
  tenant: TenantId,
  kind: RunKind,
  options: RecomputeOptions,
  load: () => Promise<{ portfolio: Portfolio } & ComputeOptions>,
): Promise<RecomputeOutcome> {
  const { store, config, log } = deps;
  const asOf = options.asOf ?? deps.now();
  const run = options.dryRun ? null : await store.startRun({ tenant, kind, startedAt: deps.now(), asOf, configHash: deps.configHash });
  try {
    const { portfolio, only, population } = await load();
    const computed = computePortfolio(portfolio, config, asOf, { only, population });
    const updates = await diffAgainstWritten(store, tenant, computed.results, asOf);
    const migration = kind === 'full' ? await migrationSincePreviousFull(store, tenant, computed.results) : null;

    let finished: RunRecord | null = null;
    if (run) {
      await store.saveResults(tenant, run.id, asOf, computed.results);
      const outcome = { status: 'succeeded' as const, counts: countsOf(computed.results, updates.length), agreementRate: computed.agreement.rate, error: null, finishedAt: deps.now() };
      await store.finishRun(run.id, outcome);
      finished = { ...run, ...outcome };
      await deps.population.update(tenant, computed.results, kind === 'full' ? run.id : null);
    }
    log.info({ tenant, kind, runId: run?.id, companies: computed.results.length, updates: updates.length }, 'recompute finished');
    return { run: finished, asOf, results: computed.results, agreement: computed.agreement, migration, updates };
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

/** Pyramid levels of the last successful full run, or null when there was none. */
export async function previousFullLevels(store: Store, tenant: TenantId, before?: RunRecord): Promise<Map<string, PyramidLevel> | null> {
  const runs = await store.listRuns(tenant, 50);
  const previous = runs.find((r) => r.kind === 'full' && r.status === 'succeeded' && (!before || r.startedAt < before.startedAt));
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
