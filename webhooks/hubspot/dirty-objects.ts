// From a HubSpot event to the queue's terms: the tenant (the event's portal), a key to drop
// repeats by, and the objects it makes dirty. Which companies those belong to is resolved later,
// by the worker, never in the request.
import type { Delivery, DirtyObject, DirtyObjectType } from '../../src/app/ports/queue.port.ts';
import type { TenantId } from '../../src/app/ports/store.port.ts';
import { changedObject, OBJECT_TYPES, type ChangedObject, type HubSpotEvent } from './events.ts';

export function tenantOfEvent(event: HubSpotEvent): TenantId {
  return `hubspot:${event.portalId}`;
}

/**
 * HubSpot sends an event again (same id, subscription and object) when a delivery failed; the
 * id alone is documented as not unique across subscriptions, so the key holds all three.
 */
export function eventKey(event: HubSpotEvent): string {
  const object = event.objectId ?? `${event.fromObjectId}>${event.toObjectId}`;
  return `${event.eventId}:${event.subscriptionId ?? ''}:${object}`;
}

const QUEUED_KINDS = new Set<ChangedObject['kind']>(['company', 'deal', 'engagement', 'ticket', 'line_item']);

// The ends of a legacy association type such as COMPANY_TO_DEAL or DEAL_TO_LINE_ITEM.
const ASSOCIATION_NAMES: Record<string, ChangedObject['kind']> = {
  COMPANY: 'company',
  DEAL: 'deal',
  TICKET: 'ticket',
  LINE_ITEM: 'line_item',
  CONTACT: 'contact',
  ENGAGEMENT: 'engagement',
  CALL: 'engagement',
  EMAIL: 'engagement',
  MEETING: 'engagement',
  NOTE: 'engagement',
  TASK: 'engagement',
};

function associationEnds(event: HubSpotEvent): { kind: ChangedObject['kind']; typeId?: string; id: number }[] {
  const [fromName = '', toName = ''] = (event.associationType ?? '').replace(/^CHILD_TO_PARENT_COMPANY$|^PARENT_TO_CHILD_COMPANY$/, 'COMPANY_TO_COMPANY').split('_TO_');
  const kindOf = (typeId: string | undefined, name: string) => (typeId ? OBJECT_TYPES[typeId] : undefined) ?? ASSOCIATION_NAMES[name] ?? 'other';
  return [
    { kind: kindOf(event.fromObjectTypeId, fromName), ...(event.fromObjectTypeId ? { typeId: event.fromObjectTypeId } : {}), id: event.fromObjectId! },
    { kind: kindOf(event.toObjectTypeId, toName), ...(event.toObjectTypeId ? { typeId: event.toObjectTypeId } : {}), id: event.toObjectId! },
  ];
}

/** The objects an event makes dirty; contacts and unknown objects make none. */
export function dirtyObjectsOf(event: HubSpotEvent): DirtyObject[] {
  const tenant = tenantOfEvent(event);
  const object = (kind: ChangedObject['kind'], id: number | string, reason: DirtyObject['reason'], crmType?: string | null): DirtyObject[] =>
    QUEUED_KINDS.has(kind) ? [{ tenant, objectType: kind as DirtyObjectType, objectId: String(id), reason, ...(crmType ? { crmType } : {}) }] : [];

  if (event.subscriptionType.endsWith('.associationChange') && event.fromObjectId !== undefined && event.toObjectId !== undefined) {
    // Both ends: the company that lost a deal needs recomputing as much as the one that got it.
    return associationEnds(event).flatMap((end) => object(end.kind, end.id, 'association', end.typeId));
  }
  const changed = changedObject(event);
  if (changed.action === 'deleted') return object(changed.kind, changed.objectId, 'deleted', changed.objectTypeId);
  if (changed.action === 'merged') {
    // The survivor is the new record when HubSpot created one, else the primary.
    const survivor = String(event.newObjectId ?? changed.objectId);
    const gone = new Set([...changed.mergedIds, changed.objectId].filter((id) => id !== survivor));
    const goneReason = changed.kind === 'company' ? 'merged_away' : 'deleted';
    return [...object(changed.kind, survivor, 'changed', changed.objectTypeId), ...[...gone].flatMap((id) => object(changed.kind, id, goneReason, changed.objectTypeId))];
  }
  return object(changed.kind, changed.objectId, 'changed', changed.objectTypeId);
}

/** The events of one request as deliveries for the queue, each under its own tenant. */
export function deliveriesOf(events: readonly HubSpotEvent[]): Delivery[] {
  return events.map((event) => ({ tenant: tenantOfEvent(event), eventId: eventKey(event), objects: dirtyObjectsOf(event) }));
}
