// Fresh copies of given companies with their deals, activities and relations: webhook work,
// and the companies that absorbed others in a merge.
import { addActivities } from './hubspot.activity-sync.ts';
import { readAssociations } from './hubspot.associations.ts';
import { batchRead } from './hubspot.batch.ts';
import { addCompanies, addOverrides, relationsOf } from './hubspot.company-sync.ts';
import { addDeals } from './hubspot.deal-sync.ts';
import { ACTIVITY_OBJECTS, COMPANY_PROPERTIES, DEAL_PROPERTIES } from './hubspot.objects.ts';
import { addSurveyScores } from './hubspot.satisfaction.ts';
import type { PageBuilder, SyncContext } from './hubspot.sync-context.ts';

export async function addCompaniesById(context: SyncContext, companyIds: readonly string[], page: PageBuilder): Promise<void> {
  const read = await batchRead(context.client, 'companies', companyIds, COMPANY_PROPERTIES);
  for (const bad of read.invalid) page.skip('company', bad.id, bad.reason);
  page.deleted('deletedCompanyIds', read.missing);
  const { ids, withOverride } = addCompanies(read.objects, page);
  await addSurveyScores(context, page, ids);
  await addOverrides(context, withOverride, page);
  page.changes.relations.push(...(await relationsOf(context, ids)));
  await addChildren(context, ids, page);
}

/** The deals and activities associated with the companies, each mapped to its own company. */
export async function addChildren(context: SyncContext, companyIds: readonly string[], page: PageBuilder): Promise<void> {
  if (companyIds.length === 0) return;
  const { client } = context;
  const dealIds = idsOf(await readAssociations(client, 'companies', 'deals', companyIds));
  if (dealIds.length > 0) {
    const deals = await batchRead(client, 'deals', dealIds, DEAL_PROPERTIES);
    for (const bad of deals.invalid) page.skip('deal', bad.id, bad.reason);
    await addDeals(context, deals.objects, page);
  }
  for (const source of ACTIVITY_OBJECTS) {
    const ids = idsOf(await readAssociations(client, 'companies', source.objectType, companyIds));
    if (ids.length === 0) continue;
    const read = await batchRead(client, source.objectType, ids, source.properties);
    for (const bad of read.invalid) page.skip(source.objectType, bad.id, bad.reason);
    await addActivities(context, source, read.objects, page);
  }
}

function idsOf(links: Map<string, { id: string }[]>): string[] {
  return [...new Set([...links.values()].flat().map((l) => l.id))];
}
