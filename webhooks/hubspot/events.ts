// The HubSpot webhook payload: a JSON array of events (legacy company.* / deal.* types and
// generic object.* ones), validated once here; inside, the events are trusted.
import { z } from 'zod';

const eventSchema = z
  .looseObject({
    eventId: z.number().int(),
    subscriptionId: z.number().int().optional(),
    portalId: z.number().int(),
    appId: z.number().int().optional(),
    occurredAt: z.number(),
    subscriptionType: z.string().min(1),
    attemptNumber: z.number().int().optional(),
    // Association changes name their two ends (fromObjectId, toObjectId) instead.
    objectId: z.number().int().optional(),
    objectTypeId: z.string().optional(),
    propertyName: z.string().optional(),
    propertyValue: z.string().optional(),
    changeSource: z.string().optional(),
    sourceId: z.string().optional(),
    mergedObjectIds: z.array(z.number().int()).optional(),
    primaryObjectId: z.number().int().optional(),
    fromObjectId: z.number().int().optional(),
    toObjectId: z.number().int().optional(),
    associationType: z.string().optional(),
    associationRemoved: z.boolean().optional(),
    fromObjectTypeId: z.string().optional(),
    toObjectTypeId: z.string().optional(),
    newObjectId: z.number().int().optional(),
  })
  .refine((e) => e.objectId !== undefined || (e.fromObjectId !== undefined && e.toObjectId !== undefined), {
    message: 'expected objectId (or fromObjectId and toObjectId for an association change)',
    path: ['objectId'],
  });

export type HubSpotEvent = z.infer<typeof eventSchema>;

/** At most this many events in one delivery (HubSpot sends up to 100). */
export const MAX_EVENTS = 1000;

export const eventsSchema = z.array(eventSchema).min(1, 'expected at least one event').max(MAX_EVENTS);

export type EventsParse = { ok: true; events: HubSpotEvent[] } | { ok: false; reason: string };

export function parseEvents(raw: string): EventsParse {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'the body is not valid JSON' };
  }
  const parsed = eventsSchema.safeParse(json);
  if (parsed.success) return { ok: true, events: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, reason: `${issue.path.length ? `event ${issue.path.join('.')}` : 'body'}: ${issue.message}` };
}

// Object type ids of the generic object.* events (HubSpot's standard objects).
export const OBJECT_TYPES: Record<string, ChangedObject['kind']> = {
  '0-1': 'contact',
  '0-2': 'company',
  '0-3': 'deal',
  '0-5': 'ticket',
  '0-8': 'line_item',
  '0-4': 'engagement', // legacy engagements
  '0-46': 'engagement', // notes
  '0-47': 'engagement', // meetings
  '0-48': 'engagement', // calls
  '0-49': 'engagement', // emails
  '0-27': 'engagement', // tasks
};

export interface ChangedObject {
  kind: 'company' | 'deal' | 'ticket' | 'line_item' | 'engagement' | 'contact' | 'other';
  /** HubSpot object type id when the event says it (e.g. 0-48 for calls). */
  objectTypeId: string | null;
  objectId: string;
  action: 'changed' | 'deleted' | 'merged';
  /** For merges: the ids that were merged away into objectId. */
  mergedIds: string[];
}

/** What changed, by the event's type: `deal.propertyChange`, `object.creation` with objectTypeId 0-48, … */
export function changedObject(event: HubSpotEvent): ChangedObject {
  const [prefix, action = ''] = event.subscriptionType.split('.');
  const kind: ChangedObject['kind'] =
    prefix === 'object' ? (OBJECT_TYPES[event.objectTypeId ?? ''] ?? 'other') : prefix === 'company' || prefix === 'deal' || prefix === 'ticket' || prefix === 'contact' ? prefix : prefix === 'line_item' ? 'line_item' : 'other';
  const isMerge = action === 'merge';
  return {
    kind,
    objectTypeId: event.objectTypeId ?? null,
    objectId: String(isMerge && event.primaryObjectId !== undefined ? event.primaryObjectId : (event.objectId ?? event.fromObjectId)),
    action: action === 'deletion' ? 'deleted' : isMerge ? 'merged' : 'changed',
    mergedIds: (event.mergedObjectIds ?? []).map(String),
  };
}
