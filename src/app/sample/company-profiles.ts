// The first pass of the sample generator: who each company is (customer, former customer,
// prospect, suspect), how much it spends, which special role it plays (chairman, member,
// parent, demanding small customer) and how many deals and activities it should get.
import type { Relation } from '../../domain/records.ts';
import type { Random } from './prng.ts';

export const KIND_CUSTOMER = 0;
export const KIND_FORMER = 1;
export const KIND_PROSPECT = 2;
export const KIND_SUSPECT = 3;

export const TRAIT_DEMANDING = 1; // small, loss-making: many visits and tickets, deep discounts
export const TRAIT_OVER_SERVED = 2; // small customer of the rep who visits everyone
export const TRAIT_CHAIRMAN = 4;
export const TRAIT_MEMBER = 8;
export const TRAIT_REFERENCE = 16;
export const TRAIT_CODEVELOPMENT = 32;

export const OWNERS = 8;
/** The rep with the habit of visiting small customers as often as large ones. */
export const OVER_SERVING_OWNER = 3;
/** Yearly spend below which a customer ends up in C with the default model. */
export const SMALL_SPEND = 15_000;
export const CHAIRMAN_SPEND = 1_000;

const MEDIAN_SPEND = 20_000;
const SPEND_SIGMA = 1.7; // lognormal spread: the top fifth of customers bring ~80% of revenue

export interface CompanyProfiles {
  count: number;
  ids: string[];
  kind: Uint8Array;
  /** Yearly spend for (former) customers; the size of the open deals for prospects. */
  spend: Float64Array;
  traits: Uint8Array;
  /** 1..OWNERS, 0 = no owner. */
  owner: Uint8Array;
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
    if (small && random.chance(0.2)) p.traits[i]! |= TRAIT_DEMANDING;
    if (small && p.owner[i] === OVER_SERVING_OWNER) p.traits[i]! |= TRAIT_OVER_SERVED;
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
        p.dealWeight[i] = traits & TRAIT_CHAIRMAN ? 0 : 0.5 + dealSize;
        p.activityWeight[i] = traits & TRAIT_CHAIRMAN ? 0 : attention * (traits & TRAIT_DEMANDING ? 5 : 1) * (traits & TRAIT_OVER_SERVED ? 4 : 1);
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
