// Opportunities with their products (cost of goods, discount) → Deal records of their account.
import { isDeletedRow } from './salesforce.account-sync.ts';
import { combineLineItems, lineItemFigures, mapOpportunity, type LineItemFigures } from './salesforce.mapper.ts';
import { LINE_ITEMS_RELATIONSHIP, lineItemFields, opportunityFields } from './salesforce.objects.ts';
import { SALESFORCE_LIMITS } from '../client/salesforce.paths.ts';
import { childRows, readAll, type Row } from './salesforce.query.ts';
import { rawId } from './salesforce.records.ts';
import { chunk, inList, soql } from './salesforce.soql.ts';
import { countUnassociated, type PageBuilder, type SyncContext } from './salesforce.sync-context.ts';

/** The products of each opportunity, read with it in one query (REST only: Bulk API 2.0 has no subqueries). */
export function lineItemSubquery(context: SyncContext): string {
  return `(${soql({ fields: lineItemFields(context.fields), from: LINE_ITEMS_RELATIONSHIP })})`;
}

/** Figures of line item rows, collected per opportunity; an unreadable product leaves its opportunity's cost unknown. */
export function collectLineItems(context: SyncContext, rows: readonly Row[], page: PageBuilder, byOpportunity: Map<string, LineItemFigures[]>): void {
  for (const raw of rows) {
    if (isDeletedRow(raw)) continue;
    const row = context.parse.lineItem(raw);
    const opportunityId = row.ok ? row.value.OpportunityId : typeof raw.OpportunityId === 'string' ? raw.OpportunityId : undefined;
    if (!row.ok) page.skip('line_item', rawId(raw), row.reason);
    if (!opportunityId) continue;
    const list = byOpportunity.get(opportunityId) ?? [];
    list.push(row.ok ? lineItemFigures(row.value) : {});
    byOpportunity.set(opportunityId, list);
  }
}

/**
 * Maps opportunity rows into `page` (deleted ones as deletions). Their products come from
 * `figures` (a full read collected them) or from each row's OpportunityLineItems subquery.
 */
export async function addDeals(context: SyncContext, rows: readonly Row[], page: PageBuilder, figures: Map<string, LineItemFigures[]> | 'subquery'): Promise<void> {
  const deleted: string[] = [];
  for (const raw of rows) {
    if (isDeletedRow(raw)) {
      deleted.push(rawId(raw));
      continue;
    }
    const row = context.parse.opportunity(raw);
    if (!row.ok) {
      page.skip('opportunity', rawId(raw), row.reason);
      continue;
    }
    const accountId = row.value.AccountId;
    if (!accountId) {
      countUnassociated(context, 'Opportunity');
      continue;
    }
    let items: LineItemFigures[];
    if (figures === 'subquery') {
      const byOpportunity = new Map<string, LineItemFigures[]>();
      collectLineItems(context, await childRows(context.conn, raw, LINE_ITEMS_RELATIONSHIP), page, byOpportunity);
      items = byOpportunity.get(row.value.Id) ?? [];
    } else {
      items = figures.get(row.value.Id) ?? [];
    }
    page.take('opportunity', row.value.Id, mapOpportunity(row.value, accountId, combineLineItems(items)), (d) => page.changes.deals.push(d));
  }
  page.deleted('deletedDealIds', deleted);
}

/** Opportunities by id (or by account) with their products, for the deals whose products changed or for given accounts. */
export async function readOpportunities(context: SyncContext, by: 'Id' | 'AccountId', ids: readonly string[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const part of chunk(ids, SALESFORCE_LIMITS.idsPerQuery)) {
    rows.push(...(await readAll(context.conn, soql({ fields: opportunityFields(context.fields), subqueries: [lineItemSubquery(context)], from: 'Opportunity', where: [`${by} IN ${inList(part)}`] }))));
  }
  return rows;
}
