// A deterministic synthetic B2B portfolio for the sample portal, tests and benchmarks:
// Pareto-shaped revenue, a loss-making tail, holdings, a retailers' association,
// referrals, prospects, suspects, former customers, kept contact schedules and overrides
// that disagree with the model. Pure: the same options give the same portfolio.
import type { Activity, Company, Deal, Instant, Portfolio } from '../../domain/records.ts';
import { createRandom, roundStochastic, type Random } from './prng.ts';
import { drawProfiles, KIND_CUSTOMER, KIND_FORMER, KIND_PROSPECT, TRAIT_CHAIRMAN, type CompanyProfiles } from './company-profiles.ts';
import { buildCompany, CITIES_FOR_BRANCHES, companyName } from './sample-companies.ts';
import { generateDeals } from './sample-deals.ts';
import { generateActivities } from './sample-activities.ts';
import { expectedContacts, generateContacts } from './sample-contacts.ts';
import { DAY } from './sample-days.ts';
import { sampleOverrides } from './sample-overrides.ts';

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
const HISTORY_DAYS = 3 * 365;
/** At most this share of the activities goes to kept schedules; the rest is everything else reps do. */
const SCHEDULED_SHARE = 0.6;

export function generatePortfolio(options: GeneratePortfolioOptions): Portfolio {
  const { companies: count, seed, asOf } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`companies must be a whole number ≥ 0, got ${count}`);
  const random = createRandom(seed);
  const asOfDay = Math.floor(asOf / DAY) * DAY;
  const asOfMinute = Math.floor(asOf / MINUTE) * MINUTE;
  const profiles = drawProfiles(count, random);
  const dealScale = scale(profiles.dealWeight, count * (options.dealsPerCompany ?? 10));
  const wantedActivities = count * (options.activitiesPerCompany ?? 50);
  const names = companyNames(profiles, random);

  const companies = new Array<Company>(count);
  const dealOut = { next: 1, deals: [] as Deal[] };
  const activityOut = { next: 1, activities: [] as Activity[] };
  for (let i = 0; i < count; i++) {
    companies[i] = buildCompany(profiles, i, names[i]!, asOfMinute, random);
    generateDeals(profiles, i, dealCount(profiles, i, dealScale, random), asOfDay, random, dealOut);
  }
  // The schedules go back three years when the requested activities allow it, else less far.
  const historyDays = Math.round(HISTORY_DAYS * Math.min(1, (SCHEDULED_SHARE * wantedActivities) / Math.max(1, scheduledContacts(profiles))));
  for (let i = 0; i < count; i++) generateContacts(profiles, i, historyDays, asOfDay, random, activityOut);
  const activityScale = scale(profiles.activityWeight, Math.max(0, wantedActivities - activityOut.activities.length));
  for (let i = 0; i < count; i++) generateActivities(profiles, i, activityCount(profiles, i, activityScale, random), asOfDay, random, activityOut);
  return {
    companies,
    deals: dealOut.deals,
    activities: activityOut.activities,
    relations: profiles.relations,
    overrides: sampleOverrides(profiles, asOfMinute, random),
  };
}

/** The contacts three years of kept schedules would log. */
function scheduledContacts(p: CompanyProfiles): number {
  let sum = 0;
  for (const schedule of p.schedule) if (schedule) sum += expectedContacts(schedule);
  return sum;
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

function activityCount(p: CompanyProfiles, i: number, activityScale: number, random: Random): number {
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
