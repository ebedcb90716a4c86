// Fills a simulated portal from a normalized Portfolio, the way the same facts would sit in
// HubSpot (line items for cost and discount, meetings of type "Visit", labelled associations).
import type { Activity, Company, Portfolio } from '../../../src/domain/records.ts';
import { DEFAULT_RELATION_LABELS } from '../../../src/adapters/crm/hubspot/read/hubspot.relations.ts';
import type { RoleMapping } from '../../../src/adapters/crm/hubspot/read/hubspot.mapper.ts';
import { defaultTypes } from './associations.ts';
import type { Properties } from './portal.ts';
import type { SimulatedObjectType, SimulatedPortal } from './state.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);
const text = (value: string | number | boolean | undefined) => (value === undefined ? null : String(value));

const OBJECT_OF: Record<Activity['type'], SimulatedObjectType> = {
  call: 'calls',
  meeting: 'meetings',
  visit: 'meetings',
  email: 'emails',
  note: 'notes',
  task: 'tasks',
  ticket: 'tickets',
};

/** Time between two seeded records' last changes. */
const SEED_STEP_MS = 60_000;

export interface SeedResult {
  /** The role mapping that turns the seeded owners back into the portfolio's roles. */
  roles: RoleMapping;
}

/** Creates the referral and influence labels if the portal has none yet; answers their type ids. */
export function ensureRelationLabels(portal: SimulatedPortal) {
  const a = portal.associations;
  const id = (label: string) => a.typeIdOf('companies', 'companies', label);
  for (const pair of [DEFAULT_RELATION_LABELS.referral, DEFAULT_RELATION_LABELS.influence]) {
    if (id(pair.label) === undefined) a.createLabel('companies', 'companies', pair.label, pair.inverseLabel);
  }
  return {
    referredBy: id(DEFAULT_RELATION_LABELS.referral.label)!,
    referred: id(DEFAULT_RELATION_LABELS.referral.inverseLabel)!,
    influences: id(DEFAULT_RELATION_LABELS.influence.label)!,
    influencedBy: id(DEFAULT_RELATION_LABELS.influence.inverseLabel)!,
  };
}

export function seedPortfolio(portal: SimulatedPortal, portfolio: Portfolio): SeedResult {
  const labels = ensureRelationLabels(portal);
  const owners = new Map<string, string>();
  const ownerOf = (role: string | undefined) => {
    if (role === undefined) return null;
    if (!owners.has(role)) owners.set(role, String(7001 + owners.size));
    addOwner(portal, owners.get(role)!);
    return owners.get(role)!;
  };
  const link = (from: SimulatedObjectType, fromId: string, to: SimulatedObjectType, toId: string) => {
    const { forward, backward } = defaultTypes(from, to);
    portal.associations.link(from, fromId, to, toId, [forward], [backward]);
  };
  // Seeded records were last changed one a minute over the months before now, as in a portal
  // in use: an incremental sync's few minutes of overlap then meet a handful of them, not all.
  let seededAt = Date.now() - (2 * portfolio.companies.length + 2 * portfolio.deals.length + portfolio.activities.length + 10) * SEED_STEP_MS;
  const aged = () => (seededAt += SEED_STEP_MS);
  const put = (type: SimulatedObjectType, id: string, properties: Properties, createdAt: number) =>
    portal.table(type).put(id, properties, { createdAt, modifiedAt: aged() });

  const parents = new Map<string, string>();
  for (const c of portfolio.companies) if (c.parentId) parents.set(c.id, c.parentId);
  for (const r of portfolio.relations) if (r.kind === 'parent' && !parents.has(r.toCompanyId)) parents.set(r.toCompanyId, r.fromCompanyId);
  const overrides = new Map(portfolio.overrides.map((o) => [o.companyId, o]));

  for (const c of portfolio.companies) {
    if (c.ownerId) addOwner(portal, c.ownerId);
    const record = put('companies', c.id, companyProperties(c, parents.get(c.id) ?? null), c.createdAt);
    const override = overrides.get(c.id);
    if (override) {
      portal.table('companies').write(
        record,
        { kw_segment_override: override.segment, kw_segment_override_reason: override.reason, kw_segment_override_by: override.by, kw_segment_override_expires: override.expiresAt === undefined ? null : day(override.expiresAt) },
        aged(),
      );
      for (const entry of record.history.kw_segment_override ?? []) entry.timestamp = iso(override.at);
    }
  }
  for (const [child, parent] of parents) portal.associations.link('companies', parent, 'companies', child, [13], [14]);
  for (const r of portfolio.relations) {
    if (r.kind === 'referral') portal.associations.link('companies', r.toCompanyId, 'companies', r.fromCompanyId, [labels.referredBy], [labels.referred]);
    if (r.kind === 'influence') portal.associations.link('companies', r.fromCompanyId, 'companies', r.toCompanyId, [labels.influences], [labels.influencedBy]);
  }

  for (const d of portfolio.deals) {
    put('deals', d.id, {
      amount: String(d.amount),
      closedate: iso(d.closeDate),
      pipeline: d.pipeline ?? 'default',
      dealstage: d.status === 'won' ? 'closedwon' : d.status === 'lost' ? 'closedlost' : 'appointmentscheduled',
      hs_is_closed_won: String(d.status === 'won'),
      hs_is_closed: String(d.status !== 'open'),
    }, d.closeDate);
    link('deals', d.id, 'companies', d.companyId);
    if (d.cost !== undefined || d.discount !== undefined) {
      const lineItemId = `${d.id}-li`;
      const discount = d.discount ?? 0;
      put('line_items', lineItemId, { price: String(d.amount + discount), quantity: '1', hs_cost_of_goods_sold: text(d.cost), discount: text(d.discount) }, d.closeDate);
      link('deals', d.id, 'line_items', lineItemId);
    }
  }

  for (const a of portfolio.activities) {
    const type = OBJECT_OF[a.type];
    const id = type === 'tickets' ? a.id.replace(/^ticket:/, '') : a.id;
    put(type, id, activityProperties(a, ownerOf(a.ownerRole)), a.occurredAt);
    link(type, id, 'companies', a.companyId);
  }
  return { roles: { owners: Object.fromEntries([...owners].map(([role, id]) => [id, role])) } };
}

