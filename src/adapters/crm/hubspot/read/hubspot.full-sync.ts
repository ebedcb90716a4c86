// A full read of the portal with the fewest calls: every object type through search (200 per
// call), associations read from the companies' side (1,000 companies per call; there are far
// fewer companies than deals or activities), and a few object types read at once.
import type { SyncPage } from '../../../../app/ports/crm.port.ts';
import { addActivities } from './hubspot.activity-sync.ts';
import { CompanyOwnership, readAssociations } from './hubspot.associations.ts';
import { addCompanies, addOverrides, relationsOf } from './hubspot.company-sync.ts';
import { addDeals, allLineItemFigures } from './hubspot.deal-sync.ts';
import { ACTIVITY_OBJECTS, COMPANY_PROPERTIES, DEAL_PROPERTIES, type ActivityObject } from './hubspot.objects.ts';
import type { CrmObject } from '../client/hubspot.schemas.ts';
import { addSurveyScores } from './hubspot.satisfaction.ts';
import { latestModified, searchModified } from './hubspot.search.ts';
import { isHubSpotError } from '../client/hubspot.errors.ts';
import type { ObjectType } from '../client/hubspot.paths.ts';
import { merge, signal, type Step } from './hubspot.streams.ts';
import { PageBuilder, type SyncContext } from './hubspot.sync-context.ts';

export function fullSync(context: SyncContext, concurrency: number): AsyncGenerator<SyncPage> {
  const companies = signal<string[]>();
  return merge(
    [() => companyStream(context, companies), () => dealStream(context, companies.promise), ...ACTIVITY_OBJECTS.map((s) => () => activityStream(context, s, companies.promise))],
    concurrency,
    {},
    context.handedOver,
  );
}

async function* companyStream(context: SyncContext, done: ReturnType<typeof signal<string[]>>): AsyncGenerator<Step> {
  try {
    // Responses given from here on are the next incremental pull's: their mark, on HubSpot's clock.
    const surveysMark = context.surveys && context.surveys.types.length > 0 ? await surveysMarkOf(context) : null;
    const companyIds: string[] = [];
    const withOverride: CrmObject[] = [];
    let mark: number | null = null;
    for await (const batch of searchModified(context.client, { objectType: 'companies', properties: COMPANY_PROPERTIES, since: null, pageSize: context.pageSize })) {
      const page = new PageBuilder();
      for (const bad of batch.invalid) page.skip('company', bad.id, bad.reason);
      const mapped = addCompanies(batch.objects, page);
      await addSurveyScores(context, page, mapped.ids);
      context.handedOver.note('companies', batch.objects);
      companyIds.push(...mapped.ids);
      withOverride.push(...mapped.withOverride);
      mark = batch.watermark;
      // No mark yet: the companies count as read once their relations and overrides are too.
      yield { page: page.page() };
    }
    done.resolve(companyIds);
    const rest = new PageBuilder();
    rest.changes.relations.push(...(await relationsOf(context, companyIds)));
    await addOverrides(context, withOverride, rest);
    yield { page: rest.page(), marks: [['companies', mark], ...(surveysMark === null ? [] : [['feedback_submissions', surveysMark] as [ObjectType, number]])] };
  } catch (error) {
    done.reject(error);
    throw error;
  }
}

/** The latest response's modification time; none without the survey scope (the pull then warns once). */
async function surveysMarkOf(context: SyncContext): Promise<number | null> {
  try {
    return await latestModified(context.client, 'feedback_submissions');
  } catch (error) {
    if (isHubSpotError(error, 'crm.forbidden')) return null;
    throw error;
  }
}

async function* dealStream(context: SyncContext, companyIds: Promise<string[]>): AsyncGenerator<Step> {
  const lineItems = new PageBuilder();
  const { byDeal, watermark: lineItemsMark, objects: lineItemObjects } = await allLineItemFigures(context, lineItems);
  const ownership = new CompanyOwnership().addFromCompanies(await readAssociations(context.client, 'companies', 'deals', await companyIds));
  for await (const batch of searchModified(context.client, { objectType: 'deals', properties: DEAL_PROPERTIES, since: null, pageSize: context.pageSize })) {
    const page = new PageBuilder();
    for (const bad of batch.invalid) page.skip('deal', bad.id, bad.reason);
    await addDeals(context, batch.objects, page, { ownership, figures: byDeal });
    context.handedOver.note('deals', batch.objects);
    yield { page: page.page(), marks: [['deals', batch.watermark]] };
  }
  context.handedOver.note('line_items', lineItemObjects);
  yield { page: lineItems.page(), marks: [['line_items', lineItemsMark]] };
}

async function* activityStream(context: SyncContext, source: ActivityObject, companyIds: Promise<string[]>): AsyncGenerator<Step> {
  const owners = new CompanyOwnership().addFromCompanies(await readAssociations(context.client, 'companies', source.objectType, await companyIds));
  for await (const batch of searchModified(context.client, { objectType: source.objectType, properties: source.properties, since: null, pageSize: context.pageSize })) {
    const page = new PageBuilder();
    for (const bad of batch.invalid) page.skip(source.objectType, bad.id, bad.reason);
    await addActivities(context, source, batch.objects, page, owners);
    context.handedOver.note(source.objectType, batch.objects);
    yield { page: page.page(), marks: [[source.objectType, batch.watermark]] };
  }
}
