import { describe, expect, it } from 'vitest';
import { changedObject, parseEvents } from './events.ts';

const base = { eventId: 100, subscriptionId: 1, portalId: 62515, appId: 54321, occurredAt: 1795000000000, attemptNumber: 0, changeSource: 'CRM' };

describe('HubSpot webhook events', () => {
  it('parses the array HubSpot posts', () => {
    const body = JSON.stringify([
      { ...base, subscriptionType: 'deal.propertyChange', objectId: 1246965, propertyName: 'amount', propertyValue: '5000' },
      { ...base, eventId: 101, subscriptionType: 'object.creation', objectTypeId: '0-48', objectId: 777 },
    ]);
    const parsed = parseEvents(body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.events.map(changedObject)).toEqual([
      { kind: 'deal', objectTypeId: null, objectId: '1246965', action: 'changed', mergedIds: [] },
      { kind: 'engagement', objectTypeId: '0-48', objectId: '777', action: 'changed', mergedIds: [] },
    ]);
  });

  it('reads deletions and merges', () => {
    const merge = changedObject({ ...base, subscriptionType: 'company.merge', objectId: 5, primaryObjectId: 5, mergedObjectIds: [6, 7] });
    expect(merge).toMatchObject({ kind: 'company', action: 'merged', objectId: '5', mergedIds: ['6', '7'] });
    expect(changedObject({ ...base, subscriptionType: 'company.deletion', objectId: 9 })).toMatchObject({ kind: 'company', action: 'deleted' });
  });

  it('refuses malformed JSON, an empty array and an event without its ids, saying where', () => {
    expect(parseEvents('{not json')).toEqual({ ok: false, reason: 'the body is not valid JSON' });
    expect(parseEvents('[]')).toMatchObject({ ok: false });
    const missing = parseEvents(JSON.stringify([{ ...base, subscriptionType: 'deal.creation' }]));
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.reason).toContain('event 0.objectId');
  });
});
