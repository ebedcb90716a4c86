// The contact-schedule tasks in Salesforce (CrmTasks): Task records with WhatId = the Account,
// ActivityDate = the due date, OwnerId, and our marker in KW_Task_Key__c; created, updated and
// deleted through sObject Collections (200 a call, each record on its own), read back by SOQL.
// Like the write-back, the work stops once the org has used its configured share of the day's API calls.
import type { CrmTask, CrmTasks, CrmTaskState, TaskWriteReport } from '../../../../app/ports/crm.port.ts';
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import type { TenantId } from '../../../../app/ports/store.port.ts';
import type { TaskDraft } from '../../../../domain/contact-tasks.ts';
import type { SalesforceConnection } from '../client/salesforce.connection.ts';
import { isSalesforceError } from '../client/salesforce.errors.ts';
import { SALESFORCE_LIMITS, SALESFORCE_PATHS } from '../client/salesforce.paths.ts';
import { collectionResults } from '../client/salesforce.schemas.ts';
import { TASK_KEY_FIELD } from '../read/salesforce.objects.ts';
import { readAll, type Row } from '../read/salesforce.query.ts';
import { chunk, inList, soql } from '../read/salesforce.soql.ts';
import { failureOf } from './salesforce.write-results.ts';

/** The Status values of a fresh task and a done one (Salesforce's defaults; IsClosed tells a closed one whatever an org named it). */
const NOT_STARTED = 'Not Started';
const COMPLETED = 'Completed';
const FIELDS = ['Id', TASK_KEY_FIELD, 'ActivityDate', 'OwnerId', 'Subject', 'IsClosed', 'Description'];
/** A record deleted already is no failure to delete. */
const GONE = new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY']);

export interface SalesforceTasksOptions {
  conn: SalesforceConnection;
  tenant?: TenantId;
  /** Config salesforce.dailyApiShare: stop once this share of the daily allowance is used. */
  dailyApiShare?: number;
  log?: Logger;
}

type Outcome = { done: string[]; failed: TaskWriteReport['failed'] };

