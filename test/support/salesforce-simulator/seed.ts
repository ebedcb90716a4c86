// Fills a simulated org from a normalized Portfolio, the way the same facts would sit in
// Salesforce: lookups for referral and influence, a product per opportunity for cost and
// discount, calls/emails/notes/tasks as Tasks, meetings and visits as Events, tickets as Cases.
import type { Activity, Company, Portfolio } from '../../../src/domain/records.ts';
import { customField } from '../../../src/adapters/crm/salesforce/setup/salesforce.field-metadata.ts';
import { configurableFieldSpecs, DEFAULT_FIELD_NAMES, INPUT_FIELD_SPECS, INPUT_FIELDS, RESULT_FIELDS, type FieldNames } from '../../../src/adapters/crm/salesforce/setup/salesforce.fields.ts';
import type { RoleMapping } from '../../../src/adapters/crm/salesforce/read/salesforce.mapper.ts';
import { OVERRIDE_FIELD, OVERRIDE_REASON_FIELD } from '../../../src/adapters/crm/salesforce/read/salesforce.objects.ts';
import type { SimulatedOrg } from './org.ts';

export const PIPELINE_FIELD = 'Pipeline__c';
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface SeedResult {
  /** The role mapping that turns the seeded owners back into the portfolio's roles. */
  roles: RoleMapping;
}

/** The parent of each company: its parentId, else a parent relation. */
export function parentsOf(portfolio: Portfolio): Map<string, string> {
  const parents = new Map<string, string>();
  for (const c of portfolio.companies) if (c.parentId) parents.set(c.id, c.parentId);
  for (const r of portfolio.relations) if (r.kind === 'parent' && !parents.has(r.toCompanyId)) parents.set(r.toCompanyId, r.fromCompanyId);
  return parents;
}

/** A lookup holds one account: the first referrer and the first influencer of each account. */
export function lookupsOf(portfolio: Portfolio, kind: 'referral' | 'influence'): Map<string, string> {
  const lookups = new Map<string, string>();
  for (const r of portfolio.relations) if (r.kind === kind && !lookups.has(r.toCompanyId)) lookups.set(r.toCompanyId, r.fromCompanyId);
  return lookups;
}

/** Defines the fields a set-up org has before Klantwaarde writes anything: the inputs and the configured lookups and cost. */
export function defineInputFields(org: SimulatedOrg, names: FieldNames = DEFAULT_FIELD_NAMES): void {
  for (const spec of [...INPUT_FIELD_SPECS, ...configurableFieldSpecs(names)]) org.defineField(customField(spec));
  org.defineField({ fullName: `Opportunity.${PIPELINE_FIELD}`, label: 'Pipeline', type: 'Text', length: 80 });
  // The override is a result field too, but reps fill it in: an org holding overrides has it.
  for (const spec of RESULT_FIELDS.filter((f) => f.property === 'segment_override' || f.property === 'segment_override_reason')) org.defineField(customField(spec));
}

const USER_FIRST_NAMES = ['Sanne', 'Thijs', 'Iris', 'Ruben', 'Femke', 'Lars', 'Maud', 'Stijn'];
const USER_LAST_NAMES = ['van Dijk', 'Hendriks', 'Dekker', 'Brouwer', 'van Leeuwen', 'Koster', 'Prins', 'Willems'];

