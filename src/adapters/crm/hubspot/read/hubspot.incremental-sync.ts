// What changed since the checkpoint: records modified since (minus a small overlap for the
// search index's lag), the deals whose line items changed, the children of merged companies,
// and what was archived. Object types are read side by side; merges and deletions come last.
import type { SyncPage } from '../../../../app/ports/crm.port.ts';
import { addActivities } from './hubspot.activity-sync.ts';
import { batchRead, listArchived } from './hubspot.batch.ts';
import { encodeCheckpoint, type Watermarks } from './hubspot.checkpoint.ts';
import { addChildren } from './hubspot.company-children.ts';
import { addCompanies, addOverrides, relationsOf } from './hubspot.company-sync.ts';
import { addDeals, dealsOfLineItems } from './hubspot.deal-sync.ts';
import { activityId } from './hubspot.mapper.ts';
import { ACTIVITY_OBJECTS, COMPANY_PROPERTIES, DEAL_PROPERTIES, LINE_ITEM_PROPERTIES, SURVEY_PROPERTIES, type ActivityObject } from './hubspot.objects.ts';
import { addSurveyScores, companiesOfSubmissions, responseScore } from './hubspot.satisfaction.ts';
import { HUBSPOT_LIMITS, type ObjectType } from '../client/hubspot.paths.ts';
import { searchModified, type SearchBatch } from './hubspot.search.ts';
import type { CrmObject } from '../client/hubspot.schemas.ts';
import type { WriteSet } from '../write/hubspot.echo-log.ts';
import { merge, type Step } from './hubspot.streams.ts';
import { PageBuilder, type SyncContext } from './hubspot.sync-context.ts';

export interface IncrementalOptions {
  overlapMs: number;
  sweepArchived: boolean;
  concurrency: number;
}

export async function* incrementalSync(context: SyncContext, start: Watermarks, options: IncrementalOptions): AsyncGenerator<SyncPage> {
  const since = (type: ObjectType) => (start[type] === undefined ? null : Math.max(0, start[type]! - options.overlapMs));
  const survivors: string[] = [];
  const streams = [() => companyStream(context, since, survivors), () => dealStream(context, since), ...ACTIVITY_OBJECTS.map((s) => () => activityStream(context, s, since))];
  // New survey responses since (from the companies' mark the first time): their companies are read again.
  if (context.surveys && context.surveys.types.length > 0) streams.push(() => surveyStream(context, (type) => since(type) ?? since('companies')));
  let last: string | undefined;
  for await (const page of merge(streams, options.concurrency, start, context.handedOver)) {
    last = page.checkpoint ?? last;
    yield page;
  }
  const checkpoint = last ?? encodeCheckpoint(start, context.handedOver.snapshot(start));
  if (survivors.length > 0) {
    const page = new PageBuilder();
    await addChildren(context, survivors, page);
    yield page.page(checkpoint);
  }
  if (options.sweepArchived) {
    const page = new PageBuilder();
    page.deleted('deletedCompanyIds', await listArchived(context.client, 'companies', since('companies')));
    page.deleted('deletedDealIds', await listArchived(context.client, 'deals', since('deals')));
    for (const source of ACTIVITY_OBJECTS) {
      const ids = await listArchived(context.client, source.objectType, since(source.objectType));
      page.deleted('deletedActivityIds', ids.map((id) => activityId(source.objectType, id)));
    }
    yield page.page(checkpoint);
  }
}

type Since = (type: ObjectType) => number | null;

/** What changed since, less what the previous pull handed over as it is now. */
function modified(context: SyncContext, objectType: ObjectType, properties: readonly string[], since: Since, exclude: readonly WriteSet[] = []) {
  const skip = (id: string, at: number) => context.handedOver.has(objectType, id, at);
  return searchModified(context.client, { objectType, properties, since: since(objectType), pageSize: context.pageSize, exclude, skip });
}

/** Search pages grouped so association reads go out 1,000 records at a time. */
function search(context: SyncContext, objectType: ObjectType, properties: readonly string[], since: Since) {
  return chunked(modified(context, objectType, properties, since), HUBSPOT_LIMITS.associationsBatch);
}

