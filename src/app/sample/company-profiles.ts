// The first pass of the sample generator: who each company is (customer, former customer,
// prospect, suspect), how much it spends, which special role it plays (chairman, member,
// parent, demanding small customer), which contact schedule its rep keeps and how many
// deals and activities it should get.
import type { Relation } from '../../domain/records.ts';
import type { Random } from './prng.ts';

export const KIND_CUSTOMER = 0;
export const KIND_FORMER = 1;
export const KIND_PROSPECT = 2;
export const KIND_SUSPECT = 3;

export const TRAIT_DEMANDING = 1; // small, loss-making: see DEMANDS for how
export const TRAIT_OVER_SERVED = 2; // small customer of the rep who visits everyone
export const TRAIT_CHAIRMAN = 4;
export const TRAIT_MEMBER = 8;
export const TRAIT_REFERENCE = 16;
export const TRAIT_CODEVELOPMENT = 32;

/**
 * How a demanding small customer loses money (seed 004): many drops below the minimum order
 * value, deep discounts, or a stream of support tickets. (Visits are a rep's habit: see
 * OVER_SERVING_OWNER.)
 */
export const DEMANDS = ['drops', 'discounts', 'tickets'] as const;
export type Demand = (typeof DEMANDS)[number];

export const OWNERS = 8;
/** The rep with the habit of visiting small customers as often as large ones. */
export const OVER_SERVING_OWNER = 3;
/** The rep who lets the process reviews of their key accounts slide. */
export const SLIPPING_OWNER = 5;
/** Contact schedules kept, by customers ranked on spend: the top 35% as A, the next quarter as B, the rest as C. */
const SCHEDULE_SHARES = { A: 0.35, B: 0.25 };
/** Yearly spend below which a customer ends up in C with the default model. */
export const SMALL_SPEND = 15_000;
export const CHAIRMAN_SPEND = 1_000;

const MEDIAN_SPEND = 20_000;
const SPEND_SIGMA = 1.7; // lognormal spread: the top fifth of customers bring ~80% of revenue
/** Share of the small customers that cost more than they bring: the whale curve's tail (seed 004). */
const DEMANDING_SHARE = 0.45;
/** A demanding customer's activity weight: this × (0.2 + its spend / the median spend), a big customer's attention for a small one. */
const DEMANDING_ATTENTION = 56;
/** Drops come as many small deals. */
const DROPS_DEALS = 4;
/** The over-serving rep's small customers' activity weight, in the same way: Friday-afternoon visits (seed 004). */
const OVER_SERVED_ATTENTION = 24;

export interface CompanyProfiles {
  count: number;
  ids: string[];
  kind: Uint8Array;
  /** Yearly spend for (former) customers; the size of the open deals for prospects. */
  spend: Float64Array;
  traits: Uint8Array;
  /** 1..OWNERS, 0 = no owner. */
  owner: Uint8Array;
  /** Index into DEMANDS for demanding customers. */
  demand: Uint8Array;
  /** The contact schedule the rep keeps: the segment's whose touchpoints get logged; null for non-customers. */
  schedule: ('A' | 'B' | 'C' | null)[];
  /** Index of the parent company, -1 when none. */
  parent: Int32Array;
  dealWeight: Float64Array;
  activityWeight: Float64Array;
  relations: Relation[];
}

export function companyId(index: number): string {
  return `c-${String(index + 1).padStart(6, '0')}`;
}

