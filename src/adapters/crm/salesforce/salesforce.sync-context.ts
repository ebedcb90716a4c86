// What every sync step shares, and the PageBuilder that collects one page's changes and skips.
import type { SkippedRecord, SyncPage } from '../../../app/ports/crm.port.ts';
import type { Logger } from '../../../app/ports/logger.port.ts';
import type { PortfolioChanges } from '../../../app/ports/store.port.ts';
import type { Activity, Company, Deal, Override, Relation } from '../../../domain/records.ts';
import type { SalesforceConnection } from './salesforce.connection.ts';
import type { FieldNames } from './salesforce.fields.ts';
import type { PollOptions } from './salesforce.jobs.ts';
import type { ActivityRules } from './salesforce.mapper.ts';
import type { Parsed, RowParsers } from './salesforce.records.ts';

export interface SyncContext {
  conn: SalesforceConnection;
  fields: FieldNames;
  parse: RowParsers;
  rules: ActivityRules;
  /** Objects with more rows than this are read through a Bulk API 2.0 job on a full sync. */
  bulkQueryAbove: number;
  bulkPageSize: number;
  poll: PollOptions;
  now: () => number;
  log: Logger;
  /** Records left out because no account is linked to them (not an error: counted). */
  unassociated: Record<string, number>;
}

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
  } = { companies: [], deals: [], activities: [], relations: [], overrides: [] };
  readonly skipped: SkippedRecord[] = [];

  skip(object: string, id: string, reason: string): void {
    this.skipped.push({ object, id, reason });
  }

  /** Adds the value of a mapping, or records why it was skipped. */
  take<T>(object: string, id: string, mapped: Parsed<T>, add: (value: T) => void): void {
    if (mapped.ok) add(mapped.value);
    else this.skip(object, id, mapped.reason);
  }

  deleted(kind: 'deletedCompanyIds' | 'deletedDealIds' | 'deletedActivityIds', ids: readonly string[]): void {
    if (ids.length === 0) return;
    this.changes[kind] = [...(this.changes[kind] ?? []), ...ids];
  }

  page(checkpoint?: string): SyncPage {
    const changes: PortfolioChanges = Object.fromEntries(Object.entries(this.changes).filter(([, v]) => Array.isArray(v) && v.length > 0));
    return { changes, skipped: this.skipped, ...(checkpoint === undefined ? {} : { checkpoint }) };
  }
}

export function countUnassociated(context: SyncContext, object: string, count = 1): void {
  context.unassociated[object] = (context.unassociated[object] ?? 0) + count;
}
