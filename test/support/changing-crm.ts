// An in-memory CRM for the incremental-equals-full property: a random portfolio with referrals,
// influence and parents, random changes to it (new, changed, moved and deleted deals and
// activities, changed relations and parents, overrides, new and deleted companies), and a
// CrmSource that reports them the way a connector does — as a change feed since the last pull
// (incremental sync) and as fresh copies of given companies (webhook work).
import type { CrmSource, SyncPage } from '../../src/app/ports/crm.port.ts';
import type { PortfolioChanges, TenantId } from '../../src/app/ports/store.port.ts';
import type { Random } from '../../src/app/sample/prng.ts';
import type { Activity, ActivityType, Company, ContactLayer, Deal, Override, Portfolio, Relation } from '../../src/domain/records.ts';

const DAY = 86_400_000;
const TYPES: readonly ActivityType[] = ['call', 'meeting', 'visit', 'email', 'note', 'task', 'ticket'];
const ROLES = [undefined, 'account_manager', 'management', 'inside_sales', 'customer_service'] as const;
const LAYERS: readonly (ContactLayer | undefined)[] = [undefined, 'decision', 'management', 'operational'];
const KINDS: readonly Relation['kind'][] = ['referral', 'influence', 'parent'];

/** What one change touched, as a webhook would announce it: companies to refresh, records gone. */
export interface ChangeNotice {
  what: string;
  companyIds: string[];
  goneDeals: string[];
  goneActivities: string[];
}

const relationKey = (r: Relation) => `${r.kind}|${r.fromCompanyId}|${r.toCompanyId}`;

export class ChangingCrm {
  readonly companies = new Map<string, Company>();
  readonly deals = new Map<string, Deal>();
  readonly activities = new Map<string, Activity>();
  readonly relations = new Map<string, Relation>();
  readonly overrides = new Map<string, Override>();
  /** What changed since the last incremental pull. */
  #feed = emptyFeed();
  #next = 0;
  readonly #random: Random;
  readonly #asOf: number;

  constructor(random: Random, asOf: number, companies: number) {
    this.#random = random;
    this.#asOf = asOf;
    for (let i = 0; i < companies; i++) this.#newCompany();
    for (const id of this.companies.keys()) {
      for (let k = random.int(0, 3); k > 0; k--) this.#putDeal(this.#deal(id));
      for (let k = random.int(0, 4); k > 0; k--) this.#putActivity(this.#activity(id));
    }
    for (let k = random.int(1, companies); k > 0; k--) this.#addRelation();
    this.#feed = emptyFeed();
  }

  portfolio(): Portfolio {
    return {
      companies: [...this.companies.values()],
      deals: [...this.deals.values()],
      activities: [...this.activities.values()],
      relations: [...this.relations.values()],
      overrides: [...this.overrides.values()],
    };
  }

