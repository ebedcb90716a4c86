// Everything of one object type modified since a moment, oldest first, through CRM search.
// Each page is its own query anchored at the last modification time seen ("keyset" paging):
// no query ever pages past HubSpot's 10,000-result cap, and a record edited mid-sync cannot
// shift the offsets and make an unchanged record slip through, as `after` paging would.
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { HubSpotError } from '../client/hubspot.errors.ts';
import { MODIFIED_AT } from './hubspot.objects.ts';
import { HUBSPOT_LIMITS, HUBSPOT_PATHS, type ObjectType } from '../client/hubspot.paths.ts';
import { crmObject, searchPage, type CrmObject } from '../client/hubspot.schemas.ts';
import { modifiedAtOf } from './hubspot.handed-over.ts';
import { withoutEchoes, type Filter } from './hubspot.echo-filter.ts';
import type { WriteSet } from '../write/hubspot.echo-log.ts';

export interface SearchBatch {
  objects: CrmObject[];
  /** Results that are not records at all (no id or modification time). */
  invalid: { id: string; reason: string }[];
  /** The latest modification time yielded so far. */
  watermark: number | null;
}

export interface ModifiedSinceOptions {
  objectType: ObjectType;
  properties: readonly string[];
  /** Inclusive lower bound (epoch ms), or null for everything. */
  since: number | null;
  pageSize?: number;
  /** Our own write-backs, whose echoes the search leaves out (companies only). */
  exclude?: readonly WriteSet[];
  /** Records the previous pull already handed over as they are: not handed over again. */
  skip?: (id: string, modifiedAt: number) => boolean;
}

interface Keyed {
  object: CrmObject;
  modifiedAt: number;
}

export async function* searchModified(client: HubSpotClient, options: ModifiedSinceOptions): AsyncGenerator<SearchBatch> {
  const pageSize = Math.min(options.pageSize ?? HUBSPOT_LIMITS.searchPage, HUBSPOT_LIMITS.searchPage);
  const query = async (filters: Filter[], sortBy: string) => {
    const body = { filterGroups: withoutEchoes(filters, options.exclude ?? []).map((group) => ({ filters: group })), sorts: [{ propertyName: sortBy, direction: 'ASCENDING' }], properties: options.properties, limit: pageSize };
    const { data } = await client.send({ method: 'POST', path: HUBSPOT_PATHS.search(options.objectType), body }, searchPage);
    return { ...split(data.results), more: data.paging?.next !== undefined && data.results.length >= pageSize };
  };

  let lower = options.since;
  let strict = false;
  let seenAtLower = new Set<string>();
  for (;;) {
    const filters = lower === null ? [] : [{ propertyName: MODIFIED_AT, operator: strict ? 'GT' : 'GTE', value: String(lower) }];
    const page = await query(filters, MODIFIED_AT);
    const skip = options.skip ?? (() => false);
    const fresh = page.keyed.filter((k) => !(k.modifiedAt === lower && seenAtLower.has(k.object.id)) && !skip(k.object.id, k.modifiedAt));
    const last = page.keyed.at(-1)?.modifiedAt;
    yield { objects: fresh.map((k) => k.object), invalid: page.invalid, watermark: last ?? lower };
    if (!page.more) return;
    if (last === undefined) throw new HubSpotError('crm.bad_response', `search ${options.objectType}: a full page without one readable ${MODIFIED_AT}`);
    if (lower === null || last > lower) {
      lower = last;
      strict = false;
      seenAtLower = new Set(page.keyed.filter((k) => k.modifiedAt === last).map((k) => k.object.id));
      continue;
    }
    // A whole page modified in the same millisecond (a bulk import): walk that instant by id.
    for (const k of page.keyed) seenAtLower.add(k.object.id);
    let afterId: string | null = null;
    for (;;) {
      const tie: Filter[] = [{ propertyName: MODIFIED_AT, operator: 'EQ', value: String(lower) }];
      if (afterId !== null) tie.push({ propertyName: 'hs_object_id', operator: 'GT', value: afterId });
      const tiePage = await query(tie, 'hs_object_id');
      yield { objects: tiePage.keyed.filter((k) => !seenAtLower.has(k.object.id) && !skip(k.object.id, k.modifiedAt)).map((k) => k.object), invalid: tiePage.invalid, watermark: lower };
      if (!tiePage.more || tiePage.keyed.length === 0) break;
      afterId = tiePage.keyed.at(-1)!.object.id;
    }
    strict = true;
    seenAtLower = new Set();
  }
}

function split(results: readonly unknown[]): { keyed: Keyed[]; invalid: { id: string; reason: string }[] } {
  const keyed: Keyed[] = [];
  const invalid: { id: string; reason: string }[] = [];
  for (const raw of results) {
    const parsed = crmObject.safeParse(raw);
    if (!parsed.success) {
      const id = typeof raw === 'object' && raw !== null && 'id' in raw ? String(raw.id) : '?';
      invalid.push({ id, reason: `not a CRM record: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` });
      continue;
    }
    const modifiedAt = modifiedAtOf(parsed.data);
    if (modifiedAt === undefined) invalid.push({ id: parsed.data.id, reason: `${MODIFIED_AT}: missing or not a date` });
    else keyed.push({ object: parsed.data, modifiedAt });
  }
  return { keyed, invalid };
}

/** The latest hs_lastmodifieddate of an object type (HubSpot's clock), or null when it has none. */
export async function latestModified(client: HubSpotClient, objectType: ObjectType): Promise<number | null> {
  const body = { filterGroups: [], sorts: [{ propertyName: MODIFIED_AT, direction: 'DESCENDING' }], properties: [MODIFIED_AT], limit: 1 };
  const { data } = await client.send({ method: 'POST', path: HUBSPOT_PATHS.search(objectType), body }, searchPage);
  return split(data.results).keyed[0]?.modifiedAt ?? null;
}
