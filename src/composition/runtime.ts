// The composition of the running parts — for the server (main.ts) and every store-backed
// CLI command (`recalc --input` needs none of it: portfolio-folder.ts) — what they need,
// built once from the config and the environment: the store, the logger, the recompute
// dependencies and each tenant's CRM source/writer.
import type { CompanyUpdate, CrmSource, CrmWriter, WriteReport } from '../app/ports/crm.port.ts';
import type { Logger } from '../app/ports/logger.port.ts';
import type { RunRecord, Store, TenantId } from '../app/ports/store.port.ts';
import { RankingPopulation } from '../app/ranking-population.ts';
import type { RecomputeDeps, RecomputeOutcome } from '../app/recompute.ts';
import type { TenantConnection } from '../app/refresh-companies.ts';
import { keepTasks, type TaskReport } from '../app/contact-tasks.ts';
import { refusedWrites, writeBack } from '../app/write-back.ts';
import { configHash } from '../config/config-hash.ts';
import type { KlantwaardeConfig } from '../config/config.schema.ts';
import { crmMode, parseEnv, type CrmMode, type Env } from '../config/env.schema.ts';
import { formatConfigErrors, loadConfig } from '../config/load-config.ts';
import { ConfigInvalid } from './command-failures.ts';
import type { CrmConnections } from './crm-connections.ts';

export const LOCAL_TENANT = 'local';

/** Where the process runs: its environment and working directory (the CLI's io has both). */
export interface Surroundings {
  env: Record<string, string | undefined>;
  cwd: string;
  /** The clock runs read as now (Date.now when absent). */
  now?: () => number;
}

export interface Runtime {
  env: Env;
  config: KlantwaardeConfig;
  configSource: string;
  mode: CrmMode;
  store: Store;
  log: Logger;
  recompute: RecomputeDeps;
  crm: CrmConnections;
  tenants(): Promise<TenantId[]>;
  close(): Promise<void>;
}

export async function loadSettings(configPath: string | undefined, io: Surroundings): Promise<{ env: Env; config: KlantwaardeConfig; source: string; notices: string[] }> {
  const env = parseEnv(io.env);
  if (!env.ok) throw new ConfigInvalid(`The environment is not valid:\n${formatConfigErrors(env.errors)}`);
  const loaded = await loadConfig({ path: configPath, env: io.env, cwd: io.cwd });
  if (!loaded.ok) throw ConfigInvalid.refused(loaded.source, formatConfigErrors(loaded.errors));
  return { env: env.env, config: loaded.config, source: loaded.source, notices: loaded.notices ?? [] };
}

export async function openRuntime(options: { configPath?: string; io: Surroundings; step?: (m: string) => void; logDestination?: 1 | 2 }): Promise<Runtime> {
  const { env, config, source, notices } = await loadSettings(options.configPath, options.io);
  // The store and CRM clients are loaded when a runtime is opened: a command that needs none
  // (recalc --input, config, sample, --help) starts without loading them.
  const [{ createLogger }, { createStore }, { connectPgCallLimits }, { connectCrms }] = await Promise.all([
    import('../adapters/log/pino.logger.ts'),
    import('../adapters/store/create-store.ts'),
    import('../adapters/crm/hubspot/hubspot.ts'),
    import('./crm-connections.ts'),
  ]);
  const log = createLogger({ level: env.LOG_LEVEL, destination: options.logDestination ?? 2 });
  for (const notice of notices) log.warn({ config: source }, notice);
  options.step?.(`opening the ${env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'} store`);
  const store = await createStore({ databaseUrl: env.DATABASE_URL, dataDir: env.KLANTWAARDE_DATA_DIR });
  await store.migrate();
  const mode = crmMode(env);
  // More than one instance may run on PostgreSQL: their calls to a portal share its rate windows there.
  const callLimits = env.DATABASE_URL && (mode === 'hubspot' || mode === 'both') ? await connectPgCallLimits(env.DATABASE_URL, log) : null;
  let crm: CrmConnections;
  try {
    crm = await connectCrms({ env, config, store, log, mode, now: options.io.now ?? Date.now, callLimits });
  } catch (error) {
    await callLimits?.close();
    throw error;
  }
  const recompute: RecomputeDeps = { store, config, configHash: configHash(config), now: options.io.now ?? Date.now, log, population: new RankingPopulation(store) };
  return {
    env,
    config,
    configSource: source,
    mode,
    store,
    log,
    recompute,
    crm,
    async tenants() {
      if (mode === 'local') return [LOCAL_TENANT];
      return crm.tenants();
    },
    async close() {
      await callLimits?.close();
      await store.close();
    },
  };
}

