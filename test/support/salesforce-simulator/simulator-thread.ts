// Starts the simulator in a worker thread (see simulator.worker.ts) and talks to it.
import { Worker } from 'node:worker_threads';
import type { RoleMapping } from '../../../src/adapters/crm/salesforce/read/salesforce.mapper.ts';
import type { Counters } from './limits.ts';
import type { WorkerOptions } from './simulator.worker.ts';

export interface SimulatorThread {
  url: string;
  roles: RoleMapping;
  /** Records per sObject, deleted ones included (none in a fresh seed). */
  counts: Record<string, number>;
  counters(): Promise<Counters>;
  resetCounters(): Promise<void>;
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
  const ready = await next<{ url: string; roles: RoleMapping; counts: Record<string, number> }>('ready');
  const ask = async <T>(type: string): Promise<T> => {
    const answer = next<T>(type);
    worker.postMessage({ type });
    return answer;
  };
  return {
    url: ready.url,
    roles: ready.roles,
    counts: ready.counts,
    counters: async () => (await ask<{ counters: Counters }>('counters')).counters,
    resetCounters: async () => {
      await ask('reset');
    },
    async close() {
      const closed = next('closed');
      worker.postMessage({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
}
