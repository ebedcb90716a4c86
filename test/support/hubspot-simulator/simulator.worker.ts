// The simulator in its own thread, seeded with a generated portfolio: the bench's client then
// does not share an event loop with the "server", so arrival times are not skewed by its work.
import { parentPort, workerData } from 'node:worker_threads';
import { generatePortfolio, type GeneratePortfolioOptions } from '../../../src/app/sample/generate-portfolio.ts';
import type { LimitOptions } from './limits.ts';
import { seedPortfolio } from './seed.ts';
import { startHubSpotSimulator } from './simulator.ts';
import { OBJECT_TYPES } from './state.ts';

export interface WorkerOptions {
  portfolio: GeneratePortfolioOptions;
  limits: LimitOptions;
  latencyMs: number;
}

const options = workerData as WorkerOptions;
const simulator = await startHubSpotSimulator({ limits: options.limits, latencyMs: options.latencyMs });
const { roles } = seedPortfolio(simulator.portal, generatePortfolio(options.portfolio));
const counts = Object.fromEntries(OBJECT_TYPES.map((t) => [t, simulator.portal.table(t).records.size]));
parentPort!.postMessage({ type: 'ready', url: simulator.url, roles, counts });
parentPort!.on('message', (message: { type: 'counters' | 'reset' | 'close' | 'limits'; limits?: Partial<LimitOptions> }) => {
  if (message.type === 'limits') {
    simulator.limits.configure(message.limits ?? {});
    parentPort!.postMessage({ type: 'limits' });
  }
  if (message.type === 'counters') parentPort!.postMessage({ type: 'counters', counters: simulator.counters });
  if (message.type === 'reset') {
    simulator.resetCounters();
    parentPort!.postMessage({ type: 'reset' });
  }
  if (message.type === 'close') void simulator.close().then(() => parentPort!.postMessage({ type: 'closed' }));
});