/** A tenant's CRM for a refresh: source, writer and (when tasks are on) its contact-schedule tasks. */
export function tenantConnection(runtime: Pick<Runtime, 'crm'>, tenant: TenantId): TenantConnection {
  return { source: runtime.crm.sourceFor(tenant), writer: runtime.crm.writerFor(tenant), tasks: runtime.crm.tasksFor(tenant) };
}

/**
 * Writes changed values back to the tenant's CRM; null for the file tenant, which has none.
 * `run`: the run the values come from (refused companies are counted on it); `warn` gets the
 * refused companies whether or not progress is shown (default: as progress); `onBatch` hears
 * how many companies each accepted batch held (a progress bar).
 */
export async function writeBackAll(
  runtime: Runtime,
  tenant: TenantId,
  updates: readonly CompanyUpdate[] | AsyncIterable<readonly CompanyUpdate[]>,
  step: (m: string) => void,
  options: { run?: RunRecord | null; warn?: (m: string) => void; onBatch?: (companies: number) => void; count?: number } = {},
): Promise<WriteReport | null> {
  const { run = null, warn = step, onBatch } = options;
  const crm: CrmWriter | null = runtime.crm.writerFor(tenant);
  if (!crm) return null;
  const count = options.count ?? (Array.isArray(updates) ? updates.length : null);
  step(`writing ${count ?? 'the'} changed companies to ${tenant}`);
  const writer: CrmWriter = onBatch
    ? { tenant: crm.tenant, write: (all, onWritten) => crm.write(all, async (batch) => { await onWritten(batch); onBatch(batch.length); }) }
    : crm;
  const report = await writeBack(runtime.store, writer, updates, runtime.log, run);
  step(`${report.written.length} written in ${report.apiCalls} API calls, ${report.failed.length} refused${report.stoppedBy ? `, stopped by ${report.stoppedBy}` : ''}`);
  // Refused companies by name with the CRM's reason (a portal's validation rule says which).
  const refused = new Map((await refusedWrites(runtime.store, tenant)).map((r) => [r.companyId, r]));
  for (const f of report.failed) warn(`refused: ${refused.get(f.companyId)?.name ?? f.companyId} (${f.companyId}) — ${f.message} [${f.code}]; tried again next run`);
  return report;
}

export type { CrmSource };

/**
 * After a live `recalc` (not a what-if, not a dry run): the tenant's contact-schedule tasks kept
 * in step, when tasks are on; null otherwise. `full`: every company was recomputed.
 */
export async function keepTasksAfter(runtime: Runtime, tenant: TenantId, outcome: RecomputeOutcome, full: boolean, step: (m: string) => void): Promise<TaskReport | null> {
  const tasks = runtime.crm.tasksFor(tenant);
  if (!tasks) return null;
  step(`keeping the contact-schedule tasks of ${tenant}`);
  const report = await keepTasks(runtime.recompute, tasks, outcome, full);
  if (report) step(`tasks: ${report.created} created, ${report.moved} moved, ${report.completed} completed, ${report.removed} removed, ${report.closedByHand} closed by hand, ${report.failed} failed${report.stoppedBy ? `, stopped by ${report.stoppedBy}` : ''}`);
  return report;
}
