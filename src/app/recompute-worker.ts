// The debounced webhook worker: every few seconds it claims whatever is queued, resolves deals,
// activities and line items to their companies, and per tenant runs ONE refresh (pull just those
// companies, store, recompute, write back) — a burst of 500 events on 50 companies becomes one
// sync and one write-back of at most 50 companies. Each tenant runs in its own try/catch.
import type { TaskKeeping } from './contact-tasks.ts';
import type { CrmSource, CrmWriter } from './ports/crm.port.ts';
import { noMetrics, type Metrics } from './ports/metrics.port.ts';
import type { CompanyResolver, QueuedItem, WorkQueue } from './ports/queue.port.ts';
import type { TenantId } from './ports/store.port.ts';
import type { RecomputeDeps } from './recompute.ts';
import { refreshCompanies } from './refresh-companies.ts';

export interface TenantCrm {
  source: CrmSource | null;
  writer: CrmWriter | null;
  /** Null where only companies are ever queued (the file tenant). */
  resolver: CompanyResolver | null;
  /** The contact-schedule tasks; null when tasks are off. */
  tasks?: TaskKeeping | null;
}

export interface RecomputeWorkerDeps {
  queue: WorkQueue;
  recompute: RecomputeDeps;
  crmFor(tenant: TenantId): TenantCrm;
  metrics?: Metrics;
}

export interface WorkerOptions {
  /** Pause between rounds when the queue had nothing more (the debounce tick). */
  intervalMs?: number;
  /** Items claimed per round. */
  batchSize?: number;
}

export interface WorkerRound {
  claimed: number;
  tenants: number;
  /** Companies recomputed, and written to the CRM (only those whose values changed). */
  recomputed: number;
  written: number;
  completed: number;
  retried: number;
  dead: number;
}

export interface RecomputeWorker {
  /** One round: claim, process per tenant, settle the items. */
  runOnce(): Promise<WorkerRound>;
  start(): void;
  /** Stops after the round in progress. */
  stop(): Promise<void>;
}

export function createRecomputeWorker(deps: RecomputeWorkerDeps, options: WorkerOptions = {}): RecomputeWorker {
  const { queue } = deps;
  const log = deps.recompute.log;
  const metrics = deps.metrics ?? noMetrics;
  const intervalMs = options.intervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 5_000;
  const now = deps.recompute.now;

  async function processTenant(tenant: TenantId, items: QueuedItem[], round: WorkerRound): Promise<void> {
    const started = now();
    const settle = async (done: QueuedItem[], failed: QueuedItem[], error: string) => {
      if (done.length > 0) {
        await queue.complete(done);
        round.completed += done.length;
        metrics.jobsFinished(tenant, 'completed', done.length, done.map((i) => now() - i.enqueuedAt));
      }
      if (failed.length > 0) {
        const outcome = await queue.fail(failed, error);
        round.retried += outcome.retried;
        round.dead += outcome.dead;
        metrics.jobsFinished(tenant, 'retried', outcome.retried, []);
        if (outcome.dead > 0) {
          metrics.jobsFinished(tenant, 'dead', outcome.dead, []);
          log.error({ tenant, dead: outcome.dead, error }, 'queued work moved to the dead letters');
        }
      }
    };
    try {
      const crm = deps.crmFor(tenant);
      const companiesOf = new Map<string, string[]>();
      const mergedAway: string[] = [];
      const others: QueuedItem[] = [];
      for (const item of items) {
        if (item.objectType !== 'company') others.push(item);
        else if (item.reason === 'merged_away') mergedAway.push(item.objectId);
        else companiesOf.set(item.id, [item.objectId]);
      }
      let gone = { dealIds: [] as string[], activityIds: [] as string[] };
      if (others.length > 0 && crm.resolver) {
        const resolution = await crm.resolver.resolve(others);
        for (const [id, companies] of resolution.companies) companiesOf.set(id, companies);
        gone = resolution.gone;
      }
      const companyIds = [...new Set([...companiesOf.values()].flat())];
      const refresh = await refreshCompanies(deps.recompute, tenant, crm, { companyIds, mergedAway, gone });

      // Items whose companies did not reach the CRM are retried; the rest are done.
      const write = refresh.write;
      const unwritten = new Map<string, string>();
      for (const f of write?.failed ?? []) unwritten.set(f.companyId, `${f.code}: ${f.message}`);
      if (write?.stoppedBy) {
        const settled = new Set([...write.written, ...write.failed].map((u) => u.companyId));
        for (const u of refresh.recompute?.updates ?? []) if (!settled.has(u.companyId)) unwritten.set(u.companyId, `${write.stoppedBy}: write-back stopped early`);
      }
      const failed = items.filter((i) => (companiesOf.get(i.id) ?? []).some((c) => unwritten.has(c)));
      const reason = [...new Set(failed.flatMap((i) => (companiesOf.get(i.id) ?? []).map((c) => unwritten.get(c)).filter((m): m is string => m !== undefined)))].join('; ');
      round.recomputed += refresh.recompute?.results.length ?? 0;
      round.written += write?.written.length ?? 0;
      await settle(items.filter((i) => !failed.includes(i)), failed, reason);
      metrics.batchProcessed(tenant, now() - started, refresh.recompute?.results.length ?? 0);
      log.info({ tenant, items: items.length, companies: companyIds.length, written: write?.written.length ?? 0, failed: failed.length, ms: now() - started }, 'queued changes processed');
    } catch (err) {
      log.error({ tenant, items: items.length, err }, 'processing queued changes failed; they will be retried');
      await settle([], items, describe(err));
    }
  }

  async function runOnce(): Promise<WorkerRound> {
    const items = await queue.claim(batchSize);
    const byTenant = new Map<TenantId, QueuedItem[]>();
    for (const item of items) byTenant.set(item.tenant, [...(byTenant.get(item.tenant) ?? []), item]);
    const round: WorkerRound = { claimed: items.length, tenants: byTenant.size, recomputed: 0, written: 0, completed: 0, retried: 0, dead: 0 };
    for (const [tenant, tenantItems] of byTenant) {
      // One tenant's failure must not stop the others.
      try {
        await processTenant(tenant, tenantItems, round);
      } catch (err) {
        log.error({ tenant, err }, 'settling queued work failed; the lease will expire and it runs again');
      }
    }
    return round;
  }

  let timer: NodeJS.Timeout | null = null;
  let current: Promise<unknown> | null = null;
  let running = false;

  const loop = () => {
    timer = null;
    if (!running) return;
    current = runOnce()
      .then((round) => round.claimed >= batchSize)
      .catch((err: unknown) => {
        log.error({ err }, 'worker round failed');
        return false;
      })
      .then((more) => {
        current = null;
        if (running) timer = setTimeout(loop, more ? 0 : intervalMs);
      });
  };

  return {
    runOnce,
    start() {
      if (running) return;
      running = true;
      timer = setTimeout(loop, 0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await current;
    },
  };
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as Error & { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${err.message}` : err.message;
}