export function seedPortfolio(org: SimulatedOrg, portfolio: Portfolio, names: FieldNames = DEFAULT_FIELD_NAMES): SeedResult {
  defineInputFields(org, names);
  const users = new Map<string, string>();
  const userOf = (role: string | undefined) => {
    const key = role ?? '(none)';
    if (!users.has(key)) users.set(key, `0055g${String(users.size + 1).padStart(10, '0')}AAA`);
    return users.get(key)!;
  };
  const parents = parentsOf(portfolio);
  const referrers = lookupsOf(portfolio, 'referral');
  const influencers = lookupsOf(portfolio, 'influence');
  const overrides = new Map(portfolio.overrides.map((o) => [o.companyId, o]));

  for (const c of portfolio.companies) {
    const o = overrides.get(c.id);
    org.insert('Account', { ...accountFields(c), ParentId: parents.get(c.id) ?? null, [names.referralField]: referrers.get(c.id) ?? null, [names.influenceField]: influencers.get(c.id) ?? null,
      [OVERRIDE_FIELD]: o?.segment ?? null, [OVERRIDE_REASON_FIELD]: o?.reason ?? null, [INPUT_FIELDS.overrideBy]: o?.by ?? null, [INPUT_FIELDS.overrideExpires]: o?.expiresAt === undefined ? null : day(o.expiresAt) }, c.createdAt);
    if (o) org.history(c.id, OVERRIDE_FIELD, null, o.segment, o.at);
  }
  for (const d of portfolio.deals) {
    const closed = d.status !== 'open';
    org.insert('Opportunity', { Id: d.id, AccountId: d.companyId, Name: `Deal ${d.id}`, Amount: d.amount, CloseDate: day(d.closeDate), StageName: d.status === 'won' ? 'Closed Won' : d.status === 'lost' ? 'Closed Lost' : 'Negotiation', IsWon: d.status === 'won', IsClosed: closed, [PIPELINE_FIELD]: d.pipeline ?? null }, d.closeDate);
    if (d.cost !== undefined || d.discount !== undefined) {
      const listed = d.amount + (d.discount ?? 0);
      org.insert('OpportunityLineItem', { Id: `${d.id}-li`, OpportunityId: d.id, Quantity: 1, UnitPrice: listed, TotalPrice: d.amount, Discount: listed > 0 ? Math.round(((d.discount ?? 0) / listed) * 10_000) / 100 : null, [names.costField]: d.cost ?? null }, d.closeDate);
    }
  }
  for (const a of portfolio.activities) org.insert(objectOf(a), activityFields(a, userOf(a.ownerRole)), a.occurredAt);
  // The users behind those ids, named (an account's owner is shown by name).
  const userIds = new Set([...users.values(), ...portfolio.companies.flatMap((c) => (c.ownerId ? [c.ownerId] : []))]);
  [...userIds].forEach((id, i) => org.insert('User', { Id: id, FirstName: USER_FIRST_NAMES[i % USER_FIRST_NAMES.length], LastName: USER_LAST_NAMES[(i * 3 + 1) % USER_LAST_NAMES.length], IsActive: true }));
  return { roles: { owners: Object.fromEntries([...users].filter(([role]) => role !== '(none)').map(([role, id]) => [id, role])) } };
}

function accountFields(c: Company): Record<string, unknown> & { Id: string } {
  return {
    Id: c.id, Name: c.name, Industry: c.industry ?? null, NumberOfEmployees: c.employees ?? null, AnnualRevenue: c.annualRevenue ?? null, Type: c.lifecycleStage ?? null, OwnerId: c.ownerId ?? null,
    [INPUT_FIELDS.isReference]: c.isReference ?? false, [INPUT_FIELDS.codevelopment]: c.codevelopment ?? false, [INPUT_FIELDS.estimatedWallet]: c.estimatedWallet ?? null, [INPUT_FIELDS.satisfaction]: c.satisfaction ?? null,
  };
}

const objectOf = (a: Activity) => (a.type === 'meeting' || a.type === 'visit' ? 'Event' : a.type === 'ticket' ? 'Case' : 'Task');

function activityFields(a: Activity, ownerId: string): Record<string, unknown> & { Id: string } {
  const common = { Id: a.id, AccountId: a.companyId, OwnerId: ownerId };
  switch (a.type) {
    case 'meeting':
    case 'visit':
      return { ...common, Subject: a.type, Type: a.type === 'visit' ? 'Visit' : 'Meeting', StartDateTime: new Date(a.occurredAt).toISOString(), ActivityDateTime: new Date(a.occurredAt).toISOString(), DurationInMinutes: a.durationMinutes ?? null };
    case 'ticket':
      return { ...common, Subject: `Case ${a.id}` };
    default: {
      const subtype = a.type === 'call' ? 'Call' : a.type === 'email' ? 'Email' : 'Task';
      return { ...common, Subject: a.type, TaskSubtype: subtype, Type: a.type === 'note' ? 'Note' : a.type === 'call' ? 'Call' : a.type === 'email' ? 'Email' : 'Other', ActivityDate: day(a.occurredAt), CallDurationInSeconds: a.type === 'call' && a.durationMinutes !== undefined ? Math.round(a.durationMinutes * 60) : null };
    }
  }
}
