// Calls, meetings, emails, notes, tasks and tickets → Activity records of their company (not
// the contact-schedule tasks Klantwaarde made itself: reminders, not work done).
import { CompanyOwnership, readAssociations } from './hubspot.associations.ts';
import { mapActivity } from './hubspot.mapper.ts';
import { TASK_MARKER, type ActivityObject } from './hubspot.objects.ts';
import type { CrmObject } from '../client/hubspot.schemas.ts';
import { countUnassociated, type PageBuilder, type SyncContext } from './hubspot.sync-context.ts';

/** Maps activities into `page`; without `ownership` their companies are read from their side. */
export async function addActivities(
  context: SyncContext,
  source: ActivityObject,
  all: readonly CrmObject[],
  page: PageBuilder,
  ownership?: CompanyOwnership,
): Promise<void> {
  const objects = all.filter((o) => !o.properties[TASK_MARKER]);
  if (objects.length === 0) return;
  const owners =
    ownership ?? new CompanyOwnership().addFromRecords(await readAssociations(context.client, source.objectType, 'companies', objects.map((o) => o.id)));
  const mapping = { roles: context.roles, ...(context.visitTypes ? { visitTypes: context.visitTypes } : {}) };
  for (const object of objects) {
    const companyId = owners.companyOf(object.id);
    if (companyId === undefined) countUnassociated(context, source.objectType);
    else page.take(source.objectType, object.id, mapActivity(object, source, companyId, mapping), (a) => page.changes.activities.push(a));
  }
}
