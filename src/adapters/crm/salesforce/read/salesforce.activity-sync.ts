// Tasks, events and cases → Activity records of their account (AccountId); deleted ones as
// deletions. The contact-schedule tasks Klantwaarde made are reminders, not work: left out.
import { isDeletedRow } from './salesforce.account-sync.ts';
import { mapCase, mapEvent, mapTask } from './salesforce.mapper.ts';
import { TASK_KEY_FIELD, type ActivityObject } from './salesforce.objects.ts';
import type { Row } from './salesforce.query.ts';
import { rawId, type Parsed } from './salesforce.records.ts';
import type { Activity } from '../../../../domain/records.ts';
import { countUnassociated, type PageBuilder, type SyncContext } from './salesforce.sync-context.ts';

export function addActivities(context: SyncContext, object: ActivityObject, rows: readonly Row[], page: PageBuilder): void {
  const deleted: string[] = [];
  for (const raw of rows) {
    if (isDeletedRow(raw)) {
      deleted.push(rawId(raw));
      continue;
    }
    if (object === 'Task' && context.ownTasks && raw[TASK_KEY_FIELD]) continue;
    const mapped = mapRow(context, object, raw);
    if (mapped === null) countUnassociated(context, object);
    else page.take(object.toLowerCase(), rawId(raw), mapped, (a) => page.changes.activities.push(a));
  }
  page.deleted('deletedActivityIds', deleted);
}

/** null when the row parses but is linked to no account. */
function mapRow(context: SyncContext, object: ActivityObject, raw: Row): Parsed<Activity> | null {
  const { parse, rules } = context;
  if (object === 'Task') {
    const row = parse.task(raw);
    if (!row.ok) return row;
    return row.value.AccountId ? mapTask(row.value, row.value.AccountId, rules) : null;
  }
  if (object === 'Event') {
    const row = parse.event(raw);
    if (!row.ok) return row;
    return row.value.AccountId ? mapEvent(row.value, row.value.AccountId, rules) : null;
  }
  const row = parse.case(raw);
  if (!row.ok) return row;
  return row.value.AccountId ? mapCase(row.value, row.value.AccountId, rules) : null;
}
