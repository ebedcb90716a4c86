// A deterministic synthetic B2B portfolio for the sample portal, tests and benchmarks:
// Pareto-shaped revenue, a loss-making tail, holdings, a retailers' association,
// referrals, prospects, suspects and former customers. Pure: the same options give the
// same portfolio.
import type { Activity, Company, Deal, Instant, Override, Portfolio, Segment } from '../../domain/records.ts';
import { createRandom, roundStochastic, type Random } from './prng.ts';
import { drawProfiles, KIND_CUSTOMER, KIND_FORMER, KIND_PROSPECT, TRAIT_CHAIRMAN, type CompanyProfiles } from './company-profiles.ts';
import { buildCompany, CITIES_FOR_BRANCHES, companyName } from './sample-companies.ts';
import { DAY, generateDeals } from './sample-deals.ts';
import { generateActivities } from './sample-activities.ts';

export interface GeneratePortfolioOptions {
  companies: number;
  seed: number;
  asOf: Instant;
  /** Average over all companies (suspects have none, large customers many). Default 10. */
  dealsPerCompany?: number;
  /** Average over all companies. Default 50. */
  activitiesPerCompany?: number;
}

const MINUTE = 60_000;
const OVERRIDE_REASONS = [
  'Strategic account for the new product line',
  'Gut feel: pays late, costs more than the figures show',
  'Parent group negotiates centrally',
  'Expected to double next year (signed framework agreement)',
  'Reference site for the region',
];

export function generatePortfolio(options: GeneratePortfolioOptions): Portfolio {
  const { companies: count, seed, asOf } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`companies must be a whole number ≥ 0, got ${count}`);
  const random = createRandom(seed);
  const asOfDay = Math.floor(asOf / DAY) * DAY;
  const asOfMinute = Math.floor(asOf / MINUTE) * MINUTE;
  const profiles = drawProfiles(count, random);
  const dealScale = scale(profiles.dealWeight, count * (options.dealsPerCompany ?? 10));
  const activityScale = scale(profiles.activityWeight, count * (options.activitiesPerCompany ?? 50));
  const names = companyNames(profiles, random);

  const companies = new Array<Company>(count);
  const dealOut = { next: 1, deals: [] as Deal[] };
  const activityOut = { next: 1, activities: [] as Activity[] };
  for (let i = 0; i < count; i++) {
    companies[i] = buildCompany(profiles, i, names[i]!, asOfMinute, random);
    generateDeals(profiles, i, dealCount(profiles, i, dealScale, random), asOfDay, random, dealOut);
    generateActivities(profiles, i, activityCount(profiles, i, activityScale, random), asOfDay, random, activityOut);
  }
  return {
    companies,
    deals: dealOut.deals,
    activities: activityOut.activities,
    relations: profiles.relations,
    overrides: overrides(profiles, asOfMinute, random),
  };
}

function scale(weights: Float64Array, wantedTotal: number): number {
  let sum = 0;
  for (const w of weights) sum += w;
  return sum > 0 ? wantedTotal / sum : 0;
}

/** Every buyer and prospect has at least one deal: that is what makes it one. */
function dealCount(p: CompanyProfiles, i: number, dealScale: number, random: Random): number {
  if (p.traits[i]! & TRAIT_CHAIRMAN) return 1;
  const n = roundStochastic(p.dealWeight[i]! * dealScale, random);
  const kind = p.kind[i];
  return kind === KIND_CUSTOMER || kind === KIND_FORMER || kind === KIND_PROSPECT ? Math.max(1, n) : n;
}

/** The chairman's meetings are a fixed handful: enough to make his own account lose money. */
function activityCount(p: CompanyProfiles, i: number, activityScale: number, random: Random): number {
  if (p.traits[i]! & TRAIT_CHAIRMAN) return random.int(12, 20);
  return roundStochastic(p.activityWeight[i]! * activityScale, random);
}

/** Subsidiaries carry the holding's name and their city. */
function companyNames(p: CompanyProfiles, random: Random): string[] {
  const names = Array.from({ length: p.count }, (_, i) => companyName(p, i, random));
  for (let i = 0; i < p.count; i++) {
    const parent = p.parent[i]!;
    if (parent >= 0) names[i] = `${names[parent]} ${random.pick(CITIES_FOR_BRANCHES)}`;
  }
  return names;
}

/** A few manual segment choices by reps and managers, some with an end date. */
function overrides(p: CompanyProfiles, asOfMinute: number, random: Random): Override[] {
  const result: Override[] = [];
  for (let i = 0; i < p.count; i++) {
    if (p.kind[i] !== KIND_CUSTOMER || !random.chance(0.012)) continue;
    const at = asOfMinute - random.int(1, 200) * DAY - random.int(0, 600) * MINUTE;
    const override: Override = {
      companyId: p.ids[i]!,
      segment: random.pick<Segment>(['A', 'B', 'B', 'C', 'D']),
      reason: random.pick(OVERRIDE_REASONS),
      by: p.owner[i] && random.chance(0.7) ? `owner-${p.owner[i]}` : 'sales-manager',
      at,
    };
    if (random.chance(0.3)) override.expiresAt = at + 180 * DAY;
    result.push(override);
  }
  return result;
}
