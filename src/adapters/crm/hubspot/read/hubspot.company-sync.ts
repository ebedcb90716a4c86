// Companies → Company, Override and parent/referral/influence Relation records.
import type { Relation } from '../../../../domain/records.ts';
import { readAssociations } from './hubspot.associations.ts';
import { batchRead } from './hubspot.batch.ts';
import { mapCompany, mapOverride } from './hubspot.mapper.ts';
import { relationsFromAssociations } from './hubspot.relations.ts';
import type { CrmObject } from '../client/hubspot.schemas.ts';
import type { PageBuilder, SyncContext } from './hubspot.sync-context.ts';
import { parseInstant } from './hubspot.values.ts';

const OVERRIDE = 'kw_segment_override';

export interface MappedCompanies {
  ids: string[];
  /** Companies that absorbed others in a merge: their deals and activities moved to them. */
  survivors: string[];
  /** Companies a rep set an override on: pass them to addOverrides (a batch per 50). */
  withOverride: CrmObject[];
}

export function addCompanies(objects: readonly CrmObject[], page: PageBuilder): MappedCompanies {
  const result: MappedCompanies = { ids: [], survivors: [], withOverride: [] };
  for (const object of objects) {
    page.take('company', object.id, mapCompany(object), ({ company, mergedIds }) => {
      page.changes.companies.push(company);
      result.ids.push(company.id);
      if (company.parentId) page.changes.relations.push({ fromCompanyId: company.parentId, toCompanyId: company.id, kind: 'parent' });
      if ((object.properties[OVERRIDE] ?? '').trim() !== '') result.withOverride.push(object);
      if (mergedIds.length > 0) {
        page.deleted('deletedCompanyIds', mergedIds);
        result.survivors.push(company.id);
      }
    });
  }
  return result;
}

/** Maps the overrides, dated by when the rep set them (the property's history). */
export async function addOverrides(context: SyncContext, objects: readonly CrmObject[], page: PageBuilder): Promise<void> {
  if (objects.length === 0) return;
  const setAt = new Map<string, number>();
  const { objects: histories } = await batchRead(context.client, 'companies', objects.map((o) => o.id), [OVERRIDE], [OVERRIDE]);
  for (const object of histories) {
    const stamps = (object.propertiesWithHistory?.[OVERRIDE] ?? []).map((h) => parseInstant(h.timestamp)).filter((t): t is number => t !== undefined);
    if (stamps.length > 0) setAt.set(object.id, Math.max(...stamps));
  }
  for (const object of objects) {
    const override = mapOverride(object, setAt.get(object.id));
    if (override) page.take('override', object.id, override, (o) => page.changes.overrides.push(o));
  }
}

/** Referral and influence relations touching the given companies (labelled associations). */
export async function relationsOf(context: SyncContext, companyIds: readonly string[]): Promise<Relation[]> {
  if (companyIds.length === 0) return [];
  const types = await context.relationTypes();
  if (types.inbound.size + types.outbound.size === 0) return [];
  const byCompany = await readAssociations(context.client, 'companies', 'companies', companyIds);
  return relationsFromAssociations(byCompany, types);
}
