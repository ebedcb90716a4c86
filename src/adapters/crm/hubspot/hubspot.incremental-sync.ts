// What changed since the checkpoint: records modified since (minus a small overlap for the
// search index's lag), the deals whose line items changed, the children of merged companies,
// and what was archived.
import type { SyncPage } from '../../../app/ports/crm.port.ts';
import { addActivities } from './hubspot.activity-sync.ts';
import { batchRead, listArchived } from './hubspot.batch.ts';
import { advance, encodeCheckpoint, type Watermarks } from './hubspot.checkpoint.ts';
import { addChildren } from './hubspot.company-children.ts';
import { addCompanies, relationsOf } from './hubspot.company-sync.ts';
import { addDeals, dealsOfLineItems } from './hubspot.deal-sync.ts';
import { activityId } from './hubspot.mapper.ts';
import { ACTIVITY_OBJECTS, COMPANY_PROPERTIES, DEAL_PROPERTIES, LINE_ITEM_PROPERTIES } from './hubspot.objects.ts';
import { HUBSPOT_LIMITS, type ObjectType } from './hubspot.paths.ts';
import { searchModified, type SearchBatch } from './hubspot.search.ts';
import { PageBuilder, type SyncContext } from './hubspot.sync-context.ts';

export interface IncrementalOptions {
  overlapMs: number;
  sweepArchived: boolean;
}

export async function* incrementalSync(context: SyncContext, start: Watermarks, options: IncrementalOptions): AsyncGenerator<SyncPage> {
  const { client, pageSize } = context;
  const since = (type: ObjectType) => (start[type] === undefined ? null : Math.max(0, start[type]! - options.overlapMs));
  const search = (objectType: ObjectType, properties: readonly string[]) =>
    chunked(searchModified(client, { objectType, properties, since: since(objectType), pageSize }), HUBSPOT_LIMITS.associationsBatch);
  let marks: Watermarks = { ...start };
  const survivors: string[] = [];

  for await (const batch of searchModified(client, { objectType: 'companies', properties: COMPANY_PROPERTIES, since: since('companies'), pageSize })) {
    const page = new PageBuilder();
    for (const bad of batch.invalid) page.skip('company', bad.id, bad.reason);
    const mapped = await addCompanies(context, batch.objects, page);
    page.changes.relations.push(...(await relationsOf(context, mapped.ids)));
    survivors.push(...mapped.survivors);
    marks = advance(marks, 'companies', batch.watermark);
    yield page.page(encodeCheckpoint(marks));
  }

  const lineItemIds: string[] = [];
  const lineItemPage = new PageBuilder();
  let lineItemsMark: number | null = null;
  for await (const batch of search('line_items', LINE_ITEM_PROPERTIES)) {
    for (const bad of batch.invalid) lineItemPage.skip('line_item', bad.id, bad.reason);
    lineItemIds.push(...batch.objects.map((o) => o.id));
    lineItemsMark = batch.watermark;
  }
  const dealsToRefresh = new Set(lineItemIds.length > 0 ? await dealsOfLineItems(context, lineItemIds) : []);
  for await (const batch of search('deals', DEAL_PROPERTIES)) {
    const page = new PageBuilder();
    for (const bad of batch.invalid) page.skip('deal', bad.id, bad.reason);
    for (const deal of batch.objects) dealsToRefresh.delete(deal.id);
    await addDeals(context, batch.objects, page);
    marks = advance(marks, 'deals', batch.watermark);
    yield page.page(encodeCheckpoint(marks));
  }
  if (dealsToRefresh.size > 0) {
    const read = await batchRead(client, 'deals', [...dealsToRefresh], DEAL_PROPERTIES);
    for (const bad of read.invalid) lineItemPage.skip('deal', bad.id, bad.reason);
    await addDeals(context, read.objects, lineItemPage);
  }
  marks = advance(marks, 'line_items', lineItemsMark);
  yield lineItemPage.page(encodeCheckpoint(marks));

  for (const source of ACTIVITY_OBJECTS) {
    for await (const batch of search(source.objectType, source.properties)) {
      const page = new PageBuilder();
      for (const bad of batch.invalid) page.skip(source.objectType, bad.id, bad.reason);
      await addActivities(context, source, batch.objects, page);
      marks = advance(marks, source.objectType, batch.watermark);
      yield page.page(encodeCheckpoint(marks));
    }
  }

  if (survivors.length > 0) {
    const page = new PageBuilder();
    await addChildren(context, survivors, page);
    yield page.page(encodeCheckpoint(marks));
  }
  if (options.sweepArchived) {
    const page = new PageBuilder();
    page.deleted('deletedCompanyIds', await listArchived(client, 'companies', since('companies')));
    page.deleted('deletedDealIds', await listArchived(client, 'deals', since('deals')));
    for (const source of ACTIVITY_OBJECTS) {
      const ids = await listArchived(client, source.objectType, since(source.objectType));
      page.deleted('deletedActivityIds', ids.map((id) => activityId(source.objectType, id)));
    }
    yield page.page(encodeCheckpoint(marks));
  }
}

/** Groups search pages so association reads go out 1,000 records at a time. */
async function* chunked(batches: AsyncIterable<SearchBatch>, size: number): AsyncGenerator<SearchBatch> {
  let pending: SearchBatch = { objects: [], invalid: [], watermark: null };
  for await (const batch of batches) {
    pending = { objects: [...pending.objects, ...batch.objects], invalid: [...pending.invalid, ...batch.invalid], watermark: batch.watermark };
    if (pending.objects.length >= size) {
      yield pending;
      pending = { objects: [], invalid: [], watermark: null };
    }
  }
  if (pending.objects.length > 0 || pending.invalid.length > 0) yield pending;
}
