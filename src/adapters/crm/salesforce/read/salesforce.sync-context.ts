// What every sync step shares (pages are built with ../page-builder.ts).
export { PageBuilder } from '../../page-builder.ts';
import type { Logger } from '../../../../app/ports/logger.port.ts';
import type { SalesforceConnection } from '../client/salesforce.connection.ts';
import type { FieldNames } from '../setup/salesforce.fields.ts';
import type { PollOptions } from '../client/salesforce.jobs.ts';
import type { ActivityRules } from './salesforce.mapper.ts';
import type { RowParsers } from './salesforce.records.ts';
import type { SatisfactionSettings } from './salesforce.satisfaction.ts';

export interface SyncContext {
  conn: SalesforceConnection;
  fields: FieldNames;
  parse: RowParsers;
  rules: ActivityRules;
  /** Objects with more rows than this are read through a Bulk API 2.0 job on a full sync. */
  bulkQueryAbove: number;
  bulkPageSize: number;
  poll: PollOptions;
  now: () => number;
  log: Logger;
  /** Leave the contact-schedule tasks Klantwaarde made out of the activities (tasks are on). */
  ownTasks: boolean;
  /** Where satisfaction comes from (config salesforce.satisfaction); the typed-in field when absent. */
  satisfaction?: SatisfactionSettings;
  /** Records left out because no account is linked to them (not an error: counted). */
  unassociated: Record<string, number>;
}

export function countUnassociated(context: SyncContext, object: string, count = 1): void {
  context.unassociated[object] = (context.unassociated[object] ?? 0) + count;
}
