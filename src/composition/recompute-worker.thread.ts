// The debounced webhook worker in a thread of its own: it opens its own runtime (store, CRM
// connections), so its synchronous work (the embedded store, the engine) never holds up a
// request on the main thread. The queue stays the main thread's (reached over the port);
// metrics and API use are reported to it.
import { parentPort, workerData } from 'node:worker_threads';
import { forwardMetrics } from '../adapters/metrics/forwarded.metrics.ts';
import { queueOverPort } from '../adapters/queue/queue-over-port.ts';
import { createRecomputeWorker } from '../app/recompute-worker.ts';
import { openRuntime, type Surroundings } from './runtime.ts';
import { apiUsageOf, tenantCrm } from './webhook-crm.ts';

export interface WorkerThreadData {
  configPath?: string;
  io: Surroundings;
  intervalMs?: number;
}

const data = workerData as WorkerThreadData;
const port = parentPort!;
const runtime = await openRuntime({ ...(data.configPath ? { configPath: data.configPath } : {}), io: data.io, logDestination: 1 });
const queue = queueOverPort(port);
const worker = createRecomputeWorker(
  { queue, recompute: runtime.recompute, crmFor: (tenant) => tenantCrm(runtime, tenant), metrics: forwardMetrics((m) => port.postMessage(m)) },
  { ...(data.intervalMs ? { intervalMs: data.intervalMs } : {}) },
);
worker.start();
const usage = setInterval(() => void apiUsageOf(runtime).then((u) => port.postMessage({ type: 'api-usage', usage: u })), 5_000);
usage.unref();

port.on('message', (message: { type?: string }) => {
  if (message.type !== 'stop') return;
  clearInterval(usage);
  void (async () => {
    await worker.stop();
    await runtime.close();
    port.postMessage({ type: 'stopped' });
  })();
});
port.postMessage({ type: 'ready' });
