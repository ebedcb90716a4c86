// Fresh copies of given accounts (webhook and Flow work): the accounts, the relations touching
// them, their opportunities with products, tasks, events and cases. An account that is gone
// (deleted, merged away, or no longer visible) comes back as a deletion.
import type { SyncPage } from '../../../../app/ports/crm.port.ts';
import type { Relation } from '../../../../domain/records.ts';
import { addAccounts, addOverrides, isDeletedRow, relationsFrom, type PendingOverride } from './salesforce.account-sync.ts';
import { addActivities } from './salesforce.activity-sync.ts';
import { addDeals, readOpportunities } from './salesforce.deal-sync.ts';
import { activityFields, ACTIVITY_OBJECTS, accountFields } from './salesforce.objects.ts';
import { SALESFORCE_LIMITS } from '../client/salesforce.paths.ts';
import { readAll } from './salesforce.query.ts';
import { rawId } from './salesforce.records.ts';
import { chunk, inList, soql } from './salesforce.soql.ts';
import { addSurveyScores } from './salesforce.satisfaction.ts';
import { PageBuilder, type SyncContext } from './salesforce.sync-context.ts';

export async function fetchAccounts(context: SyncContext, accountIds: readonly string[]): Promise<SyncPage> {
  const page = new PageBuilder();
  const ids = [...new Set(accountIds)];
  if (ids.length === 0) return page.page();
  const pending: PendingOverride[] = [];
  const live: string[] = [];
  for (const part of chunk(ids, SALESFORCE_LIMITS.idsPerQuery)) {
    const rows = await readAll(context.conn, soql({ fields: accountFields(context.fields), from: 'Account', where: [`Id IN ${inList(part)}`] }), { all: true });
    pending.push(...addAccounts(context, rows, page));
    const found = new Set(rows.filter((r) => !isDeletedRow(r)).map(rawId));
    live.push(...part.filter((id) => found.has(id)));
    const seen = new Set(rows.map(rawId));
    page.deleted('deletedCompanyIds', part.filter((id) => !seen.has(id)));
  }
  if (live.length === 0) return page.page();
  await addSurveyScores(context, page, live);
  page.changes.relations.push(...(await relationsFrom(context, live)));
  page.changes.relations.splice(0, page.changes.relations.length, ...unique(page.changes.relations));
  await addOverrides(context, pending, page);
  await addDeals(context, await readOpportunities(context, 'AccountId', live), page, 'subquery');
  for (const object of ACTIVITY_OBJECTS) {
    const all = object !== 'Case';
    for (const part of chunk(live, SALESFORCE_LIMITS.idsPerQuery)) {
      const where = [`AccountId IN ${inList(part)}`, ...(all ? ['IsDeleted = false'] : [])];
      addActivities(context, object, await readAll(context.conn, soql({ fields: activityFields(object, context.ownTasks), from: object, where }), { all }), page);
    }
  }
  return page.page();
}

function unique(relations: readonly Relation[]): Relation[] {
  const byKey = new Map(relations.map((r) => [`${r.kind}:${r.fromCompanyId}>${r.toCompanyId}`, r]));
  return [...byKey.values()];
}
