// Operations figures in Prometheus format (prom-client, on a registry of its own): webhooks in
// and refused by reason, queue depth, job latency, worker batches, CRM API calls and 429s per
// tenant, contact-schedule tasks per tenant and action, the last full run per tenant, workflow
// actions — plus the process's own metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Metrics } from '../../app/ports/metrics.port.ts';
import type { WorkQueue } from '../../app/ports/queue.port.ts';
import type { Store, TenantId } from '../../app/ports/store.port.ts';

export interface ApiUsage {
  tenant: TenantId;
  /** Calls made since the process started (the HubSpot client's stats). */
  calls: number;
  rateLimited: number;
  /** Companies the CRM refused to write since the process started, by code (crm.invalid_value…). */
  refusedWrites?: Record<string, number>;
  /** Contact-schedule task calls since the process started, by action (created, completed, …). */
  tasks?: Record<string, number>;
}

export interface FullRunTimes {
  tenant: TenantId;
  startedAt: number;
  finishedAt: number;
}

export interface PrometheusOptions {
  queue?: Pick<WorkQueue, 'stats'>;
  apiUsage?: () => Iterable<ApiUsage> | Promise<Iterable<ApiUsage>>;
  lastFullRuns?: () => Promise<FullRunTimes[]>;
  /** Process metrics (CPU, memory, event loop lag); off in tests that build many registries. */
  processMetrics?: boolean;
}

/** One line of a sharded run's status: how many shards of a stage are in a state on an instance. */
export interface ShardGauge {
  tenant: TenantId;
  stage: string;
  state: string;
  instance: string | null;
  shards: number;
}

export interface PrometheusMetrics extends Metrics {
  readonly registry: Registry;
  /** Exports the shards of each tenant's newest sharded full run (klantwaarde_run_shards), read at each scrape. */
  watchShards(read: () => Promise<Iterable<ShardGauge>>): void;
  /** The exposition text and its content type, for GET /metrics. */
  render(): Promise<{ contentType: string; body: string }>;
}

const LATENCY_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600];