export function drawProfiles(count: number, random: Random): CompanyProfiles {
  const p: CompanyProfiles = {
    count,
    ids: Array.from({ length: count }, (_, i) => companyId(i)),
    kind: new Uint8Array(count),
    spend: new Float64Array(count),
    traits: new Uint8Array(count),
    owner: new Uint8Array(count),
    demand: new Uint8Array(count),
    schedule: new Array(count).fill(null),
    parent: new Int32Array(count).fill(-1),
    dealWeight: new Float64Array(count),
    activityWeight: new Float64Array(count),
    relations: [],
  };
  for (let i = 0; i < count; i++) {
    const r = random.next();
    p.kind[i] = r < 0.62 ? KIND_CUSTOMER : r < 0.72 ? KIND_FORMER : r < 0.84 ? KIND_PROSPECT : KIND_SUSPECT;
    p.spend[i] = Math.min(5e7, random.lognormal(Math.log(MEDIAN_SPEND), SPEND_SIGMA));
    p.owner[i] = p.kind[i] === KIND_SUSPECT && random.chance(0.3) ? 0 : random.int(1, OWNERS);
  }
  const claimed = new Uint8Array(count);
  assignAssociations(p, claimed, random);
  assignParentGroups(p, claimed, random);
  assignTraits(p, random);
  assignReferrals(p, random);
  assignSchedules(p);
  assignWeights(p);
  return p;
}

/** An unclaimed company chosen at random, or -1 when (nearly) all are taken. */
function claim(claimed: Uint8Array, random: Random): number {
  for (let tries = 0; tries < 50; tries++) {
    const i = random.int(0, claimed.length - 1);
    if (!claimed[i]) {
      claimed[i] = 1;
      return i;
    }
  }
  return -1;
}

/** Retailers' associations: a chairman who buys little and ~20 members who buy a lot (seed 000). */
function assignAssociations(p: CompanyProfiles, claimed: Uint8Array, random: Random): void {
  if (p.count < 10) return;
  const associations = Math.max(1, Math.round(p.count / 10_000));
  const membersTypical = Math.min(20, Math.floor(p.count / 6));
  for (let a = 0; a < associations; a++) {
    const members = Math.max(1, membersTypical + random.int(-2, 2));
    const chairman = claim(claimed, random);
    if (chairman < 0) return;
    p.kind[chairman] = KIND_CUSTOMER;
    p.spend[chairman] = CHAIRMAN_SPEND;
    p.traits[chairman]! |= TRAIT_CHAIRMAN;
    for (let m = 0; m < members; m++) {
      const member = claim(claimed, random);
      if (member < 0) return;
      p.kind[member] = KIND_CUSTOMER;
      p.spend[member] = Math.exp(random.between(Math.log(80_000), Math.log(600_000)));
      p.traits[member]! |= TRAIT_MEMBER;
      p.relations.push({ fromCompanyId: p.ids[chairman]!, toCompanyId: p.ids[member]!, kind: 'influence' });
    }
  }
}

/** Holdings with two to five subsidiaries, each a company of its own in the CRM. */
function assignParentGroups(p: CompanyProfiles, claimed: Uint8Array, random: Random): void {
  const groups = Math.round(p.count * 0.012);
  for (let g = 0; g < groups; g++) {
    const parent = claim(claimed, random);
    if (parent < 0) return;
    p.kind[parent] = KIND_CUSTOMER;
    for (let c = random.int(2, 5); c > 0; c--) {
      const child = claim(claimed, random);
      if (child < 0) return;
      p.parent[child] = parent;
      p.owner[child] = p.owner[parent]!;
      p.relations.push({ fromCompanyId: p.ids[parent]!, toCompanyId: p.ids[child]!, kind: 'parent' });
    }
  }
}

function assignTraits(p: CompanyProfiles, random: Random): void {
  for (let i = 0; i < p.count; i++) {
    if (p.kind[i] !== KIND_CUSTOMER || p.traits[i]! & TRAIT_CHAIRMAN) continue;
    const spend = p.spend[i]!;
    const small = spend < SMALL_SPEND && !(p.traits[i]! & TRAIT_MEMBER);
    // The over-serving rep's small customers cost what the rep's habit costs, not what they demand.
    if (small && p.owner[i] === OVER_SERVING_OWNER) p.traits[i]! |= TRAIT_OVER_SERVED;
    else if (small && random.chance(DEMANDING_SHARE)) {
      p.traits[i]! |= TRAIT_DEMANDING;
      p.demand[i] = random.int(0, DEMANDS.length - 1);
    }
    if (random.chance(spend > MEDIAN_SPEND ? 0.08 : 0.01)) p.traits[i]! |= TRAIT_REFERENCE;
    if (random.chance(spend > 3 * MEDIAN_SPEND ? 0.06 : 0.005)) p.traits[i]! |= TRAIT_CODEVELOPMENT;
  }
}

