// The HubSpot simulator for the webhook bench, in a thread of its own so its work never delays
// the load generator's clock; seeded with plainPortfolio, changed and read through messages.
import { parentPort, workerData } from 'node:worker_threads';
import { seedPortfolio, startHubSpotSimulator, type LimitOptions } from '../support/hubspot-simulator/index.ts';
import { plainPortfolio } from './hubspot-rig.ts';

export type SimulatorHostRequest =
  | { type: 'set-deal-amount'; dealId: string; amount: number }
  | { type: 'add-to-deal'; id: number; dealId: string; delta: number }
  | { type: 'company'; id: number; companyId: string }
  | { type: 'counters'; id: number }
  | { type: 'reset'; id: number }
  | { type: 'close'; id: number };

const { companies, limits } = workerData as { companies: number; limits: LimitOptions };
const simulator = await startHubSpotSimulator({ limits });
const { roles } = seedPortfolio(simulator.portal, plainPortfolio(companies));
const deals = simulator.portal.table('deals');
const port = parentPort!;
port.postMessage({ type: 'ready', url: simulator.url, hubId: simulator.portal.hubId, roles });

port.on('message', (message: SimulatorHostRequest) => {
  switch (message.type) {
    case 'set-deal-amount':
      deals.write(deals.live(message.dealId)!, { amount: String(message.amount) }, simulator.portal.now());
      return;
    case 'add-to-deal': {
      const deal = deals.live(message.dealId)!;
      deals.write(deal, { amount: String(Number(deal.properties.amount) + message.delta) }, simulator.portal.now());
      return port.postMessage({ type: 'reply', id: message.id, value: Number(deal.properties.amount) });
    }
    case 'company':
      return port.postMessage({ type: 'reply', id: message.id, value: simulator.portal.table('companies').live(message.companyId)?.properties ?? null });
    case 'counters':
      return port.postMessage({ type: 'reply', id: message.id, value: simulator.counters.byRoute });
    case 'reset':
      simulator.resetCounters();
      return port.postMessage({ type: 'reply', id: message.id, value: null });
    case 'close':
      void simulator.close().then(() => port.postMessage({ type: 'reply', id: message.id, value: null }));
      return;
  }
});
