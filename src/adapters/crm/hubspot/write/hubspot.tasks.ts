// The contact-schedule tasks in HubSpot (CrmTasks): task engagements created 100 per batch
// call with their company association (task → company, type 192) in the same call, our marker
// in the task property kw_task_key; moved and completed by batch update, deleted by batch
// archive; read back by batch read and by search on the marker. Every call goes through the
// client, so the portal's rate limit paces tasks and write-back alike.
import type { CrmTask, CrmTasks, CrmTaskState, TaskWriteReport } from '../../../../app/ports/crm.port.ts';
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import type { TenantId } from '../../../../app/ports/store.port.ts';
import type { TaskDraft } from '../../../../domain/contact-tasks.ts';
import { dateIn } from '../../../../domain/zoned-day.ts';
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { isHubSpotError } from '../client/hubspot.errors.ts';
import { HUBSPOT_LIMITS, HUBSPOT_PATHS } from '../client/hubspot.paths.ts';
import { anyBody, batchResponse, crmObject, searchPage, type CrmObject } from '../client/hubspot.schemas.ts';
import { batchRead } from '../read/hubspot.batch.ts';
import { TASK_MARKER } from '../read/hubspot.objects.ts';
import { refusalsOf207 } from './hubspot.refusals.ts';

/** HubSpot's built-in association type task → company. */
export const TASK_TO_COMPANY = 192;
const COMPLETED = 'COMPLETED';
const TASK_PROPERTIES = ['hs_task_status', 'hs_task_subject', 'hs_task_body', 'hs_timestamp', 'hubspot_owner_id', TASK_MARKER];

export interface HubSpotTasksOptions {
  client: HubSpotClient;
  tenant: TenantId;
  /** Config schedule.timezone: the calendar a task's due time is read back in. */
  timeZone: string;
  /** Tasks per batch call, at most 100 (config hubspot.batchSize). */
  batchSize?: number;
  log?: Logger;
}

/** hs_task_body is rich text: one paragraph per line, the text escaped. */
export function htmlLines(lines: readonly string[]): string {
  return lines.map((line) => `<p>${line.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</p>`).join('');
}

