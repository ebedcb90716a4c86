// Starts the simulator in a worker thread (see simulator.worker.ts) and talks to it.
import { Worker } from 'node:worker_threads';
import type { RoleMapping } from '../../../src/adapters/crm/hubspot/read/hubspot.mapper.ts';
import type { Counters, LimitOptions } from './limits.ts';
import type { SimulatedObjectType } from './state.ts';
import type { WorkerOptions } from './simulator.worker.ts';

export interface SimulatorThread {
  url: string;
  roles: RoleMapping;
  counts: Record<SimulatedObjectType, number>;
  counters(): Promise<Counters>;
  resetCounters(): Promise<void>;
  setLimits(limits: Partial<LimitOptions>): Promise<void>;
  close(): Promise<void>;
}

export async function startSimulatorThread(options: WorkerOptions): Promise<SimulatorThread> {
  const worker = new Worker(new URL('./simulator.worker.ts', import.meta.url), { workerData: options });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string } & T) => {
        if (message.type !== type) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve(message);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const ready = await next<{ url: string; roles: RoleMapping; counts: Record<SimulatedObjectType, number> }>('ready');
  return {
    url: ready.url,
    roles: ready.roles,
    counts: ready.counts,
    async counters() {
      const answer = next<{ counters: Counters }>('counters');
      worker.postMessage({ type: 'counters' });
      return (await answer).counters;
    },
    async resetCounters() {
      const answer = next('reset');
      worker.postMessage({ type: 'reset' });
      await answer;
    },
    async setLimits(limits) {
      const answer = next('limits');
      worker.postMessage({ type: 'limits', limits });
      await answer;
    },
    async close() {
      const answer = next('closed');
      worker.postMessage({ type: 'close' });
      await answer;
      await worker.terminate();
    },
  };
}
