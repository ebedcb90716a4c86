// One sObject Collections update: PATCH /composite/sobjects with up to 200 accounts and
// allOrNone false, so each record stands or falls alone; the answer lists them in order.
import type { CompanyUpdate, WriteFailure } from '../../../../app/ports/crm.port.ts';
import type { SalesforceConnection } from '../client/salesforce.connection.ts';
import { SALESFORCE_PATHS } from '../client/salesforce.paths.ts';
import { collectionResults } from '../client/salesforce.schemas.ts';
import { accountRecord, failureOf } from './salesforce.write-results.ts';

export interface BatchOutcome {
  accepted: CompanyUpdate[];
  failed: WriteFailure[];
}

export async function updateCollection(conn: SalesforceConnection, batch: readonly CompanyUpdate[]): Promise<BatchOutcome> {
  const records = batch.map((u) => {
    const { Id, ...fields } = accountRecord(u);
    return { attributes: { type: 'Account' }, id: Id, ...fields };
  });
  const results = await conn.request(
    { method: 'PATCH', url: SALESFORCE_PATHS.compositeSObjects, body: JSON.stringify({ allOrNone: false, records }), headers: { 'content-type': 'application/json' } },
    collectionResults,
    `update ${batch.length} accounts`,
  );
  const outcome: BatchOutcome = { accepted: [], failed: [] };
  batch.forEach((update, i) => {
    const result = results[i];
    if (result?.success) outcome.accepted.push(update);
    else if (!result) outcome.failed.push({ companyId: update.companyId, code: 'crm.write_failed', message: 'not confirmed by Salesforce' });
    else {
      const error = result.errors[0];
      outcome.failed.push(failureOf(update.companyId, error?.statusCode ?? error?.errorCode ?? 'UNKNOWN_EXCEPTION', result.errors.map((e) => e.message).join('; ') || 'refused'));
    }
  });
  return outcome;
}
