// For the worker behind the webhook: the accounts whose figures the notified records move.
// Nothing from the message is trusted beyond the record ids: each record's account is read
// from Salesforce (queryAll, so a deleted opportunity still names the account it left).
import type { SalesforceConnection } from './salesforce.connection.ts';
import type { ChangedRecord, NotifiedObject } from './salesforce.outbound-message.ts';
import { SALESFORCE_LIMITS } from './salesforce.paths.ts';
import { readAll } from './salesforce.query.ts';
import { chunk, inList, soql } from './salesforce.soql.ts';

const ACCOUNT_OF: Record<Exclude<NotifiedObject, 'Account'>, string> = {
  Opportunity: 'AccountId',
  OpportunityLineItem: 'Opportunity.AccountId',
  Task: 'AccountId',
  Event: 'AccountId',
  Case: 'AccountId',
};

export async function accountsOfChanges(conn: SalesforceConnection, records: readonly ChangedRecord[]): Promise<string[]> {
  const accounts = new Set<string>();
  const byType = new Map<NotifiedObject, string[]>();
  for (const r of records) byType.set(r.objectType, [...(byType.get(r.objectType) ?? []), r.id]);
  for (const [type, ids] of byType) {
    if (type === 'Account') {
      ids.forEach((id) => accounts.add(id));
      continue;
    }
    const field = ACCOUNT_OF[type];
    for (const part of chunk([...new Set(ids)], SALESFORCE_LIMITS.idsPerQuery)) {
      for (const row of await readAll(conn, soql({ fields: ['Id', field], from: type, where: [`Id IN ${inList(part)}`] }), { all: true })) {
        const accountId = field.includes('.') ? (row.Opportunity as { AccountId?: unknown } | null | undefined)?.AccountId : row[field];
        if (typeof accountId === 'string' && accountId !== '') accounts.add(accountId);
      }
    }
  }
  return [...accounts];
}