/** A handful of customers who brought in another customer. */
function assignReferrals(p: CompanyProfiles, random: Random): void {
  if (p.count < 10) return;
  const wanted = Math.max(5, Math.round(p.count * 0.004));
  const seen = new Set<string>();
  for (let tries = 0; seen.size < wanted && tries < wanted * 20; tries++) {
    const from = random.int(0, p.count - 1);
    const to = random.int(0, p.count - 1);
    if (from === to || p.kind[from] !== KIND_CUSTOMER || p.kind[to] !== KIND_CUSTOMER) continue;
    const key = `${from}>${to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    p.relations.push({ fromCompanyId: p.ids[from]!, toCompanyId: p.ids[to]!, kind: 'referral' });
  }
}

/**
 * The contact schedule each customer's rep keeps (seed 003's contactschema): the biggest
 * spenders get A's touchpoints, the next B's, the rest C's, demanding customers C's. The
 * chairman gets A's: his network value makes him a key account (seed 000).
 */
function assignSchedules(p: CompanyProfiles): void {
  const customers: number[] = [];
  for (let i = 0; i < p.count; i++) if (p.kind[i] === KIND_CUSTOMER && !(p.traits[i]! & (TRAIT_DEMANDING | TRAIT_CHAIRMAN))) customers.push(i);
  customers.sort((a, b) => p.spend[b]! - p.spend[a]! || a - b);
  const a = Math.round(customers.length * SCHEDULE_SHARES.A);
  const b = a + Math.round(customers.length * SCHEDULE_SHARES.B);
  customers.forEach((i, rank) => (p.schedule[i] = rank < a ? 'A' : rank < b ? 'B' : 'C'));
  for (let i = 0; i < p.count; i++) {
    if (p.traits[i]! & TRAIT_CHAIRMAN) p.schedule[i] = 'A';
    else if (p.traits[i]! & TRAIT_DEMANDING) p.schedule[i] = 'C';
  }
}

/**
 * Relative numbers of deals and activities; the generator scales them to the requested
 * averages. Attention grows faster with size than deals do: small customers normally get
 * a call now and then, large ones monthly visits.
 */
function assignWeights(p: CompanyProfiles): void {
  for (let i = 0; i < p.count; i++) {
    const relative = p.spend[i]! / MEDIAN_SPEND;
    const dealSize = Math.min(8, Math.max(0.3, relative ** 0.35));
    const attention = Math.min(20, Math.max(0.05, relative ** 0.8));
    const traits = p.traits[i]!;
    switch (p.kind[i]) {
      case KIND_CUSTOMER:
        // The chairman's one deal and his schedule are his own (see the generator).
        p.dealWeight[i] = traits & TRAIT_CHAIRMAN ? 0 : (0.5 + dealSize) * (traits & TRAIT_DEMANDING && DEMANDS[p.demand[i]!] === 'drops' ? DROPS_DEALS : 1);
        p.activityWeight[i] = traits & TRAIT_CHAIRMAN ? 0 : traits & TRAIT_DEMANDING ? DEMANDING_ATTENTION * (0.2 + relative) : traits & TRAIT_OVER_SERVED ? OVER_SERVED_ATTENTION * (0.2 + relative) : attention;
        break;
      case KIND_FORMER:
        p.dealWeight[i] = 0.6 * (0.5 + dealSize);
        p.activityWeight[i] = 0.3;
        break;
      case KIND_PROSPECT:
        p.dealWeight[i] = 0.25;
        p.activityWeight[i] = 0.4;
        break;
      default:
        p.dealWeight[i] = 0;
        p.activityWeight[i] = 0.1;
    }
  }
}
