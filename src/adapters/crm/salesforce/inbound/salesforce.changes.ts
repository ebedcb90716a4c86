// For the worker behind the webhook: the accounts whose figures the notified records move.
// Nothing from the message is trusted beyond the record ids: each record's account is read
// from Salesforce (queryAll, so a deleted opportunity still names the account it left).
import type { CompanyResolver, DirtyObject, QueuedItem, Resolution } from '../../../../app/ports/queue.port.ts';
import type { TenantId } from '../../../../app/ports/store.port.ts';
import { isDeletedRow } from '../read/salesforce.account-sync.ts';
import type { SalesforceConnection } from '../client/salesforce.connection.ts';
import type { ChangedRecord, NotifiedObject } from './salesforce.outbound-message.ts';
import { SALESFORCE_LIMITS } from '../client/salesforce.paths.ts';
import { readAll } from '../read/salesforce.query.ts';
import { chunk, inList, soql } from '../read/salesforce.soql.ts';

type ChildObject = Exclude<NotifiedObject, 'Account'>;

const ACCOUNT_OF: Record<ChildObject, string> = {
  Opportunity: 'AccountId',
  OpportunityLineItem: 'Opportunity.AccountId',
  Task: 'AccountId',
  Event: 'AccountId',
  Case: 'AccountId',
};

/** What Salesforce says now of one changed record: its account (if any), and whether it was deleted. */
export interface RecordState {
  accountId: string | null;
  deleted: boolean;
}

/**
 * Each record's account, read again from the org. An account stands for itself; a record the org
 * does not know at all (purged, or never visible to the integration user) is absent from the map.
 */
export async function statesOfChanges(conn: SalesforceConnection, records: readonly ChangedRecord[]): Promise<Map<string, RecordState>> {
  const states = new Map<string, RecordState>();
  const byType = new Map<NotifiedObject, Set<string>>();
  for (const r of records) byType.set(r.objectType, (byType.get(r.objectType) ?? new Set()).add(r.id));
  for (const [type, ids] of byType) {
    if (type === 'Account') {
      for (const id of ids) states.set(id, { accountId: id, deleted: false });
      continue;
    }
    const field = ACCOUNT_OF[type];
    for (const part of chunk([...ids], SALESFORCE_LIMITS.idsPerQuery)) {
      for (const row of await readAll(conn, soql({ fields: ['Id', field, 'IsDeleted'], from: type, where: [`Id IN ${inList(part)}`] }), { all: true })) {
        const accountId = field.includes('.') ? (row.Opportunity as { AccountId?: unknown } | null | undefined)?.AccountId : row[field];
        states.set(String(row.Id), { accountId: typeof accountId === 'string' && accountId !== '' ? accountId : null, deleted: isDeletedRow(row) });
      }
    }
  }
  return states;
}

export async function accountsOfChanges(conn: SalesforceConnection, records: readonly ChangedRecord[]): Promise<string[]> {
  const accounts = new Set<string>();
  for (const state of (await statesOfChanges(conn, records)).values()) if (state.accountId) accounts.add(state.accountId);
  return [...accounts];
}

/** A notified record as a dirty object of the work queue (the worker reads it again; the payload is not kept). */
export function dirtyObjectOf(tenant: TenantId, record: ChangedRecord): DirtyObject {
  switch (record.objectType) {
    case 'Account':
      return { tenant, objectType: 'company', objectId: record.id, reason: 'changed' };
    case 'Opportunity':
      return { tenant, objectType: 'deal', objectId: record.id, reason: 'changed' };
    case 'OpportunityLineItem':
      return { tenant, objectType: 'line_item', objectId: record.id, reason: 'changed' };
    case 'Case':
      return { tenant, objectType: 'ticket', objectId: record.id, reason: 'changed', crmType: 'Case' };
    case 'Task':
    case 'Event':
      return { tenant, objectType: 'engagement', objectId: record.id, reason: 'changed', crmType: record.objectType };
  }
}

/** The Salesforce object a queued item names; null for what this connector never queues. */
function recordOf(item: QueuedItem): ChangedRecord | null {
  switch (item.objectType) {
    case 'company':
      return { objectType: 'Account', id: item.objectId };
    case 'deal':
      return { objectType: 'Opportunity', id: item.objectId };
    case 'line_item':
      return { objectType: 'OpportunityLineItem', id: item.objectId };
    case 'ticket':
      return { objectType: 'Case', id: item.objectId };
    case 'engagement':
      return item.crmType === 'Task' || item.crmType === 'Event' ? { objectType: item.crmType, id: item.objectId } : null;
  }
}

/**
 * The worker's resolver for Salesforce tenants: every queued opportunity, product, task, event
 * and case is read again (queryAll) for its current account; a deleted one is removed from the
 * store (its account is still recomputed, it lost that record).
 */
export function createSalesforceCompanyResolver(options: { connection: () => Promise<SalesforceConnection> }): CompanyResolver {
  return {
    async resolve(items): Promise<Resolution> {
      const resolution: Resolution = { companies: new Map(), gone: { dealIds: [], activityIds: [] } };
      const records = new Map<string, ChangedRecord>();
      for (const item of items) {
        const record = recordOf(item);
        if (record) records.set(item.id, record);
        else resolution.companies.set(item.id, []);
      }
      if (records.size === 0) return resolution;
      const states = await statesOfChanges(await options.connection(), [...records.values()]);
      for (const [itemId, record] of records) {
        const state = states.get(record.id);
        resolution.companies.set(itemId, state?.accountId ? [state.accountId] : []);
        if (!state?.deleted) continue;
        if (record.objectType === 'Opportunity') resolution.gone.dealIds.push(record.id);
        if (record.objectType === 'Task' || record.objectType === 'Event' || record.objectType === 'Case') resolution.gone.activityIds.push(record.id);
      }
      return resolution;
    },
  };
}
