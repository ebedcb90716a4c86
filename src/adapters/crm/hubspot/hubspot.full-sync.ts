// A full read of the portal with the fewest calls: every object type through search (200 per
// call), and associations read from the companies' side (1,000 companies per call) because
// there are far fewer companies than deals or activities.
import type { SyncPage } from '../../../app/ports/crm.port.ts';
import { addActivities } from './hubspot.activity-sync.ts';
import { CompanyOwnership, readAssociations } from './hubspot.associations.ts';
import { advance, encodeCheckpoint, type Watermarks } from './hubspot.checkpoint.ts';
import { addCompanies, relationsOf } from './hubspot.company-sync.ts';
import { addDeals, allLineItemFigures } from './hubspot.deal-sync.ts';
import { ACTIVITY_OBJECTS, COMPANY_PROPERTIES, DEAL_PROPERTIES } from './hubspot.objects.ts';
import { searchModified } from './hubspot.search.ts';
import { PageBuilder, type SyncContext } from './hubspot.sync-context.ts';

export async function* fullSync(context: SyncContext): AsyncGenerator<SyncPage> {
  const { client, pageSize } = context;
  let marks: Watermarks = {};
  const companyIds: string[] = [];
  let companiesMark: number | null = null;
  for await (const batch of searchModified(client, { objectType: 'companies', properties: COMPANY_PROPERTIES, since: null, pageSize })) {
    const page = new PageBuilder();
    for (const bad of batch.invalid) page.skip('company', bad.id, bad.reason);
    companyIds.push(...(await addCompanies(context, batch.objects, page)).ids);
    companiesMark = batch.watermark;
    // No checkpoint yet: the companies count as read once their relations are too.
    yield page.page();
  }
  const relations = new PageBuilder();
  relations.changes.relations.push(...(await relationsOf(context, companyIds)));
  marks = advance(marks, 'companies', companiesMark);
  yield relations.page(encodeCheckpoint(marks));

  const lineItems = new PageBuilder();
  const { byDeal, watermark: lineItemsMark } = await allLineItemFigures(context, lineItems);
  const dealOwners = new CompanyOwnership().addFromCompanies(await readAssociations(client, 'companies', 'deals', companyIds));
  for await (const batch of searchModified(client, { objectType: 'deals', properties: DEAL_PROPERTIES, since: null, pageSize })) {
    const page = new PageBuilder();
    for (const bad of batch.invalid) page.skip('deal', bad.id, bad.reason);
    await addDeals(context, batch.objects, page, { ownership: dealOwners, figures: byDeal });
    marks = advance(marks, 'deals', batch.watermark);
    yield page.page(encodeCheckpoint(marks));
  }
  marks = advance(marks, 'line_items', lineItemsMark);
  yield lineItems.page(encodeCheckpoint(marks));

  for (const source of ACTIVITY_OBJECTS) {
    const owners = new CompanyOwnership().addFromCompanies(await readAssociations(client, 'companies', source.objectType, companyIds));
    for await (const batch of searchModified(client, { objectType: source.objectType, properties: source.properties, since: null, pageSize })) {
      const page = new PageBuilder();
      for (const bad of batch.invalid) page.skip(source.objectType, bad.id, bad.reason);
      await addActivities(context, source, batch.objects, page, owners);
      marks = advance(marks, source.objectType, batch.watermark);
      yield page.page(encodeCheckpoint(marks));
    }
  }
}
