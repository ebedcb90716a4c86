// `setup hubspot`: creates what is missing, leaves what exists, reports what a user changed,
// and says which scopes the token lacks.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { guardNock } from '../support/nock-guard.ts';
import { HUBSPOT_PATHS } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';
import { PROPERTY_GROUP, PROPERTY_SPECS, TASK_PROPERTY } from '../../src/adapters/crm/hubspot/setup/hubspot.properties.ts';
import { createBody, setupHubSpot } from '../../src/adapters/crm/hubspot/setup/hubspot.setup.ts';
import { BASE, fixture, json, testClient } from './helpers.ts';

guardNock();

const TOKEN = 'pat-na1-test';
const APP = { clientId: '5f0c2a8e-1b7d-4c3e-9a61-2d8f4e7b9c10', clientSecret: 'app-secret' };
const form = (body: unknown) => Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : (body as Record<string, string>)));
const groups = fixture<{ results: unknown[] }>('property-groups.json');
const builtInLabels = fixture<{ results: unknown[] }>('association-labels-builtin.json');
const ourLabels = {
  results: [
    ...builtInLabels.results,
    { category: 'USER_DEFINED', typeId: 1001, label: 'Referred by' },
    { category: 'USER_DEFINED', typeId: 1002, label: 'Referred' },
    { category: 'USER_DEFINED', typeId: 1003, label: 'Influences' },
    { category: 'USER_DEFINED', typeId: 1004, label: 'Influenced by' },
  ],
};

/** Every property as HubSpot answers for it once created from our definition. */
function asHubSpotHasThem(): Record<string, unknown>[] {
  const template = fixture('property-kw-segment.json');
  return PROPERTY_SPECS.map((spec) => {
    const body = createBody(spec);
    const options = (spec.options ?? []).map((o) => ({ ...o, hidden: false, description: '' }));
    return { ...template, ...body, options, ...(spec.type === 'number' && !spec.numberDisplayHint ? { numberDisplayHint: 'formatted' } : {}) };
  });
}

/** The app asks HubSpot about its token: form-encoded credentials and the token, no bearer. */
function introspection(answer: string) {
  nock(BASE, { badheaders: ['authorization'] })
    .post(HUBSPOT_PATHS.tokenIntrospect, (body) => {
      const f = form(body);
      return f.client_id === APP.clientId && f.client_secret === APP.clientSecret && f.token === TOKEN;
    })
    .reply(200, fixture(answer));
}

const TASK_MARKER_AS_HUBSPOT_HAS_IT = { ...fixture('property-kw-segment.json'), ...TASK_PROPERTY, options: [] };

function portal(properties: Record<string, unknown>[], options: { group: boolean; labels: boolean; introspection?: boolean; taskProperty?: boolean }) {
  if (options.introspection !== false) introspection('token-introspection.json');
  nock(BASE)
    .get(HUBSPOT_PATHS.propertyGroups('companies'))
    .reply(200, { results: [...groups.results, ...(options.group ? [{ name: 'klantwaarde', label: 'Customer value', displayOrder: -1, archived: false }] : [])] });
  nock(BASE).get(HUBSPOT_PATHS.properties('companies')).reply(200, { results: properties });
  nock(BASE).get(HUBSPOT_PATHS.associationLabels('companies', 'companies')).reply(200, options.labels ? ourLabels : builtInLabels);
  nock(BASE).get(HUBSPOT_PATHS.properties('tasks')).reply(200, { results: options.taskProperty === false ? [] : [TASK_MARKER_AS_HUBSPOT_HAS_IT] });
}

