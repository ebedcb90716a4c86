// Webhook work: which companies the changed deals, activities, tickets and line items belong to
// (v4 association batch reads, a line item through its deal), and which deleted records to drop.
import type { CompanyResolver, QueuedItem, Resolution } from '../../../../app/ports/queue.port.ts';
import { readAssociations } from '../read/hubspot.associations.ts';
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { activityId } from '../read/hubspot.mapper.ts';
import type { ObjectType } from '../client/hubspot.paths.ts';

// HubSpot's object type ids of the engagements the connector reads.
const ENGAGEMENT_TYPES: Record<string, ObjectType> = { '0-48': 'calls', '0-47': 'meetings', '0-49': 'emails', '0-46': 'notes', '0-27': 'tasks' };
const ALL_ENGAGEMENTS: ObjectType[] = ['calls', 'meetings', 'emails', 'notes', 'tasks'];

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** Record id → ids of the companies it is associated with (all of them, primary or not). */
export async function companiesOfObjects(client: HubSpotClient, objectType: ObjectType, ids: readonly string[]): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map();
  if (objectType === 'line_items') {
    const deals = await readAssociations(client, 'line_items', 'deals', ids);
    const companiesOfDeal = await companiesOfObjects(client, 'deals', unique([...deals.values()].flat().map((d) => d.id)));
    return new Map([...deals].map(([id, list]) => [id, unique(list.flatMap((d) => companiesOfDeal.get(d.id) ?? []))]));
  }
  const links = await readAssociations(client, objectType, 'companies', ids);
  return new Map([...links].map(([id, list]) => [id, unique(list.map((c) => c.id))]));
}

function typesOf(item: QueuedItem): ObjectType[] {
  switch (item.objectType) {
    case 'deal':
      return ['deals'];
    case 'ticket':
      return ['tickets'];
    case 'line_item':
      return ['line_items'];
    case 'engagement': {
      // A legacy engagement event (0-4) does not say which kind: ask each.
      const type = ENGAGEMENT_TYPES[item.crmType ?? ''];
      return type ? [type] : ALL_ENGAGEMENTS;
    }
    default:
      return [];
  }
}

export function createHubSpotCompanyResolver(options: { client: HubSpotClient }): CompanyResolver {
  return {
    async resolve(items): Promise<Resolution> {
      const resolution: Resolution = { companies: new Map(), gone: { dealIds: [], activityIds: [] } };
      const byType = new Map<ObjectType, QueuedItem[]>();
      for (const item of items) {
        if (item.reason === 'deleted') {
          // Nothing can be read of a deleted record; its company is recomputed by the next run that sees it.
          if (item.objectType === 'deal') resolution.gone.dealIds.push(item.objectId);
          if (item.objectType === 'ticket') resolution.gone.activityIds.push(activityId('tickets', item.objectId));
          if (item.objectType === 'engagement') resolution.gone.activityIds.push(item.objectId);
          continue;
        }
        for (const type of typesOf(item)) byType.set(type, [...(byType.get(type) ?? []), item]);
      }
      for (const [type, list] of byType) {
        const found = await companiesOfObjects(options.client, type, unique(list.map((i) => i.objectId)));
        for (const item of list) {
          const companies = found.get(item.objectId) ?? [];
          resolution.companies.set(item.id, unique([...(resolution.companies.get(item.id) ?? []), ...companies]));
        }
      }
      return resolution;
    },
  };
}
