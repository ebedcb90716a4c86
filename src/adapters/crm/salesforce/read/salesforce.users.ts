// The org's users by name (SOQL on User: Id, FirstName, LastName), so screens can show an
// account's owner as "First Last" instead of a User id. A user the sync may not read leaves
// the ids shown, with a warning.
import type { Logger } from '../../../../app/ports/logger.port.ts';
import type { Owner } from '../../../../app/ports/store.port.ts';
import type { SalesforceConnection } from '../client/salesforce.connection.ts';
import { SalesforceError } from '../client/salesforce.errors.ts';
import { queryPages } from './salesforce.query.ts';
import { soql } from './salesforce.soql.ts';

export async function readUsers(conn: SalesforceConnection, log: Logger): Promise<Owner[]> {
  const owners: Owner[] = [];
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  try {
    for await (const page of queryPages(conn, soql({ fields: ['Id', 'FirstName', 'LastName'], from: 'User', orderBy: 'Id' }))) {
      for (const row of page.records) {
        const id = text(row.Id);
        if (!id) continue;
        const owner: Owner = { id };
        const first = text(row.FirstName);
        const last = text(row.LastName);
        if (first) owner.firstName = first;
        if (last) owner.lastName = last;
        owners.push(owner);
      }
    }
  } catch (error) {
    if (!(error instanceof SalesforceError) || error.code === 'crm.daily_limit') throw error;
    log.warn({ reason: error.message }, 'salesforce users not readable; owners are shown by id');
    return [];
  }
  return owners;
}
