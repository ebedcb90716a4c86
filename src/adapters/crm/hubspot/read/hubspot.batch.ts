// Reading records by id in batches of 100, and listing the archived (deleted) ones.
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { HUBSPOT_LIMITS, HUBSPOT_PATHS, type ObjectType } from '../client/hubspot.paths.ts';
import { batchResponse, crmObject, listPage, type CrmObject } from '../client/hubspot.schemas.ts';
import { parseInstant } from './hubspot.values.ts';

export interface BatchReadResult {
  objects: CrmObject[];
  invalid: { id: string; reason: string }[];
  /** Ids HubSpot does not know (deleted, or merged into another record). */
  missing: string[];
}

export async function batchRead(
  client: HubSpotClient,
  objectType: ObjectType,
  ids: readonly string[],
  properties: readonly string[],
  history: readonly string[] = [],
): Promise<BatchReadResult> {
  const result: BatchReadResult = { objects: [], invalid: [], missing: [] };
  const unique = [...new Set(ids)];
  const size = history.length > 0 ? HUBSPOT_LIMITS.batchWithHistory : HUBSPOT_LIMITS.batch;
  for (let i = 0; i < unique.length; i += size) {
    const inputs = unique.slice(i, i + size).map((id) => ({ id }));
    const body = { inputs, properties, ...(history.length > 0 ? { propertiesWithHistory: history } : {}) };
    const { data } = await client.send({ method: 'POST', path: HUBSPOT_PATHS.batchRead(objectType), body }, batchResponse);
    for (const raw of data.results) {
      const parsed = crmObject.safeParse(raw);
      if (parsed.success) result.objects.push(parsed.data);
      else result.invalid.push({ id: idOf(raw), reason: `not a CRM record: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
    }
    for (const error of data.errors ?? []) {
      const failedIds = error.context?.ids ?? [];
      if (error.category === 'OBJECT_NOT_FOUND') result.missing.push(...failedIds);
      else for (const id of failedIds) result.invalid.push({ id, reason: error.message ?? error.category ?? 'batch read error' });
    }
  }
  return result;
}

/** Ids archived at or after `since` (all archived ids when null). HubSpot keeps them 90 days. */
export async function listArchived(client: HubSpotClient, objectType: ObjectType, since: number | null): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const query = { archived: true, limit: HUBSPOT_LIMITS.listPage, properties: 'hs_object_id', after };
    const { data } = await client.send({ method: 'GET', path: HUBSPOT_PATHS.list(objectType), query }, listPage);
    for (const raw of data.results) {
      const parsed = crmObject.safeParse(raw);
      if (!parsed.success) continue;
      const archivedAt = parsed.data.archivedAt ? parseInstant(parsed.data.archivedAt) : undefined;
      if (since === null || archivedAt === undefined || archivedAt >= since) ids.push(parsed.data.id);
    }
    after = data.paging?.next?.after;
  } while (after !== undefined);
  return ids;
}

function idOf(raw: unknown): string {
  return typeof raw === 'object' && raw !== null && 'id' in raw ? String(raw.id) : '?';
}