export function createSalesforceTasks(options: SalesforceTasksOptions): CrmTasks {
  const { conn } = options;
  const tenant = options.tenant ?? conn.tenant;
  const log = options.log ?? silentLogger;
  const share = options.dailyApiShare ?? 0.5;

  const asTask = (row: Row): CrmTask | null => {
    const marker = row[TASK_KEY_FIELD];
    if (typeof marker !== 'string' || marker === '' || typeof row.Id !== 'string') return null;
    return {
      crmId: row.Id,
      marker,
      dueDate: typeof row.ActivityDate === 'string' ? row.ActivityDate.slice(0, 10) : '',
      ownerId: typeof row.OwnerId === 'string' ? row.OwnerId : null,
      subject: typeof row.Subject === 'string' ? row.Subject : '',
      closed: row.IsClosed === true,
    };
  };
  const query = async (where: string[]) => (await readAll(conn, soql({ fields: FIELDS, from: 'Task', where }))).flatMap((row) => asTask(row) ?? []);

  const overBudget = (): boolean => {
    const usage = conn.apiUsage();
    return usage !== null && usage.limit > 0 && usage.used >= share * usage.limit;
  };

  /** 200 per call; an outage or the day's share stops the rest, which waits for the next run. */
  async function inCollections<T>(items: readonly T[], send: (batch: T[]) => Promise<Outcome>): Promise<TaskWriteReport> {
    const report: TaskWriteReport = { done: [], failed: [], stoppedBy: null };
    for (const batch of chunk(items, SALESFORCE_LIMITS.collection)) {
      if (overBudget()) {
        report.stoppedBy = 'crm.daily_limit';
        break;
      }
      try {
        const outcome = await send(batch);
        report.done.push(...outcome.done);
        report.failed.push(...outcome.failed);
      } catch (error) {
        if (!isSalesforceError(error)) throw error;
        report.stoppedBy = error.code;
        break;
      }
    }
    if (report.stoppedBy) log.warn({ tenant, code: report.stoppedBy }, 'salesforce task calls stopped; the rest waits for the next run');
    return report;
  }

  /** One collection call; each answer stands for the record at its place. */
  async function collection(method: 'POST' | 'PATCH', records: Record<string, unknown>[], what: string): Promise<{ id: string | null; error: { code: string; message: string } | null }[]> {
    const body = JSON.stringify({ allOrNone: false, records });
    const results = await conn.request({ method, url: SALESFORCE_PATHS.compositeSObjects, body, headers: { 'content-type': 'application/json' } }, collectionResults, what);
    return records.map((_, i) => {
      const result = results[i];
      if (result?.success) return { id: result.id ?? null, error: null };
      const error = result?.errors[0];
      return { id: null, error: { code: error?.statusCode ?? error?.errorCode ?? 'UNKNOWN_EXCEPTION', message: result?.errors.map((e) => e.message).join('; ') || 'not confirmed by Salesforce' } };
    });
  }

  const update = (items: { crmId: string; fields: Record<string, unknown> }[], what: string) =>
    inCollections(items, async (batch) => {
      const answers = await collection('PATCH', batch.map((i) => ({ attributes: { type: 'Task' }, id: i.crmId, ...i.fields })), `${what} ${batch.length} tasks`);
      const outcome: Outcome = { done: [], failed: [] };
      batch.forEach((item, i) => {
        const { error } = answers[i]!;
        if (!error) outcome.done.push(item.crmId);
        else outcome.failed.push(asFailure(item.crmId, error));
      });
      return outcome;
    });

  return {
    tenant,

    findOpen: () => query([`${TASK_KEY_FIELD} != null`, 'IsClosed = false']),

    async findByMarkers(markers) {
      const found: CrmTask[] = [];
      for (const part of chunk(markers, SALESFORCE_LIMITS.markersPerQuery)) found.push(...(await query([`${TASK_KEY_FIELD} IN ${inList(part)}`])));
      return found;
    },

    async states(crmIds) {
      const states: CrmTaskState[] = [];
      for (const part of chunk(crmIds, SALESFORCE_LIMITS.idsPerQuery)) {
        const rows = new Map((await readAll(conn, soql({ fields: ['Id', 'IsClosed', 'Description'], from: 'Task', where: [`Id IN ${inList(part)}`] }))).map((r) => [String(r.Id), r]));
        for (const id of part) {
          const row = rows.get(id);
          states.push({ crmId: id, state: !row ? 'gone' : row.IsClosed === true ? 'closed' : 'open', body: typeof row?.Description === 'string' ? row.Description : null });
        }
      }
      return states;
    },

    create: (drafts, onCreated) =>
      inCollections(drafts, async (batch) => {
        const answers = await collection('POST', batch.map(taskRecord), `create ${batch.length} tasks`);
        const created = batch.flatMap((d, i) => (answers[i]!.id ? [{ marker: d.marker, crmId: answers[i]!.id! }] : []));
        await onCreated(created);
        return {
          done: created.map((c) => c.marker),
          failed: batch.flatMap((d, i) => (answers[i]!.id ? [] : [asFailure(d.marker, answers[i]!.error ?? { code: 'UNKNOWN_EXCEPTION', message: 'no id returned' })])),
        };
      }),

    move: (changes) => update(changes.map((c) => ({ crmId: c.crmId, fields: { ActivityDate: c.dueDate, Subject: c.subject } })), 'move'),

    complete: (closes) => update(closes.map((c) => ({ crmId: c.crmId, fields: { Status: COMPLETED, Description: c.body ? `${c.body}\n\n${c.note}` : c.note } })), 'complete'),

    remove: (crmIds) =>
      inCollections(crmIds, async (batch) => {
        const results = await conn.request({ method: 'DELETE', url: SALESFORCE_PATHS.compositeDelete(batch) }, collectionResults, `delete ${batch.length} tasks`);
        const outcome: Outcome = { done: [], failed: [] };
        batch.forEach((id, i) => {
          const result = results[i];
          const code = result?.errors[0]?.statusCode ?? result?.errors[0]?.errorCode ?? '';
          if (result?.success || GONE.has(code)) outcome.done.push(id);
          else outcome.failed.push(asFailure(id, { code: code || 'UNKNOWN_EXCEPTION', message: result?.errors.map((e) => e.message).join('; ') || 'not confirmed by Salesforce' }));
        });
        return outcome;
      }),
  };
}

function asFailure(id: string, error: { code: string; message: string }): TaskWriteReport['failed'][number] {
  const failure = failureOf(id, error.code, error.message);
  return { id, code: failure.code, message: failure.message };
}

function taskRecord(draft: TaskDraft): Record<string, unknown> {
  return {
    attributes: { type: 'Task' },
    WhatId: draft.companyId,
    Subject: draft.subject.slice(0, 255),
    Description: draft.body.join('\n'),
    ActivityDate: draft.dueDate,
    Status: NOT_STARTED,
    Priority: draft.overdue ? 'High' : 'Normal',
    ...(draft.ownerId === null ? {} : { OwnerId: draft.ownerId }),
    [TASK_KEY_FIELD]: draft.marker,
  };
}
