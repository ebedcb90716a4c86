// How the stores hand a full run its deals and activities: the few columns the engine reads,
// in id order, filled into one reused record per kind (a scan of millions of rows makes no
// object per row). PostgreSQL's rows come in these columns; SQLite reads a row's labels as one
// text and puts them back in their places (sqlite.scan.ts).
import type { RecordVisitor } from '../../app/ports/store.port.ts';
import type { Activity, Company, Deal } from '../../domain/records.ts';

export const DEAL_SCAN_COLUMNS = 'id, company_id, amount, close_date, status, pipeline, cost, margin_pct, discount, order_count';
export const ACTIVITY_SCAN_COLUMNS = 'id, company_id, type, occurred_at, duration_minutes, owner_role, contact_layer';

/** Rows as arrays in the column order above, to the visitor. */
export class RecordScanner {
  readonly #deal = {} as Deal;
  readonly #activity = {} as Activity;
  readonly #visitor: RecordVisitor;

  constructor(visitor: RecordVisitor) {
    this.#visitor = visitor;
  }

  deal(r: readonly unknown[]): void {
    const d = this.#deal;
    d.id = r[0] as string;
    d.companyId = r[1] as string;
    d.amount = Number(r[2]);
    d.closeDate = Number(r[3]);
    d.status = r[4] as Deal['status'];
    d.pipeline = (r[5] ?? undefined) as string | undefined;
    d.cost = r[6] === null ? undefined : Number(r[6]);
    d.marginPct = r[7] === null ? undefined : Number(r[7]);
    d.discount = r[8] === null ? undefined : Number(r[8]);
    d.orderCount = r[9] === null ? undefined : Number(r[9]);
    this.#visitor.deal(d);
  }

  activity(r: readonly unknown[]): void {
    const a = this.#activity;
    a.id = r[0] as string;
    a.companyId = r[1] as string;
    a.type = r[2] as Activity['type'];
    a.occurredAt = Number(r[3]);
    a.durationMinutes = r[4] === null ? undefined : Number(r[4]);
    a.ownerRole = (r[5] ?? undefined) as string | undefined;
    a.contactLayer = (r[6] ?? undefined) as Activity['contactLayer'];
    this.#visitor.activity(a);
  }
}

/**
 * A frame's companies with their repeated labels (industry, lifecycle stage, owner) sharing
 * one string each, and a parent id sharing its parent's id string: the database hands every
 * row its own copy, and a full run keeps every company for its whole length.
 */
export function shareCompanyLabels(companies: Company[]): Company[] {
  const labels = new Map<string, string>();
  const share = (text: string | undefined): string | undefined => {
    if (text === undefined) return undefined;
    const known = labels.get(text);
    if (known !== undefined) return known;
    labels.set(text, text);
    return text;
  };
  for (const c of companies) labels.set(c.id, c.id);
  for (const c of companies) {
    if (c.industry !== undefined) c.industry = share(c.industry);
    if (c.lifecycleStage !== undefined) c.lifecycleStage = share(c.lifecycleStage);
    if (c.ownerId !== undefined) c.ownerId = share(c.ownerId);
    if (c.parentId !== undefined) c.parentId = share(c.parentId);
  }
  return companies;
}
