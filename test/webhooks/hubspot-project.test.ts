// The HubSpot project definitions under extensions/: the workflow action answers the output
// fields it declares, and the webhooks never subscribe to what Klantwaarde itself writes.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROPERTY_NAMES, INPUT_PROPERTIES } from '../../src/domain/crm-properties.ts';
import { ACTIVITY_OBJECTS, COMPANY_PROPERTIES, DEAL_PROPERTIES, LINE_ITEM_PROPERTIES } from '../../src/adapters/crm/hubspot/read/hubspot.objects.ts';
import { failureOf, outputsOf } from '../../src/app/workflow-action.ts';
import { AppError } from '../../src/app/errors.ts';
import type { CompanyResult } from '../../src/domain/results.ts';

const root = resolve(import.meta.dirname, '../../extensions/src/app');
const read = (path: string) => JSON.parse(readFileSync(resolve(root, path), 'utf8')) as Record<string, unknown> & { config: Record<string, unknown> };

/** The project's config profiles (hsprofile.<name>.json): one set of URLs per environment. */
const profiles = readdirSync(resolve(root, '..'))
  .filter((f) => /^hsprofile\..+\.json$/.test(f))
  .map((f) => ({ name: f, variables: (JSON.parse(readFileSync(resolve(root, '..', f), 'utf8')) as { variables: Record<string, string> }).variables }));

/**
 * A URL as written in an *-hsmeta.json, resolved in every profile the way the HubSpot CLI
 * fills in `${NAME}` (whole values and parts of strings alike).
 */
function resolvedUrls(value: string): { profile: string; url: URL; backend: URL }[] {
  if (!value.includes('${')) throw new Error(`${value} names no profile variable: set the host per environment in hsprofile.<name>.json`);
  return profiles.map((p) => ({
    profile: p.name,
    url: new URL(value.replace(/\$\{(.*?)\}/g, (_, name: string) => p.variables[name] ?? `<${name} missing>`)),
    backend: new URL(p.variables.BACKEND_URL!),
  }));
}

interface Subscription {
  subscriptionType: string;
  objectType?: string;
  propertyName?: string;
  active: boolean;
}

describe('HubSpot project: workflow action definition', () => {
  const action = read('workflow-actions/recalculate-customer-value-hsmeta.json');
  const config = action.config as { objectTypes: string[]; actionUrl: string; outputFields: { typeDefinition: { name: string } }[]; labels: Record<string, { actionName: string; outputFieldLabels: Record<string, string>; executionRules: Record<string, string> }>; executionRules: { labelName: string }[] };

  it('acts on companies at the action route, labelled in English and Dutch', () => {
    expect(action).toMatchObject({ type: 'workflow-action', uid: 'recalculate_customer_value' });
    expect(config.objectTypes).toEqual(['COMPANY']);
    expect(profiles.length).toBeGreaterThanOrEqual(1);
    for (const { profile, url, backend } of resolvedUrls(config.actionUrl)) {
      expect(url.pathname, profile).toBe('/actions/hubspot/recalculate');
      expect(url.origin, profile).toBe(backend.origin);
    }
    expect(Object.keys(config.labels).sort()).toEqual(['en', 'nl']);
    expect(config.labels.en!.actionName).toBe('Recalculate customer value');
    expect(config.labels.nl!.actionName).toBe('Klantwaarde herberekenen');
  });

  it('declares every output field the action answers, with a label in each language', () => {
    const declared = config.outputFields.map((f) => f.typeDefinition.name).sort();
    const success = outputsOf({ ...baseResult(), segment: 'A', totalValue: 1, netContribution: 1, nextContactDate: Date.parse('2026-12-01') }, 0);
    const answered = [...Object.keys(success), ...Object.keys(failureOf(new AppError('company.not_found', 'gone')))].filter((k) => k !== 'hs_execution_state');
    expect(declared).toEqual([...new Set(answered)].sort());
    for (const labels of Object.values(config.labels)) {
      expect(Object.keys(labels.outputFieldLabels).sort()).toEqual(declared);
      expect(Object.keys(labels.executionRules).sort()).toEqual(config.executionRules.map((r) => r.labelName).sort());
    }
  });
});