const FIRST_NAMES = ['Anouk', 'Bram', 'Carlijn', 'Daan', 'Eva', 'Floor', 'Gijs', 'Hanna', 'Jesse', 'Lotte', 'Mees', 'Noor'];
const LAST_NAMES = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters'];

/** A user who owns records, named after its place among the portal's owners. */
function addOwner(portal: SimulatedPortal, id: string): void {
  if (portal.owners.has(id)) return;
  const n = portal.owners.size;
  const firstName = FIRST_NAMES[n % FIRST_NAMES.length]!;
  const lastName = LAST_NAMES[(n * 5 + 3) % LAST_NAMES.length]!;
  portal.owners.set(id, { id, firstName, lastName, email: `${firstName.toLowerCase()}.${n}@example.com`, archived: false });
}

function companyProperties(c: Company, parentId: string | null): Properties {
  return {
    name: c.name,
    industry: text(c.industry),
    numberofemployees: text(c.employees),
    annualrevenue: text(c.annualRevenue),
    lifecyclestage: text(c.lifecycleStage),
    hubspot_owner_id: text(c.ownerId),
    createdate: iso(c.createdAt),
    hs_parent_company_id: parentId,
    kw_is_reference: text(c.isReference),
    kw_codevelopment: text(c.codevelopment),
    kw_estimated_wallet: text(c.estimatedWallet),
    kw_satisfaction: text(c.satisfaction),
  };
}

function activityProperties(a: Activity, ownerId: string | null): Properties {
  const common: Properties = { hubspot_owner_id: ownerId };
  const minutesMs = a.durationMinutes === undefined ? undefined : Math.round(a.durationMinutes * 60_000);
  switch (a.type) {
    case 'call':
      return { ...common, hs_timestamp: iso(a.occurredAt), hs_call_duration: text(minutesMs) };
    case 'meeting':
    case 'visit':
      return {
        ...common,
        hs_timestamp: iso(a.occurredAt),
        hs_meeting_start_time: iso(a.occurredAt),
        hs_meeting_end_time: minutesMs === undefined ? null : iso(a.occurredAt + minutesMs),
        hs_activity_type: a.type === 'visit' ? 'Visit' : 'Meeting',
      };
    case 'ticket':
      return { ...common, createdate: iso(a.occurredAt), subject: `Ticket ${a.id}` };
    default:
      return { ...common, hs_timestamp: iso(a.occurredAt) };
  }
}