export function createPrometheusMetrics(options: PrometheusOptions = {}): PrometheusMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'klantwaarde_' });
  const registers = [registry];

  const received = new Counter({ name: 'klantwaarde_webhook_events_received_total', help: 'Webhook events taken in (signed, valid, of a connected portal).', labelNames: ['source'], registers });
  const duplicates = new Counter({ name: 'klantwaarde_webhook_events_duplicate_total', help: 'Webhook events dropped as repeats of an accepted event.', labelNames: ['source'], registers });
  const rejected = new Counter({ name: 'klantwaarde_webhook_requests_rejected_total', help: 'Webhook requests refused, by reason (error code).', labelNames: ['source', 'reason'], registers });
  const jobs = new Counter({ name: 'klantwaarde_jobs_total', help: 'Queued items finished by the worker, by outcome.', labelNames: ['tenant', 'outcome'], registers });
  const latency = new Histogram({ name: 'klantwaarde_job_latency_seconds', help: 'From the first event that made an object dirty to its write-back.', labelNames: ['outcome'], buckets: LATENCY_BUCKETS, registers });
  const batches = new Histogram({ name: 'klantwaarde_worker_batch_duration_seconds', help: 'One worker batch of a tenant: resolve, pull, recompute, write back.', buckets: LATENCY_BUCKETS, registers });
  const batchCompanies = new Counter({ name: 'klantwaarde_worker_companies_recomputed_total', help: 'Companies recomputed by the worker.', labelNames: ['tenant'], registers });
  const actions = new Counter({ name: 'klantwaarde_workflow_actions_total', help: 'Workflow action answers and completions, by execution state.', labelNames: ['state'], registers });

  // Figures read from elsewhere (queue, clients, store) are refreshed just before each scrape.
  const refreshers: (() => Promise<void> | void)[] = [];

  const queue = options.queue;
  if (queue) {
    const up = new Gauge({ name: 'klantwaarde_queue_up', help: '1 when the work queue answered the last scrape.', registers });
    const depth = new Gauge({ name: 'klantwaarde_queue_depth', help: 'Items in the work queue, by state (waiting, leased, dead).', labelNames: ['state'], registers });
    const oldest = new Gauge({ name: 'klantwaarde_queue_oldest_waiting_seconds', help: 'Age of the oldest waiting item.', registers });
    refreshers.push(async () => {
      try {
        const stats = await queue.stats();
        depth.set({ state: 'waiting' }, stats.waiting);
        depth.set({ state: 'leased' }, stats.leased);
        depth.set({ state: 'dead' }, stats.dead);
        oldest.set(stats.oldestWaitingMs === null ? 0 : stats.oldestWaitingMs / 1000);
        up.set(1);
      } catch {
        up.set(0);
      }
    });
  }

  const apiUsage = options.apiUsage;
  if (apiUsage) {
    const calls = new Counter({ name: 'klantwaarde_crm_api_calls_total', help: 'CRM API calls made, per tenant.', labelNames: ['tenant'], registers });
    const rateLimited = new Counter({ name: 'klantwaarde_crm_rate_limited_total', help: 'CRM API answers 429 (rate limited), per tenant.', labelNames: ['tenant'], registers });
    const refused = new Counter({ name: 'klantwaarde_crm_writes_refused_total', help: 'Companies whose values the CRM refused (a validation rule, a bad value), by tenant and code.', labelNames: ['tenant', 'code'], registers });
    const tasks = new Counter({ name: 'klantwaarde_crm_tasks_total', help: 'Contact-schedule tasks in the CRM by tenant and action: created, moved, completed, removed, closed_by_hand, failed.', labelNames: ['tenant', 'action'], registers });
    refreshers.push(async () => {
      // The clients keep running totals since the process started: copy them in.
      const usages = await apiUsage();
      calls.reset();
      rateLimited.reset();
      refused.reset();
      tasks.reset();
      for (const usage of usages) {
        calls.inc({ tenant: usage.tenant }, usage.calls);
        rateLimited.inc({ tenant: usage.tenant }, usage.rateLimited);
        for (const [code, n] of Object.entries(usage.refusedWrites ?? {})) refused.inc({ tenant: usage.tenant, code }, n);
        for (const [action, n] of Object.entries(usage.tasks ?? {})) tasks.inc({ tenant: usage.tenant, action }, n);
      }
    });
  }

  const lastFullRuns = options.lastFullRuns;
  if (lastFullRuns) {
    const finished = new Gauge({ name: 'klantwaarde_full_run_last_success_timestamp_seconds', help: 'When the last successful full run finished, per tenant (Unix time).', labelNames: ['tenant'], registers });
    const duration = new Gauge({ name: 'klantwaarde_full_run_last_duration_seconds', help: 'Duration of the last successful full run, per tenant.', labelNames: ['tenant'], registers });
    refreshers.push(async () => {
      const runs = await lastFullRuns();
      finished.reset();
      duration.reset();
      for (const run of runs) {
        finished.set({ tenant: run.tenant }, run.finishedAt / 1000);
        duration.set({ tenant: run.tenant }, (run.finishedAt - run.startedAt) / 1000);
      }
    });
  }

  let shardGauge: Gauge | null = null;
  return {
    registry,
    watchShards(read) {
      shardGauge ??= new Gauge({
        name: 'klantwaarde_run_shards',
        help: "Shards of each tenant's newest sharded full run, by stage, state (queued, running, done, failed) and the instance that took them.",
        labelNames: ['tenant', 'stage', 'state', 'instance'],
        registers,
      });
      const gauge = shardGauge;
      refreshers.push(async () => {
        const lines = await read();
        gauge.reset();
        for (const l of lines) gauge.set({ tenant: l.tenant, stage: l.stage, state: l.state, instance: l.instance ?? '' }, l.shards);
      });
    },
    async render() {
      for (const refresh of refreshers) {
        // A figure that cannot be read this time keeps its last value; the scrape still answers.
        await Promise.resolve()
          .then(refresh)
          .catch(() => {});
      }
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    webhookAccepted(source, events, repeats) {
      received.inc({ source }, events - repeats);
      if (repeats > 0) duplicates.inc({ source }, repeats);
    },
    webhookRejected(source, reason) {
      rejected.inc({ source, reason });
    },
    jobsFinished(tenant, outcome, count, latenciesMs) {
      if (count > 0) jobs.inc({ tenant, outcome }, count);
      for (const ms of latenciesMs) latency.observe({ outcome }, ms / 1000);
    },
    batchProcessed(tenant, durationMs, companies) {
      batches.observe(durationMs / 1000);
      batchCompanies.inc({ tenant }, companies);
    },
    workflowAction(state) {
      actions.inc({ state });
    },
  };
}

/** The last successful full run of each tenant, from the store (whichever instance ran it). */
export function lastFullRunsFrom(store: Store, tenants: () => Promise<TenantId[]>): () => Promise<FullRunTimes[]> {
  return async () => {
    const out: FullRunTimes[] = [];
    for (const tenant of await tenants()) {
      const run = await store.lastRun(tenant, 'full', 'succeeded');
      if (run?.finishedAt) out.push({ tenant, startedAt: run.startedAt, finishedAt: run.finishedAt });
    }
    return out;
  };
}
