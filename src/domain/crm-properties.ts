// A result as the properties of PRODUCT.md §4 (names without the kw_ prefix), with values
// as the CRMs store them: money rounded to cents, dates as YYYY-MM-DD, codes as strings.
import type { Instant, Override } from './records.ts';
import { expiryDate } from './overrides.ts';
import type { CompanyResult } from './results.ts';
import { isoDate } from './time.ts';

export type PropertyValues = Record<string, string | null>;

/** Edited by reps in the CRM: shown in outputs, never overwritten by a recalculation. */
export const INPUT_PROPERTIES = ['segment_override', 'segment_override_reason'] as const;

/**
 * An override as the CRM holds it (set from the card, or cleared: all null). Besides the two
 * input properties above, who set it and until when: the expiry as a date (the CRM's property
 * is a date), the one it falls on in `timeZone`, so reading it back gives the same expiry day.
 */
export function overrideProperties(override: Override | null, timeZone: string): PropertyValues {
  return {
    segment_override: override?.segment ?? null,
    segment_override_reason: override?.reason ?? null,
    segment_override_by: override?.by ?? null,
    segment_override_expires: override?.expiresAt === undefined ? null : expiryDate(override.expiresAt, timeZone),
  };
}

/** Written with the others whenever one of them changes, never on its own. */
export const TIMESTAMP_PROPERTY = 'calculated_at';

/** The money, percent and rank properties, in output order. */
const NUMERIC_PROPERTY_NAMES = [
  'revenue_12m',
  'gross_margin_12m',
  'cost_to_serve_12m',
  'net_contribution_12m',
  'clv',
  'strategic_value',
  'total_value',
  'growth_potential',
  'share_of_wallet',
  'value_rank',
] as const;

/** Every property of §4, in the order outputs list them. */
export const PROPERTY_NAMES = [
  'segment',
  'segment_computed',
  'segment_override',
  'segment_override_reason',
  'pyramid_level',
  ...NUMERIC_PROPERTY_NAMES,
  'next_contact_date',
  'contact_overdue',
  'contact_plan',
  'service_flag',
  'recommended_action',
  'explanation',
  'calculated_at',
] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

/** The properties that hold numbers (money, percent, rank); the rest are codes, text and dates. */
export const NUMERIC_PROPERTIES: ReadonlySet<PropertyName> = new Set(NUMERIC_PROPERTY_NAMES);

export function money(value: number): string {
  const cents = Math.round(value * 100) / 100;
  return (cents === 0 ? 0 : cents).toFixed(2);
}

export function resultProperties(r: CompanyResult, calculatedAt: Instant): Record<PropertyName, string | null> {
  return {
    segment: r.segment,
    segment_computed: r.segmentComputed,
    segment_override: r.override?.segment ?? null,
    segment_override_reason: r.override?.reason ?? null,
    pyramid_level: r.pyramidLevel,
    revenue_12m: money(r.revenue),
    gross_margin_12m: money(r.grossMargin),
    cost_to_serve_12m: money(r.costToServe),
    net_contribution_12m: money(r.netContribution),
    clv: money(r.clv),
    strategic_value: money(r.strategicValue),
    total_value: money(r.totalValue),
    growth_potential: money(r.growthPotential),
    share_of_wallet: r.shareOfWallet === null ? null : money(r.shareOfWallet * 100),
    value_rank: r.valueRank === null ? null : String(r.valueRank),
    next_contact_date: r.nextContactDate === null ? null : isoDate(r.nextContactDate),
    contact_overdue: r.contactOverdue ? 'yes' : 'no',
    contact_plan: r.contactPlan,
    service_flag: r.serviceFlag,
    recommended_action: r.recommendedAction,
    explanation: r.explanation,
    calculated_at: isoInstant(calculatedAt),
  };
}

let lastInstant = Number.NaN;
let lastIso = '';
/** The run's time as ISO text, made once per run rather than once per company. */
function isoInstant(at: Instant): string {
  if (at !== lastInstant) {
    lastIso = new Date(at).toISOString();
    lastInstant = at;
  }
  return lastIso;
}

/**
 * The values to write for one company: those that differ from what was last written,
 * plus the timestamp when anything does. Empty when nothing changed.
 */
export function changedProperties(current: PropertyValues, lastWritten: PropertyValues | undefined): PropertyValues {
  const changed: PropertyValues = {};
  let any = false;
  // for…in rather than Object.entries: the same names in the same order, without a pair array per property (a full run compares every company's).
  for (const name in current) {
    if (name === TIMESTAMP_PROPERTY || (INPUT_PROPERTIES as readonly string[]).includes(name)) continue;
    const value = current[name] as string | null;
    if (lastWritten === undefined || lastWritten[name] !== value) {
      changed[name] = value;
      any = true;
    }
  }
  if (any && current[TIMESTAMP_PROPERTY] !== undefined) changed[TIMESTAMP_PROPERTY] = current[TIMESTAMP_PROPERTY];
  return changed;
}
