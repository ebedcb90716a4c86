// The webhook side of the server, built from the runtime: the durable work queue, the debounced
// worker (by default in a thread of its own), Prometheus metrics, the workflow action use case,
// which portals are connected, and the scheduler's cluster lock. main.ts mounts the routes.
import { Worker } from 'node:worker_threads';
import { createHubSpotActionCallbacks } from '../adapters/crm/hubspot/inbound/hubspot.action-callbacks.ts';
import { isMetricMessage, replayMetric } from '../adapters/metrics/forwarded.metrics.ts';
import { createPrometheusMetrics, lastFullRunsFrom, type ApiUsage, type PrometheusMetrics } from '../adapters/metrics/prometheus.metrics.ts';
import { createClusterLock, createWorkQueue } from '../adapters/queue/create-queue.ts';
import type { ClusterJobLock } from '../adapters/queue/pg-advisory.lock.ts';
import { serveQueue } from '../adapters/queue/queue-over-port.ts';
import type { WorkQueue } from '../app/ports/queue.port.ts';
import type { TenantId } from '../app/ports/store.port.ts';
import { createRecomputeWorker } from '../app/recompute-worker.ts';
import { refreshCompany } from '../app/refresh-companies.ts';
import { createWorkflowActions, type WorkflowActions } from '../app/workflow-action.ts';
import type { WorkerThreadData } from './recompute-worker.thread.ts';
import type { Runtime, Surroundings } from './runtime.ts';
import { apiUsageOf, tenantCrm } from './webhook-crm.ts';

export interface WebhookProcessingOptions {
  runtime: Runtime;
  /** The process's environment and directory: the worker thread opens its own runtime from them. */
  io: Surroundings;
  configPath?: string;
  /** The worker in a thread of its own (default when a CRM is connected), or on the main thread. */
  workerThread?: boolean;
  workerIntervalMs?: number;
  /** How long a workflow action may take before it answers BLOCK. */
  actionBudgetMs?: number;
}

export interface WebhookProcessing {
  queue: WorkQueue;
  metrics: PrometheusMetrics;
  actions: WorkflowActions;
  /** For startScheduler({ lock }): set with PostgreSQL, where several instances share the schedule. */
  lock: ClusterJobLock | undefined;
  isConnected(tenant: TenantId): Promise<boolean>;
  /** The queue answers (for GET /ready). */
  ready(): Promise<boolean>;
  stop(): Promise<void>;
}

const TENANTS_TTL_MS = 10_000;