describe('setup hubspot', () => {
  it('creates the group, every property and both label pairs on an empty portal', async () => {
    portal([{ ...fixture('property-kw-segment.json'), name: 'name', label: 'Company name', type: 'string', fieldType: 'text', groupName: 'companyinformation' }], { group: false, labels: false, taskProperty: false });
    const created: Record<string, unknown>[] = [];
    const taskProperties: unknown[] = [];
    nock(BASE).post(HUBSPOT_PATHS.properties('tasks'), (body) => json(body).groupName === 'task_information' && taskProperties.push(json(body)) > 0).reply(201, TASK_MARKER_AS_HUBSPOT_HAS_IT);
    const labels: unknown[] = [];
    nock(BASE).post(HUBSPOT_PATHS.propertyGroups('companies'), PROPERTY_GROUP).reply(201, { ...PROPERTY_GROUP, archived: false });
    nock(BASE)
      .post(HUBSPOT_PATHS.properties('companies'), (body) => json(body).groupName === 'klantwaarde' && created.push(json(body)) > 0)
      .times(PROPERTY_SPECS.length)
      .reply(201, (request: Request) => request.json());
    nock(BASE)
      .post(HUBSPOT_PATHS.associationLabels('companies', 'companies'), (body) => 'inverseLabel' in json(body) && labels.push(json(body)) > 0)
      .times(2)
      .reply(200, { results: [{ category: 'USER_DEFINED', typeId: 1001, label: 'x' }] });

    const { client } = testClient();
    const report = await setupHubSpot({ client, accessToken: TOKEN, app: APP });

    expect(report.group).toBe('created');
    expect(report.created).toEqual(PROPERTY_SPECS.map((p) => p.name));
    expect(report.existing).toEqual([]);
    expect(report.labels.created).toEqual(['Referred by/Referred', 'Influences/Influenced by']);
    expect(labels).toEqual([
      { label: 'Referred by', inverseLabel: 'Referred', name: 'kw_referred_by' },
      { label: 'Influences', inverseLabel: 'Influenced by', name: 'kw_influences' },
    ]);
    const byName = new Map(created.map((p) => [p.name, p]));
    expect(byName.get('kw_segment')).toMatchObject({ type: 'enumeration', fieldType: 'select', groupName: 'klantwaarde', options: expect.arrayContaining([{ value: 'D', label: 'D (costs more than it brings)', displayOrder: 3 }]) });
    expect(byName.get('kw_revenue_12m')).toMatchObject({ type: 'number', fieldType: 'number', numberDisplayHint: 'currency', showCurrencySymbol: true });
    expect(byName.get('kw_share_of_wallet')).toMatchObject({ type: 'number', numberDisplayHint: 'percentage' });
    expect(byName.get('kw_calculated_at')).toMatchObject({ type: 'datetime', fieldType: 'date' });
    expect(byName.get('kw_next_contact_date')).toMatchObject({ type: 'date', fieldType: 'date' });
    expect(byName.get('kw_recommended_action')!.options).toHaveLength(10);
    expect(byName.get('kw_segment_override')).toMatchObject({ formField: true });
    expect(String(byName.get('kw_total_value')!.description)).toContain('cannot make a property read-only');
    expect(report.taskProperty).toBe('created');
    expect(taskProperties).toEqual([{ name: 'kw_task_key', label: 'Klantwaarde task key', type: 'string', fieldType: 'text', groupName: 'task_information', description: expect.stringContaining('contact-schedule tasks'), formField: false }]);
    expect(report.scopes).toMatchObject({ verified: true, hubId: 4242, unverified: [] });
    expect(report.scopes!.missing.map((m) => m.purpose)).toEqual(['read logged emails', 'read tickets']);
    expect(report.scopes!.optionalMissing.map((m) => m.anyOf[0])).toEqual(['crm.objects.contacts.write', 'crm.objects.feedback_submissions.read']);
    expect(report.failed).toEqual([]);
  });

  it('changes nothing on a portal that has everything', async () => {
    portal(asHubSpotHasThem(), { group: true, labels: true });
    const { client } = testClient();
    const report = await setupHubSpot({ client, accessToken: TOKEN, app: APP });
    expect(report).toMatchObject({ group: 'existing', created: [], differs: [], failed: [], taskProperty: 'existing', labels: { created: [], existing: ['Referred by/Referred', 'Influences/Influenced by'] } });
    expect(report.existing).toHaveLength(PROPERTY_SPECS.length);
  });

  it('reports a property a user changed and leaves it as it is', async () => {
    const properties = asHubSpotHasThem().map((p) => {
      if (p.name === 'kw_segment') return { ...p, label: 'Klantsegment', options: (p.options as { value: string }[]).filter((o) => o.value !== 'D') };
      if (p.name === 'kw_explanation') return { ...p, description: 'Why (edited by ops)' };
      return p;
    });
    portal(properties, { group: true, labels: true });
    const { client } = testClient();
    const report = await setupHubSpot({ client, accessToken: TOKEN, app: APP });
    expect(report.created).toEqual([]);
    expect(report.differs).toEqual([
      { name: 'kw_segment', fields: ["label: 'Segment' expected, 'Klantsegment' found", "option 'D': missing"], breaking: true },
      { name: 'kw_explanation', fields: [expect.stringMatching(/^description: '.*' expected, 'Why \(edited by ops\)' found$/)], breaking: false },
    ]);
    expect(report.existing).toHaveLength(PROPERTY_SPECS.length - 2);
  });

  it('reports a property it could not create and goes on with the rest', async () => {
    const missing = asHubSpotHasThem().filter((p) => p.name !== 'kw_clv' && p.name !== 'kw_value_rank');
    portal(missing, { group: true, labels: true });
    nock(BASE)
      .post(HUBSPOT_PATHS.properties('companies'), (body) => json(body).name === 'kw_clv')
      .reply(403, { status: 'error', category: 'MISSING_SCOPES', message: 'This app hasn\'t been granted all required scopes to make this call.' })
      .post(HUBSPOT_PATHS.properties('companies'), (body) => json(body).name === 'kw_value_rank')
      .reply(201, {});
    const { client } = testClient();
    const report = await setupHubSpot({ client, accessToken: TOKEN, app: APP });
    expect(report.created).toEqual(['kw_value_rank']);
    expect(report.failed).toEqual([{ item: 'kw_clv', code: 'crm.forbidden', message: expect.stringContaining('required scopes') }]);
  });
});