async function* companyStream(context: SyncContext, since: Since, survivors: string[]): AsyncGenerator<Step> {
  const from = since('companies');
  // Our own write-backs since then: a company they alone changed is not read again.
  const exclude = from !== null && context.echoes ? await context.echoes.pending(from) : [];
  for await (const batch of modified(context, 'companies', COMPANY_PROPERTIES, since, exclude)) {
    const page = new PageBuilder();
    for (const bad of batch.invalid) page.skip('company', bad.id, bad.reason);
    const mapped = addCompanies(batch.objects, page);
    context.handedOver.note('companies', batch.objects);
    await addSurveyScores(context, page, mapped.ids);
    await addOverrides(context, mapped.withOverride, page);
    page.changes.relations.push(...(await relationsOf(context, mapped.ids)));
    survivors.push(...mapped.survivors);
    yield { page: page.page(), marks: [['companies', batch.watermark]] };
  }
  // Everything up to the end of those write-backs has been seen (or was our own echo), so the
  // mark may move there even when no other company changed: older write-backs then drop out.
  if (exclude.length > 0) yield { page: new PageBuilder().page(), marks: [['companies', Math.max(...exclude.map((s) => s.to))]] };
}

/** Survey responses given since the mark: the companies of their contacts, read again with their new averages. */
async function* surveyStream(context: SyncContext, since: Since): AsyncGenerator<Step> {
  for await (const batch of modified(context, 'feedback_submissions', SURVEY_PROPERTIES, since)) {
    const page = new PageBuilder();
    const counting = batch.objects.filter((s) => responseScore(s, context.surveys!) !== undefined).map((s) => s.id);
    const companyIds = await companiesOfSubmissions(context, counting);
    if (companyIds.length > 0) {
      const read = await batchRead(context.client, 'companies', companyIds, COMPANY_PROPERTIES);
      for (const bad of read.invalid) page.skip('company', bad.id, bad.reason);
      const mapped = addCompanies(read.objects, page);
      await addSurveyScores(context, page, mapped.ids);
      await addOverrides(context, mapped.withOverride, page);
      page.changes.relations.push(...(await relationsOf(context, mapped.ids)));
    }
    yield { page: page.page(), marks: [['feedback_submissions', batch.watermark]] };
  }
}

async function* dealStream(context: SyncContext, since: Since): AsyncGenerator<Step> {
  const lineItems: CrmObject[] = [];
  const lineItemPage = new PageBuilder();
  let lineItemsMark: number | null = null;
  for await (const batch of search(context, 'line_items', LINE_ITEM_PROPERTIES, since)) {
    for (const bad of batch.invalid) lineItemPage.skip('line_item', bad.id, bad.reason);
    lineItems.push(...batch.objects);
    lineItemsMark = batch.watermark;
  }
  const lineItemIds = lineItems.map((o) => o.id);
  const refresh = new Set(lineItemIds.length > 0 ? await dealsOfLineItems(context, lineItemIds) : []);
  for await (const batch of search(context, 'deals', DEAL_PROPERTIES, since)) {
    const page = new PageBuilder();
    for (const bad of batch.invalid) page.skip('deal', bad.id, bad.reason);
    for (const deal of batch.objects) refresh.delete(deal.id);
    await addDeals(context, batch.objects, page);
    context.handedOver.note('deals', batch.objects);
    yield { page: page.page(), marks: [['deals', batch.watermark]] };
  }
  if (refresh.size > 0) {
    // Deals not modified themselves whose line items were: their cost or discount moved.
    const read = await batchRead(context.client, 'deals', [...refresh], DEAL_PROPERTIES);
    for (const bad of read.invalid) lineItemPage.skip('deal', bad.id, bad.reason);
    await addDeals(context, read.objects, lineItemPage);
  }
  context.handedOver.note('line_items', lineItems);
  yield { page: lineItemPage.page(), marks: [['line_items', lineItemsMark]] };
}

async function* activityStream(context: SyncContext, source: ActivityObject, since: Since): AsyncGenerator<Step> {
  for await (const batch of search(context, source.objectType, source.properties, since)) {
    const page = new PageBuilder();
    for (const bad of batch.invalid) page.skip(source.objectType, bad.id, bad.reason);
    await addActivities(context, source, batch.objects, page);
    context.handedOver.note(source.objectType, batch.objects);
    yield { page: page.page(), marks: [[source.objectType, batch.watermark]] };
  }
}

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