export async function startWebhookProcessing(options: WebhookProcessingOptions): Promise<WebhookProcessing> {
  const { runtime } = options;
  const { log, env } = runtime;
  const queue = await createWorkQueue({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.KLANTWAARDE_DATA_DIR,
    log,
    leaseMs: runtime.config.queue.leaseSeconds * 1000,
    heartbeatSeconds: runtime.config.queue.heartbeatSeconds,
    ...(env.KLANTWAARDE_INSTANCE_ID ? { instanceId: env.KLANTWAARDE_INSTANCE_ID } : {}),
  });
  const cluster = await createClusterLock({ databaseUrl: env.DATABASE_URL, log });

  const threadUsage = new Map<TenantId, ApiUsage>();
  const metrics = createPrometheusMetrics({
    queue,
    lastFullRuns: lastFullRunsFrom(runtime.store, () => runtime.tenants()),
    apiUsage: async () => {
      const total = new Map<TenantId, ApiUsage>();
      const added = (a: Record<string, number> = {}, b: Record<string, number> = {}) => {
        const sum = { ...a };
        for (const [key, n] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + n;
        return sum;
      };
      for (const u of [...(await apiUsageOf(runtime)), ...threadUsage.values()]) {
        const sum = total.get(u.tenant) ?? { tenant: u.tenant, calls: 0, rateLimited: 0, refusedWrites: {}, tasks: {} };
        total.set(u.tenant, { tenant: u.tenant, calls: sum.calls + u.calls, rateLimited: sum.rateLimited + u.rateLimited, refusedWrites: added(sum.refusedWrites, u.refusedWrites), tasks: added(sum.tasks, u.tasks) });
      }
      return total.values();
    },
  });

  const actions = createWorkflowActions({
    recalculate: (tenant, companyId) => refreshCompany(runtime.recompute, tenant, tenantCrm(runtime, tenant), companyId),
    callbacks: createHubSpotActionCallbacks({ clientFor: (tenant) => runtime.crm.hubspotClient(tenant) }),
    ...(options.actionBudgetMs ? { budgetMs: options.actionBudgetMs } : {}),
    now: Date.now,
    log,
    metrics,
  });

  // Tenants come from the store with OAuth: asked again after a while, or at once for a stranger.
  let known = { at: 0, tenants: new Set<TenantId>() };
  const isConnected = async (tenant: TenantId) => {
    if (known.tenants.has(tenant) && Date.now() - known.at < TENANTS_TTL_MS) return true;
    if (Date.now() - known.at > 1_000) known = { at: Date.now(), tenants: new Set(await runtime.tenants()) };
    return known.tenants.has(tenant);
  };

  const inThread = options.workerThread ?? runtime.mode !== 'local';
  const stopWorker = inThread ? await startWorkerThread(options, queue, metrics, threadUsage) : startWorkerHere(options, queue, metrics);

  return {
    queue,
    metrics,
    actions,
    lock: cluster.lock,
    isConnected,
    ready: () => queue.stats().then(() => true, () => false),
    async stop() {
      await stopWorker();
      await actions.drain();
      await queue.close();
      await cluster.close();
    },
  };
}

function startWorkerHere(options: WebhookProcessingOptions, queue: WorkQueue, metrics: PrometheusMetrics): () => Promise<void> {
  const { runtime } = options;
  const worker = createRecomputeWorker(
    { queue, recompute: runtime.recompute, crmFor: (tenant) => tenantCrm(runtime, tenant), metrics },
    { ...(options.workerIntervalMs ? { intervalMs: options.workerIntervalMs } : {}) },
  );
  worker.start();
  return () => worker.stop();
}

async function startWorkerThread(options: WebhookProcessingOptions, queue: WorkQueue, metrics: PrometheusMetrics, usage: Map<TenantId, ApiUsage>): Promise<() => Promise<void>> {
  const { log } = options.runtime;
  const data: WorkerThreadData = { io: { env: options.io.env, cwd: options.io.cwd }, ...(options.configPath ? { configPath: options.configPath } : {}), ...(options.workerIntervalMs ? { intervalMs: options.workerIntervalMs } : {}) };
  const thread = new Worker(new URL('./recompute-worker.thread.ts', import.meta.url), { workerData: data });
  serveQueue(queue, thread);
  let stopped: (() => void) | null = null;
  thread.on('message', (message: unknown) => {
    if (isMetricMessage(message)) replayMetric(metrics, message);
    const m = message as { type?: string; usage?: ApiUsage[] };
    if (m.type === 'api-usage') for (const u of m.usage ?? []) usage.set(u.tenant, u);
    if (m.type === 'stopped') stopped?.();
  });
  thread.on('error', (err) => log.error({ err }, 'the webhook worker thread failed; queued work waits for a restart'));
  await new Promise<void>((resolve, reject) => {
    const onReady = (message: { type?: string }) => {
      if (message.type !== 'ready') return;
      thread.off('message', onReady);
      thread.off('error', reject);
      resolve();
    };
    thread.on('message', onReady);
    thread.once('error', reject);
  });
  return async () => {
    const done = new Promise<void>((resolve) => (stopped = resolve));
    thread.postMessage({ type: 'stop' });
    // A round in progress finishes; a stuck one is cut off (its lease expires and it runs again).
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
    await thread.terminate();
  };
}