  source(tenant: TenantId): CrmSource {
    return {
      tenant,
      pull: async function* (this: ChangingCrm, { mode }: { mode: 'full' | 'incremental' }): AsyncGenerator<SyncPage> {
        yield { changes: mode === 'full' ? this.portfolio() : this.#changesSinceLastPull(), skipped: [], checkpoint: 'cursor' };
      }.bind(this),
      pullCompanies: async (companyIds) => ({ changes: this.#freshCopies(companyIds), skipped: [] }),
    };
  }

  /** One random change; what it touched, as a webhook would tell. */
  change(): ChangeNotice {
    const r = this.#random;
    const roll = r.next();
    const deal = () => r.pick([...this.deals.values()]);
    const activity = () => r.pick([...this.activities.values()]);
    if (roll < 0.14 || this.deals.size === 0) return this.#touching('new deal', [this.#putDeal(this.#deal(this.#anyCompany())).companyId]);
    if (roll < 0.24) {
      const d = { ...deal(), amount: cents(r, 50_000), status: r.pick(['won', 'won', 'open', 'lost'] as const), closeDate: this.#when(30) };
      return this.#touching('changed deal', [this.#putDeal(d).companyId]);
    }
    if (roll < 0.32) {
      const d = deal();
      return this.#touching('moved deal', [this.#putDeal({ ...d, companyId: this.#anyCompany() }).companyId]);
    }
    if (roll < 0.38) return { what: 'deleted deal', companyIds: [], goneDeals: [this.#removeDeal(deal().id)], goneActivities: [] };
    if (roll < 0.48 || this.activities.size === 0) return this.#touching('new activity', [this.#putActivity(this.#activity(this.#anyCompany())).companyId]);
    if (roll < 0.54) {
      const a = activity();
      return this.#touching('changed activity', [this.#putActivity({ ...a, occurredAt: this.#when(15), type: r.pick(TYPES) }).companyId]);
    }
    if (roll < 0.6) {
      const a = activity();
      return this.#touching('moved activity', [this.#putActivity({ ...a, companyId: this.#anyCompany() }).companyId]);
    }
    if (roll < 0.65) return { what: 'deleted activity', companyIds: [], goneDeals: [], goneActivities: [this.#removeActivity(activity().id)] };
    if (roll < 0.74) {
      const added = this.#addRelation();
      return this.#touching('new relation', added ? [added.fromCompanyId, added.toCompanyId] : []);
    }
    if (roll < 0.8 && this.relations.size > 0) {
      const gone = r.pick([...this.relations.values()]);
      this.relations.delete(relationKey(gone));
      this.#feed.relations.delete(relationKey(gone));
      this.#feed.deletedRelations.set(relationKey(gone), gone);
      return this.#touching('removed relation', [gone.fromCompanyId, gone.toCompanyId]);
    }
    if (roll < 0.86) {
      const c = this.companies.get(this.#anyCompany())!;
      const parent = r.chance(0.3) ? undefined : this.#anyCompany();
      const { parentId: _, ...rest } = c;
      return this.#touching('new parent', [this.#putCompany(parent === undefined || parent === c.id ? rest : { ...rest, parentId: parent }).id]);
    }
    if (roll < 0.92) {
      // A rep clears an override (the company then comes without one) or sets one.
      const clear = this.overrides.size > 0 && r.chance(0.5);
      const id = clear ? r.pick([...this.overrides.keys()]) : this.#anyCompany();
      if (clear) this.overrides.delete(id);
      else this.overrides.set(id, this.#override(id));
      this.#feed.companies.add(id);
      return this.#touching(clear ? 'cleared override' : 'override', [id]);
    }
    if (roll < 0.96 || this.companies.size < 4) {
      const c = this.#newCompany();
      this.#putDeal(this.#deal(c.id));
      return this.#touching('new company', [c.id]);
    }
    return this.#deleteCompany(this.#anyCompany());
  }

  #touching(what: string, companyIds: string[]): ChangeNotice {
    return { what, companyIds, goneDeals: [], goneActivities: [] };
  }

  #anyCompany(): string {
    return this.#random.pick([...this.companies.keys()]);
  }

  #id(prefix: string): string {
    return `${prefix}${++this.#next}`;
  }

  /** A moment up to `months` months before asOf, at any time of day (a few after asOf too). */
  #when(months: number): number {
    return this.#asOf - Math.floor(this.#random.between(-0.05, 1) * months * 30.5 * DAY);
  }

  #newCompany(): Company {
    const r = this.#random;
    const c: Company = { id: this.#id('c'), name: 'Company', createdAt: this.#asOf - 1000 * DAY };
    if (r.chance(0.6)) c.employees = r.int(1, 400);
    if (r.chance(0.2)) c.estimatedWallet = cents(r, 300_000);
    if (r.chance(0.1)) c.isReference = true;
    if (r.chance(0.1)) c.codevelopment = true;
    if (r.chance(0.3)) c.satisfaction = r.int(1, 10);
    if (r.chance(0.2) && this.companies.size > 0) c.parentId = this.#anyCompany();
    return this.#putCompany(c);
  }

  /** The company goes, and with it its deals and activities (each announced as deleted), links to it, and its children's parent. */
  #deleteCompany(id: string): ChangeNotice {
    const notice: ChangeNotice = { what: 'deleted company', companyIds: [id], goneDeals: [], goneActivities: [] };
    this.companies.delete(id);
    this.overrides.delete(id);
    for (const d of [...this.deals.values()]) if (d.companyId === id) notice.goneDeals.push(this.#removeDeal(d.id));
    for (const a of [...this.activities.values()]) if (a.companyId === id) notice.goneActivities.push(this.#removeActivity(a.id));
    for (const [key, rel] of [...this.relations]) if (rel.fromCompanyId === id || rel.toCompanyId === id) this.relations.delete(key);
    for (const c of [...this.companies.values()]) {
      if (c.parentId !== id) continue;
      const { parentId: _, ...rest } = c;
      this.#putCompany(rest);
    }
    this.#feed.companies.delete(id);
    this.#feed.deletedCompanies.add(id);
    return notice;
  }

  #deal(companyId: string): Deal {
    const r = this.#random;
    const d: Deal = { id: this.#id('d'), companyId, amount: cents(r, 80_000), closeDate: this.#when(30), status: r.pick(['won', 'won', 'won', 'open', 'lost'] as const) };
    if (r.chance(0.2)) d.cost = cents(r, d.amount);
    else if (r.chance(0.3)) d.marginPct = r.int(5, 60) / 100;
    if (r.chance(0.2)) d.discount = cents(r, d.amount / 5);
    if (r.chance(0.3)) d.orderCount = r.int(1, 6);
    return d;
  }

  #activity(companyId: string): Activity {
    const r = this.#random;
    const a: Activity = { id: this.#id('a'), companyId, type: r.pick(TYPES), occurredAt: this.#when(15) };
    if (r.chance(0.7)) a.durationMinutes = r.int(5, 180);
    const role = r.pick(ROLES);
    if (role !== undefined) a.ownerRole = role;
    const layer = r.pick(LAYERS);
    if (layer !== undefined) a.contactLayer = layer;
    return a;
  }

  #override(companyId: string): Override {
    const r = this.#random;
    const o: Override = { companyId, segment: r.pick(['A', 'B', 'C', 'D'] as const), reason: 'gut feeling', by: 'rep@example.com', at: this.#asOf - r.int(1, 60) * DAY };
    if (r.chance(0.4)) o.expiresAt = this.#asOf + r.int(-20, 20) * DAY;
    return o;
  }

  #addRelation(): Relation | null {
    const from = this.#anyCompany();
    const to = this.#anyCompany();
    if (from === to) return null;
    const rel: Relation = { fromCompanyId: from, toCompanyId: to, kind: this.#random.pick(KINDS) };
    this.relations.set(relationKey(rel), rel);
    this.#feed.deletedRelations.delete(relationKey(rel));
    this.#feed.relations.add(relationKey(rel));
    return rel;
  }

  #removeDeal(id: string): string {
    this.deals.delete(id);
    this.#feed.deals.delete(id);
    this.#feed.deletedDeals.add(id);
    return id;
  }

  #removeActivity(id: string): string {
    this.activities.delete(id);
    this.#feed.activities.delete(id);
    this.#feed.deletedActivities.add(id);
    return id;
  }

  #putCompany(c: Company): Company {
    this.companies.set(c.id, c);
    this.#feed.companies.add(c.id);
    return c;
  }

  #putDeal(d: Deal): Deal {
    this.deals.set(d.id, d);
    this.#feed.deals.add(d.id);
    return d;
  }

  #putActivity(a: Activity): Activity {
    this.activities.set(a.id, a);
    this.#feed.activities.add(a.id);
    return a;
  }

  #changesSinceLastPull(): PortfolioChanges {
    const f = this.#feed;
    this.#feed = emptyFeed();
    const companies = [...f.companies].filter((id) => this.companies.has(id));
    const withOverride = new Set(companies);
    return {
      companies: companies.map((id) => this.companies.get(id)!),
      deals: [...f.deals].filter((id) => this.deals.has(id)).map((id) => this.deals.get(id)!),
      activities: [...f.activities].filter((id) => this.activities.has(id)).map((id) => this.activities.get(id)!),
      relations: [...f.relations].filter((key) => this.relations.has(key)).map((key) => this.relations.get(key)!),
      // A page carries the override of each of its companies as the CRM holds it now.
      overrides: [...this.overrides.values()].filter((o) => withOverride.has(o.companyId)),
      deletedCompanyIds: [...f.deletedCompanies],
      deletedDealIds: [...f.deletedDeals],
      deletedActivityIds: [...f.deletedActivities],
      deletedRelations: [...f.deletedRelations.values()],
    };
  }

  /** The companies as they are now, with their deals, activities, relations and overrides; the ones gone as deletions. */
  #freshCopies(companyIds: readonly string[]): PortfolioChanges {
    const ids = new Set(companyIds);
    const touching = (r: Relation) => ids.has(r.fromCompanyId) || ids.has(r.toCompanyId);
    return {
      companies: [...ids].filter((id) => this.companies.has(id)).map((id) => this.companies.get(id)!),
      deals: [...this.deals.values()].filter((d) => ids.has(d.companyId)),
      activities: [...this.activities.values()].filter((a) => ids.has(a.companyId)),
      relations: [...this.relations.values()].filter(touching),
      overrides: [...this.overrides.values()].filter((o) => ids.has(o.companyId)),
      deletedCompanyIds: [...ids].filter((id) => !this.companies.has(id)),
      // A connector that reports removed links of the companies it copies.
      deletedRelations: [...this.#feed.deletedRelations.values()].filter(touching),
    };
  }
}

interface Feed {
  companies: Set<string>;
  deals: Set<string>;
  activities: Set<string>;
  relations: Set<string>;
  deletedCompanies: Set<string>;
  deletedDeals: Set<string>;
  deletedActivities: Set<string>;
  deletedRelations: Map<string, Relation>;
}

function emptyFeed(): Feed {
  return { companies: new Set(), deals: new Set(), activities: new Set(), relations: new Set(), deletedCompanies: new Set(), deletedDeals: new Set(), deletedActivities: new Set(), deletedRelations: new Map() };
}

/** An amount in cents up to `max`. */
function cents(r: Random, max: number): number {
  return r.int(1, Math.max(1, Math.round(max * 100))) / 100;
}
