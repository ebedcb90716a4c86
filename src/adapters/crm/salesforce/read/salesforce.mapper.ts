// Parsed sObject rows → the normalized model of PRODUCT.md §2. Each mapper answers a record or
// the reason it cannot be one; the source turns reasons into SkippedRecords.
import { SEGMENTS, type Activity, type ActivityType, type Company, type Deal, type Override, type Relation, type Segment } from '../../../../domain/records.ts';
import { INPUT_FIELDS } from '../setup/salesforce.fields.ts';
import { OVERRIDE_FIELD, OVERRIDE_REASON_FIELD } from './salesforce.objects.ts';
import type { AccountRow, CaseRow, EventRow, LineItemRow, OpportunityRow, Parsed, TaskRow } from './salesforce.records.ts';
import { compact } from './salesforce.values.ts';

/** Which role an activity's time is costed at: by its owner (a User id), else the default. */
export interface RoleMapping {
  owners?: Record<string, string>;
  /** Accepted for config compatibility with HubSpot; Salesforce owners carry no team. */
  teams?: Record<string, string>;
  default?: string;
}

export interface ActivityRules {
  roles: RoleMapping;
  visitTypes: readonly string[];
  noteTypes: readonly string[];
}

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });
const cents = (value: number) => Math.round(value * 100) / 100;

export interface MappedAccount {
  company: Company;
  /** Parent, referral and influence, all read from this account's own lookups. */
  relations: Relation[];
  /** The rep's override without its date (that comes from the field history), or why it is unusable. */
  override: Parsed<Omit<Override, 'at'>> | null;
}

export function mapAccount(row: AccountRow): MappedAccount {
  const company: Company = compact({
    id: row.Id,
    name: row.Name ?? `Account ${row.Id}`,
    parentId: row.ParentId,
    industry: row.Industry,
    employees: row.NumberOfEmployees,
    annualRevenue: row.AnnualRevenue,
    lifecycleStage: row.Type,
    ownerId: row.OwnerId,
    createdAt: row.CreatedDate,
    isReference: row[INPUT_FIELDS.isReference],
    codevelopment: row[INPUT_FIELDS.codevelopment],
    estimatedWallet: row[INPUT_FIELDS.estimatedWallet],
    satisfaction: row[INPUT_FIELDS.satisfaction],
  });
  const relations: Relation[] = [];
  if (row.ParentId) relations.push({ fromCompanyId: row.ParentId, toCompanyId: row.Id, kind: 'parent' });
  if (row.referredBy) relations.push({ fromCompanyId: row.referredBy, toCompanyId: row.Id, kind: 'referral' });
  if (row.influencedBy) relations.push({ fromCompanyId: row.influencedBy, toCompanyId: row.Id, kind: 'influence' });
  return { company, relations, override: overrideOf(row) };
}

function overrideOf(row: AccountRow): Parsed<Omit<Override, 'at'>> | null {
  const segment = row[OVERRIDE_FIELD];
  if (segment === undefined) return null;
  if (!(SEGMENTS as readonly string[]).includes(segment)) return fail(`${OVERRIDE_FIELD}: not A, B, C or D ('${segment}')`);
  const reason = row[OVERRIDE_REASON_FIELD];
  if (reason === undefined) return fail(`${OVERRIDE_FIELD} without ${OVERRIDE_REASON_FIELD}`);
  const by = row[INPUT_FIELDS.overrideBy] ?? 'unknown';
  return { ok: true, value: compact({ companyId: row.Id, segment: segment as Segment, reason, by, expiresAt: row[INPUT_FIELDS.overrideExpires] }) };
}

/** What an opportunity's products say about its cost of goods and discount. */
export interface LineItemFigures {
  cost?: number;
  discount?: number;
}

export function lineItemFigures(row: LineItemRow): LineItemFigures {
  const quantity = row.Quantity ?? 1;
  const listed = row.UnitPrice === undefined ? undefined : quantity * row.UnitPrice;
  let discount: number | undefined;
  // TotalPrice is what Salesforce computed after the discount; the percentage is rounded to two decimals.
  if (listed !== undefined && row.TotalPrice !== undefined && listed > row.TotalPrice) discount = cents(listed - row.TotalPrice);
  else if (listed !== undefined && row.Discount) discount = cents((listed * row.Discount) / 100);
  return compact({ cost: row.unitCost === undefined ? undefined : cents(row.unitCost * quantity), discount });
}

/** A deal's cost is known only when every product carries one; discounts add up. */
export function combineLineItems(items: readonly LineItemFigures[]): LineItemFigures {
  if (items.length === 0) return {};
  const costs = items.map((i) => i.cost);
  const discounts = items.map((i) => i.discount).filter((d): d is number => d !== undefined);
  return compact({
    cost: costs.every((c) => c !== undefined) ? cents(costs.reduce<number>((sum, c) => sum + (c ?? 0), 0)) : undefined,
    discount: discounts.length > 0 ? cents(discounts.reduce((sum, d) => sum + d, 0)) : undefined,
  });
}

export function mapOpportunity(row: OpportunityRow, accountId: string, figures: LineItemFigures): Parsed<Deal> {
  const closeDate = row.CloseDate ?? row.CreatedDate;
  if (closeDate === undefined) return fail('CloseDate: missing (and no CreatedDate)');
  const status = row.IsWon ? 'won' : row.IsClosed ? 'lost' : 'open';
  return { ok: true, value: compact({ id: row.Id, companyId: accountId, amount: row.Amount ?? 0, closeDate, status, pipeline: row.pipeline, ...figures }) };
}

export function ownerRole(roles: RoleMapping, ownerId: string | undefined): string | undefined {
  return (ownerId && roles.owners?.[ownerId]) || roles.default;
}

const among = (value: string | undefined, list: readonly string[]) => value !== undefined && list.includes(value.trim().toLowerCase());

function activity(row: { Id: string; OwnerId?: string }, accountId: string, type: ActivityType, occurredAt: number | undefined, missing: string, durationMinutes: number | undefined, rules: ActivityRules): Parsed<Activity> {
  if (occurredAt === undefined) return fail(`${missing}: missing`);
  return { ok: true, value: compact({ id: row.Id, companyId: accountId, type, occurredAt, durationMinutes, ownerRole: ownerRole(rules.roles, row.OwnerId) }) };
}

export function mapTask(row: TaskRow, accountId: string, rules: ActivityRules): Parsed<Activity> {
  const subtype = row.TaskSubtype?.toLowerCase();
  const type: ActivityType = subtype === 'call' ? 'call' : subtype === 'email' || subtype === 'listemail' ? 'email' : among(row.Type, rules.noteTypes) ? 'note' : 'task';
  const seconds = type === 'call' ? row.CallDurationInSeconds : undefined;
  return activity(row, accountId, type, row.ActivityDate ?? row.CreatedDate, 'ActivityDate (and CreatedDate)', seconds === undefined ? undefined : seconds / 60, rules);
}

export function mapEvent(row: EventRow, accountId: string, rules: ActivityRules): Parsed<Activity> {
  const type: ActivityType = among(row.Type, rules.visitTypes) ? 'visit' : 'meeting';
  return activity(row, accountId, type, row.StartDateTime ?? row.ActivityDateTime, 'StartDateTime', row.DurationInMinutes, rules);
}

export function mapCase(row: CaseRow, accountId: string, rules: ActivityRules): Parsed<Activity> {
  return activity(row, accountId, 'ticket', row.CreatedDate, 'CreatedDate', undefined, rules);
}
