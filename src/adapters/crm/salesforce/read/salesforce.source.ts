// The Salesforce CrmSource: full and incremental pulls, and fresh copies of given accounts.
import type { CrmSource, SyncMode, SyncPage } from '../../../../app/ports/crm.port.ts';
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import type { TenantId } from '../../../../app/ports/store.port.ts';
import { fetchAccounts } from './salesforce.account-fetch.ts';
import { decodeCheckpoint } from './salesforce.checkpoint.ts';
import type { SalesforceConnection } from '../client/salesforce.connection.ts';
import { DEFAULT_FIELD_NAMES, type FieldNames } from '../setup/salesforce.fields.ts';
import { fullSync } from './salesforce.full-sync.ts';
import { incrementalSync } from './salesforce.incremental-sync.ts';
import { DEFAULT_BULK_PAGE } from './salesforce.bulk-query.ts';
import { DEFAULT_POLL, type PollOptions } from '../client/salesforce.jobs.ts';
import type { RoleMapping } from './salesforce.mapper.ts';
import { DEFAULT_NOTE_TYPES, DEFAULT_VISIT_TYPES } from './salesforce.objects.ts';
import { rowParsers } from './salesforce.records.ts';
import type { SyncContext } from './salesforce.sync-context.ts';
import type { SatisfactionSettings } from './salesforce.satisfaction.ts';
import { readUsers } from './salesforce.users.ts';

export interface SalesforceSourceOptions {
  conn: SalesforceConnection;
  /** "salesforce:<orgId>"; the connection's org by default. */
  tenant?: TenantId;
  /** Owner (User id) → role for activity costs (config `roles`). */
  roles?: RoleMapping;
  /** Config salesforce.costField, referralField, influenceField (and an optional pipeline field). */
  fields?: Partial<FieldNames>;
  /** Event types that count as a visit (compared without case). */
  visitTypes?: readonly string[];
  /** Task types that count as a note. */
  noteTypes?: readonly string[];
  /** Tasks are on (config tasks.enabled): the Tasks Klantwaarde made, known by KW_Task_Key__c, are no activities. */
  ownTasks?: boolean;
  /** On a full sync, objects with more records than this are read through a Bulk API 2.0 job (REST pages of 2,000 below). */
  bulkQueryAbove?: number;
  /** Rows per Bulk API 2.0 result set. */
  bulkPageSize?: number;
  poll?: PollOptions;
  /** Re-read this much before the checkpoint: a transaction can commit after a later one. */
  overlapMs?: number;
  /** Objects read at the same time. */
  concurrency?: number;
  now?: () => number;
  /** Satisfaction from an Account field or a survey-response object (config salesforce.satisfaction). */
  satisfaction?: SatisfactionSettings;
  log?: Logger;
}

export interface SalesforceSource extends CrmSource {
  /** Per object, the records of the last pull left out because no account is linked to them. */
  readonly unassociated: Readonly<Record<string, number>>;
}

export function createSalesforceSource(options: SalesforceSourceOptions): SalesforceSource {
  const log = options.log ?? silentLogger;
  const tenant = options.tenant ?? options.conn.tenant;
  const fields: FieldNames = { ...DEFAULT_FIELD_NAMES, ...options.fields };
  let unassociated: Record<string, number> = {};

  const context = (): SyncContext => {
    unassociated = {};
    return {
      conn: options.conn,
      fields,
      parse: rowParsers(fields),
      rules: {
        roles: options.roles ?? {},
        visitTypes: (options.visitTypes ?? DEFAULT_VISIT_TYPES).map((t) => t.toLowerCase()),
        noteTypes: (options.noteTypes ?? DEFAULT_NOTE_TYPES).map((t) => t.toLowerCase()),
      },
      bulkQueryAbove: options.bulkQueryAbove ?? 10_000,
      bulkPageSize: options.bulkPageSize ?? DEFAULT_BULK_PAGE,
      poll: options.poll ?? DEFAULT_POLL,
      now: options.now ?? Date.now,
      log,
      ownTasks: options.ownTasks ?? false,
      ...(options.satisfaction ? { satisfaction: options.satisfaction } : {}),
      unassociated,
    };
  };

  async function* pull({ mode, checkpoint }: { mode: SyncMode; checkpoint: string | null }): AsyncGenerator<SyncPage> {
    const ctx = context();
    const marks = decodeCheckpoint(checkpoint);
    const full = mode === 'full' || Object.keys(marks).length === 0;
    const concurrency = options.concurrency ?? 3;
    log.info({ tenant, mode: full ? 'full' : 'incremental' }, 'salesforce pull started');
    if (full) {
      yield* fullSync(ctx, concurrency);
      // Users change seldom: their names come along with each full pull.
      const owners = await readUsers(options.conn, log);
      if (owners.length > 0) yield { changes: { owners }, skipped: [] };
    } else {
      yield* incrementalSync(ctx, marks, { overlapMs: options.overlapMs ?? 5 * 60_000, concurrency });
    }
    if (Object.keys(unassociated).length > 0) log.info({ tenant, unassociated }, 'salesforce records without an account left out');
  }

  return {
    tenant,
    get unassociated() {
      return unassociated;
    },
    pull,
    pullCompanies: (accountIds) => fetchAccounts(context(), accountIds),
  };
}
