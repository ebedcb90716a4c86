// A full read of the org with the fewest calls: one call for the record counts, then each large
// object through one Bulk API 2.0 job (the rest through REST query pages of 2,000), a few at once.
// No associations to read: every record names its account (AccountId, ParentId, the lookups).
import type { SyncPage } from '../../../../app/ports/crm.port.ts';
import { addAccounts, addOverrides, type PendingOverride } from './salesforce.account-sync.ts';
import { addSurveyScores } from './salesforce.satisfaction.ts';
import { addActivities } from './salesforce.activity-sync.ts';
import { addDeals, collectLineItems } from './salesforce.deal-sync.ts';
import type { LineItemFigures } from './salesforce.mapper.ts';
import { activityFields, ACTIVITY_OBJECTS, SYNCED_OBJECTS, accountFields, lineItemFields, opportunityFields, type ActivityObject, type SyncedObject } from './salesforce.objects.ts';
import { recordCountsOf } from './salesforce.query.ts';
import { latestModstamp, readObject } from './salesforce.read.ts';
import { merge, type Step } from './salesforce.streams.ts';
import { PageBuilder, type SyncContext } from './salesforce.sync-context.ts';

export async function* fullSync(context: SyncContext, concurrency: number): AsyncGenerator<SyncPage> {
  const bulk = await largeObjects(context);
  const started = context.now();
  // A record changed while the read ran may carry a later stamp than one the read missed: never mark past the start.
  const mark = (latest: number | null) => (latest === null ? null : Math.min(latest, started));
  yield* merge(
    [() => accountStream(context, bulk.has('Account'), mark), () => dealStream(context, bulk, mark), ...ACTIVITY_OBJECTS.map((o) => () => activityStream(context, o, bulk.has(o), mark))],
    concurrency,
    {},
  );
}

/** The objects worth a bulk job, by Salesforce's record counts (one call; an uncounted object is read over REST). */
async function largeObjects(context: SyncContext): Promise<Set<SyncedObject>> {
  if (!Number.isFinite(context.bulkQueryAbove)) return new Set();
  const counts = await recordCountsOf(context.conn, SYNCED_OBJECTS);
  return new Set(SYNCED_OBJECTS.filter((o) => (counts.get(o) ?? 0) > context.bulkQueryAbove));
}

type Mark = (latest: number | null) => number | null;

async function* accountStream(context: SyncContext, bulk: boolean, mark: Mark): AsyncGenerator<Step> {
  const pending: PendingOverride[] = [];
  let latest: number | null = null;
  for await (const rows of readObject(context, { object: 'Account', fields: accountFields(context.fields) }, bulk)) {
    const page = new PageBuilder();
    pending.push(...addAccounts(context, rows, page));
    await addSurveyScores(context, page, page.changes.companies.map((c) => c.id));
    latest = latestModstamp(rows, latest);
    yield { page: page.page() };
  }
  const rest = new PageBuilder();
  await addOverrides(context, pending, rest);
  yield { page: rest.page(), marks: [['Account', mark(latest)]] };
}

async function* dealStream(context: SyncContext, bulk: Set<SyncedObject>, mark: Mark): AsyncGenerator<Step> {
  // Products and opportunities are read side by side; opportunities are mapped once every product is in.
  const items = new PageBuilder();
  const products = (async () => {
    const figures = new Map<string, LineItemFigures[]>();
    let latest: number | null = null;
    for await (const rows of readObject(context, { object: 'OpportunityLineItem', fields: lineItemFields(context.fields) }, bulk.has('OpportunityLineItem'))) {
      collectLineItems(context, rows, items, figures);
      latest = latestModstamp(rows, latest);
    }
    return { figures, latest };
  })();
  products.catch(() => undefined);
  let latest: number | null = null;
  for await (const rows of readObject(context, { object: 'Opportunity', fields: opportunityFields(context.fields) }, bulk.has('Opportunity'))) {
    const page = new PageBuilder();
    await addDeals(context, rows, page, (await products).figures);
    latest = latestModstamp(rows, latest);
    yield { page: page.page() };
  }
  yield { page: items.page(), marks: [['OpportunityLineItem', mark((await products).latest)], ['Opportunity', mark(latest)]] };
}

async function* activityStream(context: SyncContext, object: ActivityObject, bulk: boolean, mark: Mark): AsyncGenerator<Step> {
  // Tasks and events older than a year are archived: only queryAll returns them.
  const all = object !== 'Case';
  let latest: number | null = null;
  for await (const rows of readObject(context, { object, fields: activityFields(object, context.ownTasks), all, ...(all ? { where: ['IsDeleted = false'] } : {}) }, bulk)) {
    const page = new PageBuilder();
    addActivities(context, object, rows, page);
    latest = latestModstamp(rows, latest);
    yield { page: page.page() };
  }
  yield { page: new PageBuilder().page(), marks: [[object, mark(latest)]] };
}
