// What changed since the checkpoint: per object, the rows whose SystemModstamp is past its mark
// (minus a small overlap for transactions that commit late), read with queryAll so deletions
// come along (IsDeleted); opportunities whose products changed are read again with them.
import type { SyncPage } from '../../../../app/ports/crm.port.ts';
import { addAccounts, addOverrides } from './salesforce.account-sync.ts';
import { addSurveyScores } from './salesforce.satisfaction.ts';
import { addActivities } from './salesforce.activity-sync.ts';
import type { Watermarks } from './salesforce.checkpoint.ts';
import { addDeals, lineItemSubquery, readOpportunities } from './salesforce.deal-sync.ts';
import { activityFields, ACTIVITY_OBJECTS, MODIFIED, accountFields, lineItemFields, opportunityFields, type ActivityObject, type SyncedObject } from './salesforce.objects.ts';
import { queryPages, type Row } from './salesforce.query.ts';
import { latestModstamp } from './salesforce.read.ts';
import { modifiedSince, soql } from './salesforce.soql.ts';
import { merge, type Step } from './salesforce.streams.ts';
import { PageBuilder, type SyncContext } from './salesforce.sync-context.ts';

export interface IncrementalOptions {
  overlapMs: number;
  concurrency: number;
}

export async function* incrementalSync(context: SyncContext, start: Watermarks, options: IncrementalOptions): AsyncGenerator<SyncPage> {
  const since = (object: SyncedObject) => (start[object] === undefined ? null : Math.max(0, start[object]! - options.overlapMs));
  const changed = (object: SyncedObject, fields: readonly string[], subqueries: string[] = []) =>
    queryPages(context.conn, soql({ fields, subqueries, from: object, where: modifiedSince(since(object)), orderBy: `${MODIFIED} ASC` }), { all: true });

  async function* accounts(): AsyncGenerator<Step> {
    for await (const { records } of changed('Account', accountFields(context.fields))) {
      const page = new PageBuilder();
      const pending = addAccounts(context, records, page);
      await addSurveyScores(context, page, page.changes.companies.map((c) => c.id));
      await addOverrides(context, pending, page);
      yield { page: page.page(), marks: [['Account', latestModstamp(records)]] };
    }
  }
  async function* opportunities(): AsyncGenerator<Step> {
    for await (const { records } of changed('Opportunity', opportunityFields(context.fields), [lineItemSubquery(context)])) {
      const page = new PageBuilder();
      await addDeals(context, records, page, 'subquery');
      yield { page: page.page(), marks: [['Opportunity', latestModstamp(records)]] };
    }
  }
  async function* lineItems(): AsyncGenerator<Step> {
    for await (const { records } of changed('OpportunityLineItem', lineItemFields(context.fields))) {
      // A changed or deleted product changes its opportunity's cost and discount: read those again, whole.
      const page = new PageBuilder();
      await addDeals(context, await readOpportunities(context, 'Id', opportunityIdsOf(records)), page, 'subquery');
      yield { page: page.page(), marks: [['OpportunityLineItem', latestModstamp(records)]] };
    }
  }
  async function* activities(object: ActivityObject): AsyncGenerator<Step> {
    for await (const { records } of changed(object, activityFields(object, context.ownTasks))) {
      const page = new PageBuilder();
      addActivities(context, object, records, page);
      yield { page: page.page(), marks: [[object, latestModstamp(records)]] };
    }
  }

  yield* merge([accounts, opportunities, lineItems, ...ACTIVITY_OBJECTS.map((o) => () => activities(o))], options.concurrency, start);
}

function opportunityIdsOf(rows: readonly Row[]): string[] {
  return [...new Set(rows.map((r) => r.OpportunityId).filter((id): id is string => typeof id === 'string' && id !== ''))];
}
