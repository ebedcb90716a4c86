// The sample's manual segment choices (seed 003: check the model against your own feeling
// and adjust). Each tells a story with a reason that fits it, and most disagree with what the
// model will say: a manager's gut feeling about a key account, a rep's hope for a small
// customer, a loss-maker kept for its name; one agrees, and a subsidiary follows its holding.
import type { Override, Segment } from '../../domain/records.ts';
import type { Random } from './prng.ts';
import { KIND_CUSTOMER, TRAIT_CHAIRMAN, TRAIT_DEMANDING, TRAIT_REFERENCE, type CompanyProfiles } from './company-profiles.ts';
import { DAY } from './sample-days.ts';

const MINUTE = 60_000;
/** About one customer in seventy gets a manual segment. */
const OVERRIDE_SHARE = 0.015;

interface Story {
  reason: string;
  /** Who makes such a choice: the company's own rep, or their manager. */
  by: 'rep' | 'manager';
  fits(p: CompanyProfiles, i: number): boolean;
  segment(p: CompanyProfiles, i: number): Segment;
}

const STORIES: Story[] = [
  {
    reason: 'Gut feel: pays late, costs more than the figures show',
    by: 'manager',
    fits: (p, i) => p.schedule[i] === 'A' && !(p.traits[i]! & TRAIT_CHAIRMAN),
    segment: () => 'B',
  },
  {
    reason: 'Expected to double next year (signed framework agreement)',
    by: 'rep',
    fits: (p, i) => p.schedule[i] === 'C' && !(p.traits[i]! & TRAIT_DEMANDING),
    segment: () => 'B',
  },
  {
    reason: 'Reference site for the region',
    by: 'rep',
    fits: (p, i) => (p.traits[i]! & TRAIT_DEMANDING) !== 0,
    segment: () => 'C',
  },
  {
    reason: 'Strategic account for the new product line',
    by: 'manager',
    fits: (p, i) => p.schedule[i] === 'A' && !(p.traits[i]! & (TRAIT_CHAIRMAN | TRAIT_REFERENCE)),
    segment: () => 'A',
  },
  {
    reason: 'Parent group negotiates centrally',
    by: 'rep',
    fits: (p, i) => p.parent[i]! >= 0 && p.schedule[i] !== null && p.schedule[p.parent[i]!] !== null,
    segment: (p, i) => p.schedule[p.parent[i]!]!,
  },
];

export function sampleOverrides(p: CompanyProfiles, asOfMinute: number, random: Random): Override[] {
  let customers = 0;
  for (let i = 0; i < p.count; i++) if (p.kind[i] === KIND_CUSTOMER) customers++;
  if (customers < 20) return [];
  const wanted = Math.max(STORIES.length, Math.round(customers * OVERRIDE_SHARE));
  const taken = new Set<number>();
  const result: Override[] = [];
  for (let k = 0; k < wanted; k++) {
    const story = STORIES[k % STORIES.length]!;
    const i = pick(p, story, taken, random);
    if (i < 0) continue;
    taken.add(i);
    const at = asOfMinute - random.int(1, 200) * DAY - random.int(0, 600) * MINUTE;
    const override: Override = {
      companyId: p.ids[i]!,
      segment: story.segment(p, i),
      reason: story.reason,
      by: story.by === 'rep' && p.owner[i] ? `owner-${p.owner[i]}` : 'sales-manager',
      at,
    };
    // Some are meant for a year; none ends close to the sample's date (see sample-days.ts).
    if (random.chance(0.3)) override.expiresAt = at + 365 * DAY;
    result.push(override);
  }
  return result.sort((a, b) => (a.companyId < b.companyId ? -1 : 1));
}

/** A company the story fits that has no manual segment yet, or -1. */
function pick(p: CompanyProfiles, story: Story, taken: ReadonlySet<number>, random: Random): number {
  for (let tries = 0; tries < 200; tries++) {
    const i = random.int(0, p.count - 1);
    if (p.kind[i] === KIND_CUSTOMER && !taken.has(i) && story.fits(p, i)) return i;
  }
  return -1;
}