describe('setup hubspot: which scopes the token has', () => {
  const emptyPortal = () => portal(asHubSpotHasThem(), { group: true, labels: true, introspection: false });

  it('without the app\'s client secret finds the portal, names every scope it could not verify, and fails nothing', async () => {
    emptyPortal();
    nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } }).get(HUBSPOT_PATHS.accountDetails).reply(200, fixture('account-details.json'));
    const { client } = testClient({ accessToken: TOKEN });
    const report = await setupHubSpot({ client, accessToken: TOKEN });
    expect(report.scopes).toMatchObject({ verified: false, hubId: 4242, missing: [], note: expect.stringContaining('HUBSPOT_CLIENT_SECRET') });
    expect(report.scopes!.unverified.map((s) => s.anyOf[0])).toEqual(expect.arrayContaining(['crm.objects.companies.write', 'sales-email-read', 'crm.objects.owners.read']));
    expect(report.failed).toEqual([]);
  });

  it('warns when HubSpot says the token is not active, and still sets up', async () => {
    emptyPortal();
    introspection('token-introspection-inactive.json');
    const { client } = testClient({ accessToken: TOKEN });
    const report = await setupHubSpot({ client, accessToken: TOKEN, app: APP });
    expect(report.scopes).toMatchObject({ verified: false, hubId: null, note: expect.stringContaining('not active') });
    expect(report.scopes!.unverified).toHaveLength(12);
    expect(report.existing).toHaveLength(PROPERTY_SPECS.length);
  });

  it('reports an optional scope the token lacks apart from the ones that stop the connector', async () => {
    emptyPortal();
    const answer = fixture<{ scopes: string[] }>('token-introspection.json');
    nock(BASE).post(HUBSPOT_PATHS.tokenIntrospect).reply(200, { ...answer, scopes: [...answer.scopes.filter((s) => s !== 'crm.objects.owners.read'), 'sales-email-read', 'tickets', 'crm.objects.contacts.write'] });
    const { client } = testClient({ accessToken: TOKEN });
    const report = await setupHubSpot({ client, accessToken: TOKEN, app: APP });
    expect(report.scopes).toMatchObject({ verified: true, missing: [] });
    expect(report.scopes!.optionalMissing.map((s) => s.anyOf[0])).toEqual(['crm.objects.owners.read', 'crm.objects.feedback_submissions.read']);
  });
});
