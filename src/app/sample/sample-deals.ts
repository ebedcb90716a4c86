// The sample generator's deals for one company: won, lost and open over the last three
// years, sized so the company's yearly spend lands in the trailing twelve months.
import type { Deal } from '../../domain/records.ts';
import type { Random } from './prng.ts';
import { CHAIRMAN_SPEND, KIND_FORMER, KIND_PROSPECT, TRAIT_CHAIRMAN, TRAIT_DEMANDING, type CompanyProfiles } from './company-profiles.ts';

export const DAY = 86_400_000;
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
    out.deals.push({ id: dealId(out.next++), companyId, amount: CHAIRMAN_SPEND, closeDate: asOfDay - random.int(20, 200) * DAY, status: 'won', pipeline: 'default', orderCount: 1 });
    return;
  }
  const demanding = (p.traits[i]! & TRAIT_DEMANDING) !== 0;
  // The first deal is always won in the window, the others fall a third of the time in it.
  const wonInWindow = 1 + (0.65 * (count - 1)) / 3;
  const typical = p.spend[i]! / wonInWindow;
  for (let k = 0; k < count; k++) {
    const amount = cents(typical * random.lognormal(0, 0.35));
    let status: Deal['status'];
    let closeDate: number;
    if (kind === KIND_PROSPECT) {
      status = 'open';
      closeDate = asOfDay + random.int(-30, 150) * DAY;
    } else if (kind === KIND_FORMER) {
      status = k === 0 || random.chance(0.7) ? 'won' : 'lost';
      closeDate = asOfDay - random.int(FORMER_MIN_DAYS, HISTORY_DAYS) * DAY;
    } else if (k === 0) {
      status = 'won';
      closeDate = asOfDay - random.int(0, 350) * DAY;
    } else {
      const r = random.next();
      status = r < 0.65 ? 'won' : r < 0.85 ? 'lost' : 'open';
      closeDate = status === 'open' ? asOfDay + random.int(7, 150) * DAY : asOfDay - random.int(0, HISTORY_DAYS) * DAY;
    }
    const deal: Deal = { id: dealId(out.next++), companyId, amount, closeDate, status };
    if (random.chance(0.8)) deal.pipeline = random.pick(PIPELINES);
    if (status !== 'open') addEconomics(deal, demanding, random);
    out.deals.push(deal);
  }
}

/** Cost or margin when the CRM knows it, discounts, and how many orders the deal took. */
function addEconomics(deal: Deal, demanding: boolean, random: Random): void {
  const r = random.next();
  if (r < 0.3) deal.cost = cents(deal.amount * (1 - random.between(0.12, 0.5)));
  else if (r < 0.5) deal.marginPct = Math.round(random.between(0.1, 0.5) * 100) / 100;
  if (deal.status !== 'won') return;
  if (demanding ? random.chance(0.6) : random.chance(0.15)) {
    deal.discount = cents(deal.amount * (demanding ? random.between(0.08, 0.25) : random.between(0.02, 0.1)));
  }
  // Demanding customers order in many small drops (below the €250 minimum order value).
  if (demanding) deal.orderCount = Math.max(2, Math.round(deal.amount / random.between(80, 240)));
  else if (random.chance(0.5)) deal.orderCount = Math.min(24, Math.max(1, Math.round(deal.amount / random.between(1500, 6000))));
}
