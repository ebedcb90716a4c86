// The sample generator's deals for one company: won, lost and open over the last three
// years, sized so the company's yearly spend lands in the trailing twelve months.
import type { Deal } from '../../domain/records.ts';
import type { Random } from './prng.ts';
import { CHAIRMAN_SPEND, DEMANDS, KIND_FORMER, KIND_PROSPECT, TRAIT_CHAIRMAN, TRAIT_DEMANDING, type CompanyProfiles, type Demand } from './company-profiles.ts';
import { awayFromYearEnds, DAY } from './sample-days.ts';

const HISTORY_DAYS = 3 * 365;
/** Former customers last bought more than a year ago (with a margin for month lengths). */
const FORMER_MIN_DAYS = 375;
const PIPELINES = ['default', 'default', 'default', 'projects', 'service_contracts'] as const;

export interface DealCursor {
  next: number;
  deals: Deal[];
}

function dealId(n: number): string {
  return `d-${String(n).padStart(7, '0')}`;
}

function cents(x: number): number {
  return Math.round(x * 100) / 100;
}

export function generateDeals(p: CompanyProfiles, i: number, count: number, asOfDay: number, random: Random, out: DealCursor): void {
  const kind = p.kind[i];
  const companyId = p.ids[i]!;
  if (p.traits[i]! & TRAIT_CHAIRMAN) {
    // The association's advertisement at cost price: his own account earns no margin at all.
    out.deals.push({ id: dealId(out.next++), companyId, amount: CHAIRMAN_SPEND, closeDate: asOfDay - random.int(20, 200) * DAY, status: 'won', pipeline: 'default', cost: CHAIRMAN_SPEND, orderCount: 1 });
    return;
  }
  const demand = p.traits[i]! & TRAIT_DEMANDING ? DEMANDS[p.demand[i]!]! : null;
  // The first deal is always won in the window, the others fall a third of the time in it.
  const wonInWindow = 1 + (0.65 * (count - 1)) / 3;
  const typical = p.spend[i]! / wonInWindow;
  const margin = typicalMargin(p.spend[i]!);
  for (let k = 0; k < count; k++) {
    const amount = cents(typical * random.lognormal(0, 0.35));
    let status: Deal['status'];
    let closeDate: number;
    if (kind === KIND_PROSPECT) {
      status = 'open';
      closeDate = asOfDay + random.int(-30, 150) * DAY;
    } else if (kind === KIND_FORMER) {
      status = k === 0 || random.chance(0.7) ? 'won' : 'lost';
      closeDate = asOfDay - awayFromYearEnds(random.int(FORMER_MIN_DAYS, HISTORY_DAYS)) * DAY;
    } else if (k === 0) {
      status = 'won';
      closeDate = asOfDay - random.int(0, 350) * DAY;
    } else {
      const r = random.next();
      status = r < 0.65 ? 'won' : r < 0.85 ? 'lost' : 'open';
      closeDate = status === 'open' ? asOfDay + random.int(7, 150) * DAY : asOfDay - awayFromYearEnds(random.int(0, HISTORY_DAYS)) * DAY;
    }
    const deal: Deal = { id: dealId(out.next++), companyId, amount, closeDate, status };
    if (random.chance(0.8)) deal.pipeline = random.pick(PIPELINES);
    if (status !== 'open') addEconomics(deal, margin, demand, random);
    out.deals.push(deal);
  }
}

/** Big accounts negotiate their prices down: 30% margin up to a €40k spend, less above it, at least 8%. */
function typicalMargin(spend: number): number {
  return Math.max(0.08, 0.3 - 0.09 * Math.log(Math.max(1, spend / 40_000)));
}

/** Cost or margin when the CRM knows it (about the company's typical margin), discounts, and how many orders the deal took. */
function addEconomics(deal: Deal, margin: number, demand: Demand | null, random: Random): void {
  const r = random.next();
  if (r < 0.35) deal.cost = cents(deal.amount * (1 - margin * random.between(0.75, 1.25)));
  else if (r < 0.9) deal.marginPct = Math.round(margin * random.between(0.75, 1.25) * 100) / 100;
  if (deal.status !== 'won') return;
  if (demand === 'discounts') deal.discount = cents(deal.amount * random.between(0.12, 0.25));
  else if (random.chance(demand ? 0.3 : 0.15)) deal.discount = cents(deal.amount * random.between(0.02, 0.08));
  // Drops below the €250 minimum order value; everyone else orders in sizeable lots.
  if (demand === 'drops') deal.orderCount = Math.max(2, Math.round(deal.amount / random.between(80, 240)));
  else if (demand || random.chance(0.5)) deal.orderCount = Math.min(24, Math.max(1, Math.round(deal.amount / random.between(1500, 6000))));
}