describe('HubSpot project: webhook subscriptions', () => {
  const webhooks = read('webhooks/webhooks-hsmeta.json');
  const subscriptions = webhooks.config.subscriptions as { crmObjects: Subscription[]; legacyCrmObjects: Subscription[] };
  const all = [...subscriptions.crmObjects, ...subscriptions.legacyCrmObjects];

  it('posts to the webhook route', () => {
    const settings = webhooks.config.settings as { targetUrl: string };
    for (const { profile, url, backend } of resolvedUrls(settings.targetUrl)) {
      expect(url.pathname, profile).toBe('/webhooks/hubspot');
      expect(url.origin, profile).toBe(backend.origin);
    }
  });

  it('covers companies, deals, line items, tickets and the engagement objects', () => {
    const types = new Set(all.map((s) => s.subscriptionType));
    for (const object of ['company', 'deal', 'line_item', 'ticket']) {
      for (const action of ['creation', 'deletion', 'propertyChange', 'associationChange']) expect(types, `${object}.${action}`).toContain(`${object}.${action}`);
    }
    expect(types).toContain('company.merge');
    expect(types).toContain('deal.merge');
    for (const object of ['call', 'meeting', 'email', 'note', 'task']) {
      const of = subscriptions.crmObjects.filter((s) => s.objectType === object).map((s) => s.subscriptionType);
      expect(of, object).toEqual(expect.arrayContaining(['object.creation', 'object.deletion', 'object.propertyChange', 'object.associationChange']));
    }
  });

  it('never subscribes to the properties Klantwaarde writes, so a write-back cannot trigger itself', () => {
    const written = PROPERTY_NAMES.filter((p) => !(INPUT_PROPERTIES as readonly string[]).includes(p)).map((p) => `kw_${p}`);
    const watched = all.map((s) => s.propertyName).filter((p): p is string => p !== undefined);
    expect(watched.filter((p) => written.includes(p))).toEqual([]);
    expect(all.every((s) => s.active)).toBe(true);
    expect(all.filter((s) => s.subscriptionType.endsWith('propertyChange')).every((s) => s.propertyName)).toBe(true);
  });

  it('watches only properties the connector reads, so no other change wakes it either', () => {
    const read: Record<string, readonly string[]> = {
      company: COMPANY_PROPERTIES,
      deal: DEAL_PROPERTIES,
      line_item: LINE_ITEM_PROPERTIES,
      ...Object.fromEntries(ACTIVITY_OBJECTS.map((a) => [a.objectType.replace(/s$/, ''), a.properties])),
    };
    const unread = all
      .filter((s) => s.propertyName)
      .map((s) => ({ object: s.objectType ?? s.subscriptionType.split('.')[0]!, property: s.propertyName! }))
      .filter(({ object, property }) => !(read[object] ?? []).includes(property));
    expect(unread).toEqual([]);
  });
});

function baseResult(): CompanyResult {
  return { companyId: '1', name: 'x', ownerId: null, isCustomer: true, customerYearBefore: false, revenue: 0, grossMargin: 0, wonDeals: 0, orders: 0, averageOrderValue: null, retention: 0, clv: 0, estimatedWallet: null, shareOfWallet: null, growthPotential: 0, referralValue: 0, influenceValue: 0, referenceValue: 0, knowledgeValue: 0, strategicValue: 0, totalValue: 0, satisfaction: null, satisfactionResponses: null, costBreakdown: { calls: 0, meetings: 0, visits: 0, emails: 0, notes: 0, tasks: 0, tickets: 0, travel: 0, orderHandling: 0, discounts: 0 }, costToServe: 0, netContribution: 0, costToServeRatio: null, segment: null, segmentComputed: null, override: null, valueScore: null, valueRank: null, pyramidLevel: 'suspect', contacts: [], nextContactDate: null, contactOverdue: false, contactPlan: '', serviceFlag: 'ok', serviceDetail: null, recommendedAction: 'maintain', recommendedActionText: '', drivers: [], explanation: '' };
}
