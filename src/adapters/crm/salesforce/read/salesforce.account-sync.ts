// Accounts → Company, Override and parent/referral/influence Relation records.
import type { Override, Relation } from '../../../../domain/records.ts';
import { isSalesforceError } from '../client/salesforce.errors.ts';
import { mapAccount } from './salesforce.mapper.ts';
import { OVERRIDE_FIELD } from './salesforce.objects.ts';
import { SALESFORCE_LIMITS } from '../client/salesforce.paths.ts';
import { readAll, type Row } from './salesforce.query.ts';
import { rawId } from './salesforce.records.ts';
import { chunk, inList, quote, soql } from './salesforce.soql.ts';
import type { PageBuilder, SyncContext } from './salesforce.sync-context.ts';
import { sfInstant } from './salesforce.values.ts';

/** An override waiting for its date: when the field last changed, else when the account did. */
export interface PendingOverride {
  override: Omit<Override, 'at'>;
  fallbackAt: number;
}

export const isDeletedRow = (raw: Row) => raw.IsDeleted === true || raw.IsDeleted === 'true';

/** Maps account rows into `page` (deleted ones as deletions); answers the overrides still to be dated. */
export function addAccounts(context: SyncContext, rows: readonly Row[], page: PageBuilder): PendingOverride[] {
  const pending: PendingOverride[] = [];
  const deleted: string[] = [];
  for (const raw of rows) {
    if (isDeletedRow(raw)) {
      deleted.push(rawId(raw));
      continue;
    }
    page.take('account', rawId(raw), context.parse.account(raw), (row) => {
      const { company, relations, override } = mapAccount(row);
      page.changes.companies.push(company);
      page.changes.relations.push(...relations);
      if (override) page.take('override', row.Id, override, (o) => pending.push({ override: o, fallbackAt: row.LastModifiedDate ?? row.SystemModstamp ?? row.CreatedDate }));
    });
  }
  page.deleted('deletedCompanyIds', deleted);
  return pending;
}

/**
 * Dates the overrides by the field history of KW_Segment_Override__c (when the org tracks it),
 * else by the account's last modification, and adds them to `page`.
 */
export async function addOverrides(context: SyncContext, pending: readonly PendingOverride[], page: PageBuilder): Promise<void> {
  if (pending.length === 0) return;
  const setAt = new Map<string, number>();
  try {
    for (const ids of chunk(pending.map((p) => p.override.companyId), SALESFORCE_LIMITS.idsPerQuery)) {
      const rows = await readAll(context.conn, soql({ fields: ['AccountId', 'CreatedDate'], from: 'AccountHistory', where: [`Field = ${quote(OVERRIDE_FIELD)}`, `AccountId IN ${inList(ids)}`] }));
      for (const row of rows) {
        const at = sfInstant.safeParse(row.CreatedDate);
        const id = typeof row.AccountId === 'string' ? row.AccountId : undefined;
        if (id && at.success && at.data !== undefined) setAt.set(id, Math.max(setAt.get(id) ?? 0, at.data));
      }
    }
  } catch (error) {
    if (!isSalesforceError(error, 'crm.bad_request') && !isSalesforceError(error, 'crm.forbidden')) throw error;
    context.log.warn({ reason: error.message }, 'salesforce account history unreadable; overrides dated by the account change');
  }
  for (const { override, fallbackAt } of pending) page.changes.overrides.push({ ...override, at: setAt.get(override.companyId) ?? fallbackAt });
}

/** Relations in which the given accounts are the other end: their children, the accounts they referred or influence. */
export async function relationsFrom(context: SyncContext, accountIds: readonly string[]): Promise<Relation[]> {
  const { referralField, influenceField } = context.fields;
  const relations: Relation[] = [];
  for (const ids of chunk(accountIds, SALESFORCE_LIMITS.idsPerQuery)) {
    const list = inList(ids);
    const rows = await readAll(context.conn, soql({ fields: ['Id', 'ParentId', referralField, influenceField], from: 'Account', where: [`(ParentId IN ${list} OR ${referralField} IN ${list} OR ${influenceField} IN ${list})`] }));
    const wanted = new Set(ids);
    for (const row of rows) {
      const to = rawId(row);
      const link = (field: string, kind: Relation['kind']) => {
        const from = row[field];
        if (typeof from === 'string' && wanted.has(from)) relations.push({ fromCompanyId: from, toCompanyId: to, kind });
      };
      link('ParentId', 'parent');
      link(referralField, 'referral');
      link(influenceField, 'influence');
    }
  }
  return relations;
}
