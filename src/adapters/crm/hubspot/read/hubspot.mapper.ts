// HubSpot records → the normalized model of PRODUCT.md §2. Each mapper answers a record or
// the reason it cannot be one; the source turns reasons into SkippedRecords.
import { SEGMENTS, type Activity, type Company, type Deal, type Override, type Segment } from '../../../../domain/records.ts';
import type { CrmObject } from '../client/hubspot.schemas.ts';
import { DEFAULT_VISIT_TYPES, MODIFIED_AT, type ActivityObject } from './hubspot.objects.ts';
import { compact, readFields } from './hubspot.values.ts';

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Which role an activity's time is costed at: by owner, else by the owner's team, else the default. */
export interface RoleMapping {
  owners?: Record<string, string>;
  teams?: Record<string, string>;
  default?: string;
}

const fail = (problems: string[]): { ok: false; reason: string } => ({ ok: false, reason: problems.join('; ') });

export interface MappedCompany {
  company: Company;
  /** Companies merged into this one: gone as records of their own. */
  mergedIds: string[];
}

export function mapCompany(object: CrmObject): Mapped<MappedCompany> {
  const f = readFields(object.properties);
  const createdAt = f.instant('createdate') ?? (object.createdAt ? Date.parse(object.createdAt) : undefined);
  const company: Company = compact({
    id: object.id,
    name: f.text('name') ?? f.text('domain') ?? `Company ${object.id}`,
    parentId: f.text('hs_parent_company_id'),
    industry: f.text('industry'),
    employees: f.number('numberofemployees'),
    annualRevenue: f.number('annualrevenue'),
    lifecycleStage: f.text('lifecyclestage'),
    ownerId: f.text('hubspot_owner_id'),
    createdAt: createdAt ?? 0,
    isReference: f.bool('kw_is_reference'),
    codevelopment: f.bool('kw_codevelopment'),
    estimatedWallet: f.number('kw_estimated_wallet'),
    satisfaction: f.number('kw_satisfaction'),
  });
  if (createdAt === undefined || Number.isNaN(createdAt)) f.problems.push('createdate: missing');
  if (f.problems.length > 0) return fail(f.problems);
  const mergedIds = (f.text('hs_merged_object_ids') ?? '').split(';').map((s) => s.trim()).filter((s) => s !== '' && s !== object.id);
  return { ok: true, value: { company, mergedIds } };
}

/** The rep's override on a company, null when there is none; `setAt` from the property's history. */
export function mapOverride(object: CrmObject, setAt?: number): Mapped<Override> | null {
  const f = readFields(object.properties);
  const segment = f.text('kw_segment_override');
  if (segment === undefined) return null;
  if (!(SEGMENTS as readonly string[]).includes(segment)) return { ok: false, reason: `kw_segment_override: not A, B, C or D ('${segment}')` };
  const reason = f.text('kw_segment_override_reason');
  if (reason === undefined) return { ok: false, reason: 'kw_segment_override without kw_segment_override_reason' };
  const at = setAt ?? f.instant(MODIFIED_AT) ?? 0;
  const expiresAt = f.instant('kw_segment_override_expires');
  if (f.problems.length > 0) return fail(f.problems);
  return {
    ok: true,
    value: compact({ companyId: object.id, segment: segment as Segment, reason, by: f.text('kw_segment_override_by') ?? 'unknown', at, expiresAt }),
  };
}

/** What a deal's line items say about its cost of goods and discount. */
export interface LineItemFigures {
  cost?: number;
  discount?: number;
}

export function mapLineItem(object: CrmObject): Mapped<LineItemFigures> {
  const f = readFields(object.properties);
  const quantity = f.number('quantity') ?? 1;
  const price = f.number('price');
  const unitCost = f.number('hs_cost_of_goods_sold');
  const unitDiscount = f.number('discount');
  const discountPct = f.number('hs_discount_percentage');
  if (f.problems.length > 0) return fail(f.problems);
  const discount =
    unitDiscount !== undefined ? unitDiscount * quantity : discountPct !== undefined && price !== undefined ? (discountPct / 100) * price * quantity : undefined;
  return { ok: true, value: compact({ cost: unitCost === undefined ? undefined : unitCost * quantity, discount }) };
}

