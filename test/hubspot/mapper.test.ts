// HubSpot records → the normalized model: units, types, roles, and reasons for skipping.
import { describe, expect, it } from 'vitest';
import { activityId, combineLineItems, mapActivity, mapCompany, mapDeal, mapLineItem, mapOverride } from '../../src/adapters/crm/hubspot/read/hubspot.mapper.ts';
import { ACTIVITY_OBJECTS } from '../../src/adapters/crm/hubspot/read/hubspot.objects.ts';
import { DEFAULT_RELATION_LABELS, relationLabelsFrom } from '../../src/adapters/crm/hubspot/read/hubspot.relations.ts';
import { crmObject, type CrmObject } from '../../src/adapters/crm/hubspot/client/hubspot.schemas.ts';
import { fixture } from './helpers.ts';

const [acme, beta] = fixture<{ results: unknown[] }>('companies-search-page.json').results.map((r) => crmObject.parse(r)) as [CrmObject, CrmObject];
const record = (id: string, properties: Record<string, string | null>): CrmObject => ({ id, properties });
const source = (type: string) => ACTIVITY_OBJECTS.find((a) => a.objectType === type)!;
const roles = { owners: { '11': 'account_manager' }, teams: { '900': 'inside_sales' }, default: 'support' };
const at = (iso: string) => Date.parse(iso);

describe('HubSpot mapper', () => {
  it('maps a company with its inputs and its override', () => {
    expect(mapCompany(acme)).toEqual({
      ok: true,
      value: {
        company: { id: '5001', name: 'Acme', industry: 'RETAIL', employees: 120, annualRevenue: 5_000_000, lifecycleStage: 'customer', ownerId: '88', createdAt: at('2020-01-01T00:00:00Z'), isReference: true },
        mergedIds: [],
      },
    });
    expect(mapOverride(acme, at('2026-09-30T12:00:00Z'))).toEqual({
      ok: true,
      value: { companyId: '5001', segment: 'A', reason: "Chairman of the retailers' association", by: 'manager@example.com', at: at('2026-09-30T12:00:00Z'), expiresAt: at('2027-01-01T00:00:00Z') },
    });
  });

  it('skips a company whose number of employees is not a number, and says why', () => {
    expect(mapCompany(beta)).toEqual({ ok: false, reason: "numberofemployees: not a number ('a dozen')" });
  });

  it('reads the ids merged into a company as companies gone', () => {
    const merged = mapCompany(record('5002', { name: 'Beta', createdate: '2021-03-04T10:15:00Z', hs_merged_object_ids: '5003;5004' }));
    expect(merged.ok && merged.value.mergedIds).toEqual(['5003', '5004']);
  });

  it('refuses an override without a reason or with an unknown segment', () => {
    expect(mapOverride(record('1', { kw_segment_override: 'B' }))).toEqual({ ok: false, reason: 'kw_segment_override without kw_segment_override_reason' });
    expect(mapOverride(record('1', { kw_segment_override: 'E', kw_segment_override_reason: 'x' }))).toMatchObject({ ok: false });
    expect(mapOverride(record('1', { kw_segment_override: null }))).toBeNull();
  });

  it('turns a call duration in milliseconds into minutes', () => {
    const call = mapActivity(record('301', { hs_timestamp: '2026-09-01T10:00:00Z', hs_call_duration: '1530000', hubspot_owner_id: '11' }), source('calls'), '5001', { roles });
    expect(call).toEqual({ ok: true, value: { id: '301', companyId: '5001', type: 'call', occurredAt: at('2026-09-01T10:00:00Z'), durationMinutes: 25.5, ownerRole: 'account_manager' } });
  });

  it('times a meeting from start to end, and counts a meeting of type Visit as a visit', () => {
    const meeting = { hs_meeting_start_time: '2026-09-02T09:00:00Z', hs_meeting_end_time: '2026-09-02T10:30:00Z', hubspot_team_id: '900' };
    expect(mapActivity(record('302', { ...meeting, hs_activity_type: 'Visit' }), source('meetings'), '5001', { roles })).toMatchObject({
      ok: true,
      value: { type: 'visit', durationMinutes: 90, occurredAt: at('2026-09-02T09:00:00Z'), ownerRole: 'inside_sales' },
    });
    expect(mapActivity(record('303', { ...meeting, hs_activity_type: 'Demo' }), source('meetings'), '5001', { roles })).toMatchObject({ ok: true, value: { type: 'meeting' } });
  });

  it('costs an activity at the default role when neither owner nor team is mapped', () => {
    expect(mapActivity(record('304', { hs_timestamp: '2026-09-04T00:00:00Z', hubspot_owner_id: '99' }), source('emails'), '5001', { roles })).toMatchObject({ ok: true, value: { ownerRole: 'support' } });
    expect(mapActivity(record('305', { hs_timestamp: '2026-09-04T00:00:00Z' }), source('notes'), '5001', { roles: {} })).toEqual({
      ok: true,
      value: { id: '305', companyId: '5001', type: 'note', occurredAt: at('2026-09-04T00:00:00Z') },
    });
  });

  it('dates a ticket by its creation and keeps its id apart from engagement ids', () => {
    expect(mapActivity(record('77', { createdate: '2026-09-07T08:00:00Z' }), source('tickets'), '5001', { roles: {} })).toMatchObject({ ok: true, value: { id: 'ticket:77', type: 'ticket' } });
    expect(activityId('calls', '77')).toBe('77');
  });

  it('skips an activity without a date', () => {
    expect(mapActivity(record('306', { hs_timestamp: null }), source('tasks'), '5001', { roles: {} })).toEqual({ ok: false, reason: 'hs_timestamp: missing' });
  });

  it('reads won, lost and open deals', () => {
    const deal = (won: string, closed: string) => mapDeal(record('9', { amount: '1000', closedate: '2026-05-01T00:00:00Z', hs_is_closed_won: won, hs_is_closed: closed }), '5001', {});
    expect([deal('true', 'true'), deal('false', 'true'), deal('false', 'false')].map((d) => d.ok && d.value.status)).toEqual(['won', 'lost', 'open']);
    expect(mapDeal(record('9', { amount: '1000', closedate: 'soon' }), '5001', {})).toEqual({ ok: false, reason: "closedate: not a date ('soon'); closedate: missing (and no createdate)" });
  });

  it('takes cost of goods times quantity, and a discount from a percentage of the price', () => {
    const a = mapLineItem(record('1', { price: '200', quantity: '3', hs_cost_of_goods_sold: '120', hs_discount_percentage: '10' }));
    const b = mapLineItem(record('2', { price: '50', quantity: '2', hs_cost_of_goods_sold: '30', discount: '5' }));
    expect([a, b]).toEqual([
      { ok: true, value: { cost: 360, discount: 60 } },
      { ok: true, value: { cost: 60, discount: 10 } },
    ]);
    expect(combineLineItems([{ cost: 360, discount: 60 }, { cost: 60, discount: 10 }])).toEqual({ cost: 420, discount: 70 });
    expect(combineLineItems([{ cost: 360 }, {}])).toEqual({});
  });
});

describe('relation labels from the config', () => {
  it('keeps the default pairs and names a custom label pair the same way setup creates it', () => {
    expect(relationLabelsFrom({ referral: 'Referred by', influence: 'Influences' })).toEqual(DEFAULT_RELATION_LABELS);
    expect(relationLabelsFrom({ referral: 'Aangebracht door', influence: 'Influences' }).referral).toEqual({ label: 'Aangebracht door', inverseLabel: 'Aangebracht door (inverse)', name: 'kw_aangebracht_door' });
  });
});
