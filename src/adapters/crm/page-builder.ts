// Collects one sync page's changes and the records skipped on the way; the HubSpot and
// Salesforce sources build their pages with it.
import type { SkippedRecord, SyncPage } from '../../app/ports/crm.port.ts';
import type { PortfolioChanges } from '../../app/ports/store.port.ts';
import type { Activity, Company, Deal, Override, Relation } from '../../domain/records.ts';

/** A CRM record mapped to the model, or the reason it could not be. */
export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Changes and skips of one step, before they become a page. */
export class PageBuilder {
  readonly changes: {
    companies: Company[];
    deals: Deal[];
    activities: Activity[];
    relations: Relation[];
    overrides: Override[];
    deletedCompanyIds?: string[];
    deletedDealIds?: string[];
    deletedActivityIds?: string[];
  } = {
    companies: [],
    deals: [],
    activities: [],
    relations: [],
    overrides: [],
  };
  readonly skipped: SkippedRecord[] = [];

  skip(object: string, id: string, reason: string): void {
    this.skipped.push({ object, id, reason });
  }

  /** Adds the value of a mapping, or records why it was skipped. */
  take<T>(object: string, id: string, mapped: Mapped<T>, add: (value: T) => void): void {
    if (mapped.ok) add(mapped.value);
    else this.skip(object, id, mapped.reason);
  }

  deleted(kind: 'deletedCompanyIds' | 'deletedDealIds' | 'deletedActivityIds', ids: readonly string[]): void {
    if (ids.length === 0) return;
    this.changes[kind] = [...(this.changes[kind] ?? []), ...ids];
  }

  isEmpty(): boolean {
    const c = this.changes;
    const lists = [c.companies, c.deals, c.activities, c.relations, c.overrides, c.deletedCompanyIds ?? [], c.deletedDealIds ?? [], c.deletedActivityIds ?? []];
    return this.skipped.length === 0 && lists.every((l) => l.length === 0);
  }

  page(checkpoint?: string): SyncPage {
    const changes: PortfolioChanges = Object.fromEntries(Object.entries(this.changes).filter(([, v]) => Array.isArray(v) && v.length > 0));
    return { changes, skipped: this.skipped, ...(checkpoint === undefined ? {} : { checkpoint }) };
  }
}
