// Deals with their line items (cost of goods, discount) and their company.
import { CompanyOwnership, readAssociations } from './hubspot.associations.ts';
import { batchRead } from './hubspot.batch.ts';
import { combineLineItems, mapDeal, mapLineItem, type LineItemFigures } from './hubspot.mapper.ts';
import { LINE_ITEM_PROPERTIES } from './hubspot.objects.ts';
import type { CrmObject } from '../client/hubspot.schemas.ts';
import { searchModified } from './hubspot.search.ts';
import { countUnassociated, type PageBuilder, type SyncContext } from './hubspot.sync-context.ts';

/** Line item figures per deal for the whole portal: one search over line items, then their deals. */
export async function allLineItemFigures(
  context: SyncContext,
  page: PageBuilder,
): Promise<{ byDeal: Map<string, LineItemFigures>; watermark: number | null; objects: CrmObject[] }> {
  const byLineItem = new Map<string, LineItemFigures>();
  let watermark: number | null = null;
  // Only the last ones are kept: the checkpoint remembers those close to the mark.
  let last: CrmObject[] = [];
  for await (const batch of searchModified(context.client, { objectType: 'line_items', properties: LINE_ITEM_PROPERTIES, since: null, pageSize: context.pageSize })) {
    for (const bad of batch.invalid) page.skip('line_item', bad.id, bad.reason);
    for (const object of batch.objects) page.take('line_item', object.id, mapLineItem(object), (f) => byLineItem.set(object.id, f));
    watermark = batch.watermark;
    last = batch.objects;
  }
  const deals = await readAssociations(context.client, 'line_items', 'deals', [...byLineItem.keys()]);
  return { byDeal: figuresByDeal(byLineItem, deals), watermark, objects: last };
}

function figuresByDeal(byLineItem: Map<string, LineItemFigures>, dealsOfLineItem: Map<string, { id: string }[]>): Map<string, LineItemFigures> {
  const items = new Map<string, LineItemFigures[]>();
  for (const [lineItemId, deals] of dealsOfLineItem) {
    const figures = byLineItem.get(lineItemId);
    if (!figures) continue;
    for (const deal of deals) items.set(deal.id, [...(items.get(deal.id) ?? []), figures]);
  }
  return new Map([...items].map(([dealId, list]) => [dealId, combineLineItems(list)]));
}

/** The deals that given line items belong to (a changed line item changes its deal's figures). */
export async function dealsOfLineItems(context: SyncContext, lineItemIds: readonly string[]): Promise<string[]> {
  const links = await readAssociations(context.client, 'line_items', 'deals', lineItemIds);
  return [...new Set([...links.values()].flat().map((d) => d.id))];
}

/**
 * Maps deals into `page`. Without `known` (incremental work) their companies and line items
 * are read per batch from the deals' side; a full sync passes what it read for the whole portal.
 */
export async function addDeals(
  context: SyncContext,
  deals: readonly CrmObject[],
  page: PageBuilder,
  known?: { ownership: CompanyOwnership; figures: Map<string, LineItemFigures> },
): Promise<void> {
  if (deals.length === 0) return;
  const ids = deals.map((d) => d.id);
  const ownership = known?.ownership ?? new CompanyOwnership().addFromRecords(await readAssociations(context.client, 'deals', 'companies', ids));
  const figures = known?.figures ?? (await lineItemsOf(context, ids, page));
  for (const deal of deals) {
    const companyId = ownership.companyOf(deal.id);
    if (companyId === undefined) countUnassociated(context, 'deal');
    else page.take('deal', deal.id, mapDeal(deal, companyId, figures.get(deal.id) ?? {}), (d) => page.changes.deals.push(d));
  }
}

async function lineItemsOf(context: SyncContext, dealIds: readonly string[], page: PageBuilder): Promise<Map<string, LineItemFigures>> {
  const links = await readAssociations(context.client, 'deals', 'line_items', dealIds);
  const lineItemIds = [...new Set([...links.values()].flat().map((l) => l.id))];
  if (lineItemIds.length === 0) return new Map();
  const read = await batchRead(context.client, 'line_items', lineItemIds, LINE_ITEM_PROPERTIES);
  for (const bad of read.invalid) page.skip('line_item', bad.id, bad.reason);
  const byLineItem = new Map<string, LineItemFigures>();
  for (const object of read.objects) page.take('line_item', object.id, mapLineItem(object), (f) => byLineItem.set(object.id, f));
  const dealsOfLineItem = new Map<string, { id: string }[]>();
  for (const [dealId, items] of links) for (const item of items) dealsOfLineItem.set(item.id, [...(dealsOfLineItem.get(item.id) ?? []), { id: dealId }]);
  return figuresByDeal(byLineItem, dealsOfLineItem);
}