export function createHubSpotTasks(options: HubSpotTasksOptions): CrmTasks {
  const { client, tenant, timeZone } = options;
  const log = options.log ?? silentLogger;
  const size = Math.max(1, Math.min(options.batchSize ?? HUBSPOT_LIMITS.batch, HUBSPOT_LIMITS.batch));

  const asTask = (object: CrmObject): CrmTask | null => {
    const p = object.properties;
    const marker = p[TASK_MARKER];
    if (!marker) return null;
    const due = Date.parse(p.hs_timestamp ?? '');
    return {
      crmId: object.id,
      marker,
      dueDate: Number.isFinite(due) ? dateIn(due, timeZone) : '',
      ownerId: p.hubspot_owner_id || null,
      subject: p.hs_task_subject ?? '',
      closed: p.hs_task_status === COMPLETED,
    };
  };

  const tasksOf = (results: readonly unknown[]): CrmTask[] =>
    results.flatMap((raw) => {
      const parsed = crmObject.safeParse(raw);
      return parsed.success ? (asTask(parsed.data) ?? []) : [];
    });

  /**
   * Sends items in batches; a batch HubSpot refuses whole (a 400) is halved until the refused
   * items stand alone; a limit or an outage stops the rest (they wait for the next run).
   */
  async function inBatches<T>(items: readonly T[], idOf: (item: T) => string, send: (batch: T[]) => Promise<{ done: string[]; failed: TaskWriteReport['failed'] }>): Promise<TaskWriteReport> {
    const report: TaskWriteReport = { done: [], failed: [], stoppedBy: null };
    const queue: T[][] = [];
    for (let i = 0; i < items.length; i += size) queue.push(items.slice(i, i + size));
    while (queue.length > 0 && report.stoppedBy === null) {
      const batch = queue.shift()!;
      try {
        const outcome = await send(batch);
        report.done.push(...outcome.done);
        report.failed.push(...outcome.failed);
      } catch (error) {
        if (isHubSpotError(error, 'crm.bad_request') && lacksMarkerProperty(error.body)) {
          report.stoppedBy = 'crm.setup_needed';
          log.error({ tenant }, `HubSpot has no task property ${TASK_MARKER}: run \`klantwaarde setup hubspot\` to create it; no task is made until then`);
        } else if (isHubSpotError(error, 'crm.bad_request') && batch.length > 1) queue.unshift(batch.slice(0, batch.length >> 1), batch.slice(batch.length >> 1));
        else if (isHubSpotError(error, 'crm.bad_request')) report.failed.push({ id: idOf(batch[0]!), code: 'crm.invalid_value', message: error.message });
        else if (isHubSpotError(error)) report.stoppedBy = error.code;
        else throw error;
      }
    }
    if (report.stoppedBy) log.warn({ tenant, code: report.stoppedBy }, 'hubspot task calls stopped; the rest waits for the next run');
    return report;
  }

  const update = (inputs: { id: string; properties: Record<string, string> }[]) =>
    inBatches(inputs, (i) => i.id, async (batch) => {
      const { data } = await client.send({ method: 'POST', path: HUBSPOT_PATHS.batchUpdate('tasks'), body: { inputs: batch } }, batchResponse);
      const done = new Set(data.results.flatMap((r) => (crmObject.safeParse(r).success ? [crmObject.parse(r).id] : [])));
      const refusals = refusalsOf207(data.errors ?? []);
      const failed = batch.filter((i) => !done.has(i.id)).map((i) => {
        const refusal = refusals.get(i.id);
        return { id: i.id, code: refusal?.code ?? 'crm.write_failed', message: refusal?.message ?? 'not confirmed by HubSpot' };
      });
      return { done: [...done], failed };
    });

  /** Pages of a task search, walked by id so no query passes HubSpot's 10,000-result cap. */
  async function search(filters: Record<string, unknown>[]): Promise<CrmTask[]> {
    const found: CrmTask[] = [];
    let afterId: string | null = null;
    for (;;) {
      const keyset: Record<string, unknown>[] = afterId === null ? [] : [{ propertyName: 'hs_object_id', operator: 'GT', value: afterId }];
      const body: Record<string, unknown> = { filterGroups: [{ filters: [...filters, ...keyset] }], sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }], properties: TASK_PROPERTIES, limit: HUBSPOT_LIMITS.searchPage };
      const { data } = await client.send({ method: 'POST', path: HUBSPOT_PATHS.search('tasks'), body }, searchPage);
      found.push(...tasksOf(data.results));
      const last: unknown = data.results.at(-1);
      if (!data.paging?.next || data.results.length < HUBSPOT_LIMITS.searchPage || last === undefined) return found;
      afterId = crmObject.parse(last).id;
    }
  }

  return {
    tenant,

    findOpen: () =>
      search([
        { propertyName: TASK_MARKER, operator: 'HAS_PROPERTY' },
        { propertyName: 'hs_task_status', operator: 'NEQ', value: COMPLETED },
      ]),

    async findByMarkers(markers) {
      const found: CrmTask[] = [];
      for (let i = 0; i < markers.length; i += HUBSPOT_LIMITS.searchInValues) {
        found.push(...(await search([{ propertyName: TASK_MARKER, operator: 'IN', values: markers.slice(i, i + HUBSPOT_LIMITS.searchInValues) }])));
      }
      return found;
    },

    async states(crmIds) {
      const read = await batchRead(client, 'tasks', crmIds, TASK_PROPERTIES);
      const states: CrmTaskState[] = read.objects.map((o) => ({ crmId: o.id, state: o.properties.hs_task_status === COMPLETED ? 'closed' : 'open', body: o.properties.hs_task_body ?? null }));
      for (const id of read.missing) states.push({ crmId: id, state: 'gone', body: null });
      return states;
    },

    async create(drafts, onCreated) {
      return inBatches(drafts, (d) => d.marker, async (batch) => {
        const inputs = batch.map((d) => ({ properties: taskProperties(d), associations: [{ to: { id: d.companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_COMPANY }] }] }));
        const { data } = await client.send({ method: 'POST', path: HUBSPOT_PATHS.batchCreate('tasks'), body: { inputs } }, batchResponse);
        // HubSpot answers in any order: each created task is known by its marker.
        const created = tasksOf(data.results).map((t) => ({ marker: t.marker, crmId: t.crmId }));
        await onCreated(created);
        const done = new Set(created.map((c) => c.marker));
        const message = data.errors?.map((e) => e.message ?? e.category).join('; ') || 'not confirmed by HubSpot';
        return { done: [...done], failed: batch.filter((d) => !done.has(d.marker)).map((d) => ({ id: d.marker, code: 'crm.write_failed', message })) };
      });
    },

    move: (changes) => update(changes.map((c) => ({ id: c.crmId, properties: { hs_timestamp: new Date(c.dueAt).toISOString(), hs_task_subject: c.subject } }))),

    complete: (closes) => update(closes.map((c) => ({ id: c.crmId, properties: { hs_task_status: COMPLETED, hs_task_body: `${c.body ?? ''}${htmlLines([c.note])}` } }))),

    remove: (crmIds) =>
      inBatches(crmIds, (id) => id, async (batch) => {
        // 204 either way: archiving a task that is gone already is no failure.
        await client.send({ method: 'POST', path: HUBSPOT_PATHS.batchArchive('tasks'), body: { inputs: batch.map((id) => ({ id })) } }, anyBody);
        return { done: batch, failed: [] };
      }),
  };
}

/** A 400 saying the marker property does not exist: setup has not run since tasks came in. */
function lacksMarkerProperty(body: unknown): boolean {
  const text = JSON.stringify(body ?? '');
  return text.includes(TASK_MARKER) && /PROPERTY_DOESNT_EXIST|does not exist/.test(text);
}

function taskProperties(draft: TaskDraft): Record<string, string> {
  return {
    hs_timestamp: new Date(draft.dueAt).toISOString(),
    hs_task_subject: draft.subject,
    hs_task_body: htmlLines(draft.body),
    hs_task_status: 'NOT_STARTED',
    hs_task_priority: draft.overdue ? 'HIGH' : 'MEDIUM',
    hs_task_type: 'TODO',
    ...(draft.ownerId === null ? {} : { hubspot_owner_id: draft.ownerId }),
    [TASK_MARKER]: draft.marker,
  };
}