/** A deal's cost is known only when every line item carries one; discounts add up. */
export function combineLineItems(items: readonly LineItemFigures[]): LineItemFigures {
  if (items.length === 0) return {};
  const costs = items.map((i) => i.cost);
  const discounts = items.map((i) => i.discount).filter((d): d is number => d !== undefined);
  return compact({
    cost: costs.every((c) => c !== undefined) ? costs.reduce<number>((sum, c) => sum + (c ?? 0), 0) : undefined,
    discount: discounts.length > 0 ? discounts.reduce((sum, d) => sum + d, 0) : undefined,
  });
}

export function mapDeal(object: CrmObject, companyId: string, figures: LineItemFigures): Mapped<Deal> {
  const f = readFields(object.properties);
  const amount = f.number('amount') ?? 0;
  const closeDate = f.instant('closedate') ?? f.instant('createdate');
  const won = f.bool('hs_is_closed_won') ?? false;
  const closed = f.bool('hs_is_closed') ?? false;
  const pipeline = f.text('pipeline');
  if (closeDate === undefined) f.problems.push('closedate: missing (and no createdate)');
  if (f.problems.length > 0) return fail(f.problems);
  return {
    ok: true,
    value: compact({ id: object.id, companyId, amount, closeDate: closeDate!, status: won ? 'won' : closed ? 'lost' : 'open', pipeline, ...figures }),
  };
}

/**
 * Calls, meetings, emails, notes and tasks share HubSpot's engagement ids; tickets count
 * their own, so their ids are prefixed to stay unique among activities.
 */
export function activityId(objectType: ActivityObject['objectType'], hubspotId: string): string {
  return objectType === 'tickets' ? `ticket:${hubspotId}` : hubspotId;
}

export interface ActivityContext {
  roles: RoleMapping;
  visitTypes?: readonly string[];
}

export function mapActivity(object: CrmObject, source: ActivityObject, companyId: string, context: ActivityContext): Mapped<Activity> {
  const f = readFields(object.properties);
  let type = source.type;
  let occurredAt: number | undefined;
  let durationMinutes: number | undefined;
  if (source.objectType === 'calls') {
    occurredAt = f.instant('hs_timestamp');
    const ms = f.number('hs_call_duration');
    durationMinutes = ms === undefined ? undefined : ms / 60_000;
  } else if (source.objectType === 'meetings') {
    const start = f.instant('hs_meeting_start_time');
    const end = f.instant('hs_meeting_end_time');
    occurredAt = start ?? f.instant('hs_timestamp');
    if (start !== undefined && end !== undefined && end >= start) durationMinutes = (end - start) / 60_000;
    const kind = f.text('hs_activity_type')?.toLowerCase();
    if (kind && (context.visitTypes ?? DEFAULT_VISIT_TYPES).includes(kind)) type = 'visit';
  } else if (source.objectType === 'tickets') {
    occurredAt = f.instant('createdate') ?? (object.createdAt ? Date.parse(object.createdAt) : undefined);
  } else {
    occurredAt = f.instant('hs_timestamp');
  }
  if (occurredAt === undefined && f.problems.length === 0) f.problems.push(`${source.objectType === 'tickets' ? 'createdate' : 'hs_timestamp'}: missing`);
  if (f.problems.length > 0) return fail(f.problems);
  const owner = f.text('hubspot_owner_id');
  const team = f.text('hubspot_team_id');
  const ownerRole = (owner && context.roles.owners?.[owner]) || (team && context.roles.teams?.[team]) || context.roles.default;
  return { ok: true, value: compact({ id: activityId(source.objectType, object.id), companyId, type, occurredAt: occurredAt!, durationMinutes, ownerRole }) };
}
