// Which objects a HubSpot event makes dirty, and the key repeats are recognised by.
import { describe, expect, it } from 'vitest';
import { dirtyObjectsOf, eventKey } from '../../webhooks/hubspot/dirty-objects.ts';
import { parseEvents, type HubSpotEvent } from '../../webhooks/hubspot/events.ts';
import { hubspotEvent, PORTAL } from './signing.ts';

const tenant = `hubspot:${PORTAL}`;

function event(fields: Record<string, unknown>): HubSpotEvent {
  const parsed = parseEvents(JSON.stringify([hubspotEvent(fields)]));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.events[0]!;
}

const brief = (e: HubSpotEvent) => dirtyObjectsOf(e).map((o) => `${o.objectType}:${o.objectId}:${o.reason}${o.crmType ? `:${o.crmType}` : ''}`);

describe('dirty objects of a HubSpot event', () => {
  it('names the changed record under the tenant of its portal', () => {
    expect(dirtyObjectsOf(event({ subscriptionType: 'deal.propertyChange', objectId: 5, propertyName: 'amount', propertyValue: '10' }))).toEqual([
      { tenant, objectType: 'deal', objectId: '5', reason: 'changed' },
    ]);
  });

  it('keeps the engagement type of generic object events, and ignores contacts and other objects', () => {
    expect(brief(event({ subscriptionType: 'object.propertyChange', objectTypeId: '0-47', objectId: 8, propertyName: 'hs_meeting_outcome' }))).toEqual(['engagement:8:changed:0-47']);
    expect(brief(event({ subscriptionType: 'object.creation', objectTypeId: '0-5', objectId: 9 }))).toEqual(['ticket:9:changed:0-5']);
    expect(brief(event({ subscriptionType: 'line_item.propertyChange', objectId: 10, propertyName: 'price' }))).toEqual(['line_item:10:changed']);
    expect(brief(event({ subscriptionType: 'contact.propertyChange', objectId: 11, propertyName: 'email' }))).toEqual([]);
    expect(brief(event({ subscriptionType: 'object.creation', objectTypeId: '0-14', objectId: 12 }))).toEqual([]);
  });

  it('marks deletions, so a deleted deal or activity can be removed', () => {
    expect(brief(event({ subscriptionType: 'deal.deletion', objectId: 20 }))).toEqual(['deal:20:deleted']);
    expect(brief(event({ subscriptionType: 'object.deletion', objectTypeId: '0-48', objectId: 21 }))).toEqual(['engagement:21:deleted:0-48']);
    expect(brief(event({ subscriptionType: 'company.deletion', objectId: 22 }))).toEqual(['company:22:deleted']);
  });

  it('re-reads the surviving company of a merge and removes the ones merged away', () => {
    expect(brief(event({ subscriptionType: 'company.merge', objectId: 30, primaryObjectId: 30, mergedObjectIds: [31, 32] }))).toEqual([
      'company:30:changed',
      'company:31:merged_away',
      'company:32:merged_away',
    ]);
    // When HubSpot creates a new record for the merge, the primary goes too.
    expect(brief(event({ subscriptionType: 'company.merge', objectId: 30, primaryObjectId: 30, mergedObjectIds: [31], newObjectId: 33 }))).toEqual([
      'company:33:changed',
      'company:31:merged_away',
      'company:30:merged_away',
    ]);
    expect(brief(event({ subscriptionType: 'deal.merge', objectId: 40, primaryObjectId: 40, mergedObjectIds: [41] }))).toEqual(['deal:40:changed', 'deal:41:deleted']);
  });

  it('makes both ends of an association change dirty, so the company that lost a deal is recomputed too', () => {
    const legacy = event({ subscriptionType: 'company.associationChange', associationType: 'COMPANY_TO_DEAL', fromObjectId: 50, toObjectId: 51, associationRemoved: true });
    expect(brief(legacy)).toEqual(['company:50:association', 'deal:51:association']);
    const generic = event({ subscriptionType: 'object.associationChange', fromObjectTypeId: '0-48', toObjectTypeId: '0-2', fromObjectId: 52, toObjectId: 53 });
    expect(brief(generic)).toEqual(['engagement:52:association:0-48', 'company:53:association:0-2']);
    const parent = event({ subscriptionType: 'company.associationChange', associationType: 'PARENT_TO_CHILD_COMPANY', fromObjectId: 54, toObjectId: 55 });
    expect(brief(parent)).toEqual(['company:54:association', 'company:55:association']);
    const contact = event({ subscriptionType: 'deal.associationChange', associationType: 'DEAL_TO_CONTACT', fromObjectId: 56, toObjectId: 57 });
    expect(brief(contact)).toEqual(['deal:56:association']);
  });

  it('recognises a repeat by event id, subscription and object', () => {
    const a = event({ eventId: 7, subscriptionId: 1, subscriptionType: 'deal.creation', objectId: 60 });
    expect(eventKey(a)).toBe(eventKey({ ...a, attemptNumber: 3 }));
    expect(eventKey(a)).not.toBe(eventKey({ ...a, subscriptionId: 2 }));
    expect(eventKey(event({ eventId: 7, subscriptionType: 'company.associationChange', associationType: 'COMPANY_TO_DEAL', fromObjectId: 1, toObjectId: 2 }))).toBe('7:11:1>2');
  });
});
