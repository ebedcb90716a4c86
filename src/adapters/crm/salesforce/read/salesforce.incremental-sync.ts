// What changed since the checkpoint: per object, the rows whose SystemModstamp is past its mark
// (minus a small overlap for transactions that commit late), read with queryAll so deletions
// come along (IsDeleted); opportunities whose products changed are read again with them.
import type { SyncPage } from '../../../../app/ports/crm.port.ts';
import { addAccounts, addOverrides } from './salesforce.account-sync.ts';
import { accountsWithNewResponses, addSurveyScores } from './salesforce.satisfaction.ts';
import { SALESFORCE_LIMITS } from '../client/salesforce.paths.ts';
import { addActivities } from './salesforce.activity-sync.ts';
import { SURVEY_MARK, type Watermarks } from './salesforce.checkpoint.ts';
import { addDeals, lineItemSubquery, readOpportunities } from './salesforce.deal-sync.ts';
import { activityFields, ACTIVITY_OBJECTS, MODIFIED, accountFields, lineItemFields, opportunityFields, type ActivityObject, type SyncedObject } from './salesforce.objects.ts';
import { queryPages, readAll, type Row } from './salesforce.query.ts';
import { latestModstamp } from './salesforce.read.ts';
import { chunk, inList, modifiedSince, soql } from './salesforce.soql.ts';
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

  /** New survey responses since (from the accounts' mark the first time): their accounts are read again with the new averages. */
  async function* surveyResponses(): AsyncGenerator<Step> {
    const from = start[SURVEY_MARK] === undefined ? since('Account') : Math.max(0, start[SURVEY_MARK] - options.overlapMs);
    for await (const { accountIds, watermark } of accountsWithNewResponses(context, from)) {
      const page = new PageBuilder();
      for (const ids of chunk(accountIds, SALESFORCE_LIMITS.idsPerQuery)) {
        const rows = await readAll(context.conn, soql({ fields: accountFields(context.fields), from: 'Account', where: [`Id IN ${inList(ids)}`, 'IsDeleted = false'] }));
        const pending = addAccounts(context, rows, page);
        await addSurveyScores(context, page, rows.map((r) => String(r.Id)));
        await addOverrides(context, pending, page);
      }
      yield { page: page.page(), marks: [[SURVEY_MARK, watermark]] };
    }
  }

  const surveys = context.satisfaction && 'object' in context.satisfaction.source ? [surveyResponses] : [];
  yield* merge([accounts, opportunities, lineItems, ...ACTIVITY_OBJECTS.map((o) => () => activities(o)), ...surveys], options.concurrency, start);
}

function opportunityIdsOf(rows: readonly Row[]): string[] {
  return [...new Set(rows.map((r) => r.OpportunityId).filter((id): id is string => typeof id === 'string' && id !== ''))];
}
