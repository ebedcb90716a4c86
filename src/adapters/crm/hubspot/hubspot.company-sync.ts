// Companies → Company, Override and parent/referral/influence Relation records.
import type { Relation } from '../../../domain/records.ts';
import { readAssociations } from './hubspot.associations.ts';
import { batchRead } from './hubspot.batch.ts';
import { mapCompany } from './hubspot.mapper.ts';
import { relationsFromAssociations } from './hubspot.relations.ts';
import type { CrmObject } from './hubspot.schemas.ts';
import type { PageBuilder, SyncContext } from './hubspot.sync-context.ts';
import { parseInstant } from './hubspot.values.ts';

const OVERRIDE = 'kw_segment_override';

export interface MappedCompanies {
  ids: string[];
  /** Companies that absorbed others in a merge: their deals and activities moved to them. */
  survivors: string[];
}

/** Maps the companies into `page`; reads when each current override was set (property history). */
export async function addCompanies(context: SyncContext, objects: readonly CrmObject[], page: PageBuilder): Promise<MappedCompanies> {
  const withOverride = objects.filter((o) => (o.properties[OVERRIDE] ?? '').trim() !== '').map((o) => o.id);
  const setAt = await overrideTimes(context, withOverride);
  const result: MappedCompanies = { ids: [], survivors: [] };
  for (const object of objects) {
    page.take('company', object.id, mapCompany(object, setAt.get(object.id)), ({ company, override, mergedIds }) => {
      page.changes.companies.push(company);
      result.ids.push(company.id);
      if (company.parentId) page.changes.relations.push({ fromCompanyId: company.parentId, toCompanyId: company.id, kind: 'parent' });
      if (override) page.take('override', company.id, override, (o) => page.changes.overrides.push(o));
      if (mergedIds.length > 0) {
        page.deleted('deletedCompanyIds', mergedIds);
        result.survivors.push(company.id);
      }
    });
  }
  return result;
}

async function overrideTimes(context: SyncContext, ids: readonly string[]): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  if (ids.length === 0) return times;
  const { objects } = await batchRead(context.client, 'companies', ids, [OVERRIDE], [OVERRIDE]);
  for (const object of objects) {
    const stamps = (object.propertiesWithHistory?.[OVERRIDE] ?? []).map((h) => parseInstant(h.timestamp)).filter((t): t is number => t !== undefined);
    if (stamps.length > 0) times.set(object.id, Math.max(...stamps));
  }
  return times;
}

/** Referral and influence relations touching the given companies (labelled associations). */
export async function relationsOf(context: SyncContext, companyIds: readonly string[]): Promise<Relation[]> {
  const { inbound, outbound } = context.relationTypes;
  if (companyIds.length === 0 || inbound.size + outbound.size === 0) return [];
  const byCompany = await readAssociations(context.client, 'companies', 'companies', companyIds);
  return relationsFromAssociations(byCompany, context.relationTypes);
}
