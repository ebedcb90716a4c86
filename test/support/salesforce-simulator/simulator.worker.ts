// The simulator in its own thread, seeded with a generated portfolio: the bench's client then
// does not share an event loop with the "org", so its timings are not skewed by our work.
import { parentPort, workerData } from 'node:worker_threads';
import { generatePortfolio, type GeneratePortfolioOptions } from '../../../src/app/sample/generate-portfolio.ts';
import type { BulkOptions } from './routes-bulk.ts';
import { seedPortfolio } from './seed.ts';
import { startSalesforceSimulator } from './simulator.ts';

export interface WorkerOptions {
  portfolio: GeneratePortfolioOptions;
  bulk: Partial<BulkOptions>;
  latencyMs: number;
  dailyLimit: number;
}

const options = workerData as WorkerOptions;
const simulator = await startSalesforceSimulator({ bulk: options.bulk, latencyMs: options.latencyMs, dailyLimit: options.dailyLimit });
const { roles } = seedPortfolio(simulator.org, generatePortfolio(options.portfolio));
const counts = Object.fromEntries([...simulator.org.tables].map(([name, table]) => [name, table.size]));
parentPort!.postMessage({ type: 'ready', url: simulator.url, roles, counts });
parentPort!.on('message', (message: { type: 'counters' | 'reset' | 'close' | 'usage' }) => {
  if (message.type === 'counters') parentPort!.postMessage({ type: 'counters', counters: simulator.counters });
  if (message.type === 'usage') parentPort!.postMessage({ type: 'usage', used: simulator.allowance.used, limit: simulator.allowance.limit });
  if (message.type === 'reset') {
    simulator.resetCounters();
    parentPort!.postMessage({ type: 'reset' });
  }
  if (message.type === 'close') void simulator.close().then(() => parentPort!.postMessage({ type: 'closed' }));
});
