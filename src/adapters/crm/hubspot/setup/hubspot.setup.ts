// `klantwaarde setup hubspot`: creates what is missing (the property group, the properties,
// the relation labels), reports what exists and what differs, and changes nothing a user edited.
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { isHubSpotError } from '../client/hubspot.errors.ts';
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import { HUBSPOT_PATHS } from '../client/hubspot.paths.ts';
import { PROPERTY_GROUP, PROPERTY_SPECS, TASK_PROPERTY, type PropertySpec } from './hubspot.properties.ts';
import { DEFAULT_RELATION_LABELS, type LabelPair, type RelationLabels } from '../read/hubspot.relations.ts';
import { anyBody, labelList, propertyGroupList, propertyList } from '../client/hubspot.schemas.ts';
import { checkScopes, type ScopeCheck } from '../auth/hubspot.scopes.ts';
import type { AppCredentials } from '../auth/hubspot.token-info.ts';
import { differences, type PropertyDifference } from './hubspot.property-diff.ts';

export interface SetupFailure {
  item: string;
  code: string;
  message: string;
}

export interface SetupReport {
  scopes: ScopeCheck | null;
  group: 'created' | 'existing';
  created: string[];
  existing: string[];
  /** Properties that exist but not as defined: left as they are, for a person to decide. */
  differs: PropertyDifference[];
  labels: { created: string[]; existing: string[] };
  /** The task property holding a contact-schedule task's marker (kw_task_key). */
  taskProperty: 'created' | 'existing' | 'failed';
  failed: SetupFailure[];
}

export interface SetupOptions {
  client: HubSpotClient;
  /** The token to check scopes for (static token or the portal's OAuth access token). */
  accessToken?: string;
  /** The app's client id and secret: with them the token's scopes are checked (introspection). */
  app?: AppCredentials;
  relationLabels?: RelationLabels;
  log?: Logger;
}

export async function setupHubSpot(options: SetupOptions): Promise<SetupReport> {
  const { client } = options;
  const log = options.log ?? silentLogger;
  const report: SetupReport = { scopes: null, group: 'existing', created: [], existing: [], differs: [], labels: { created: [], existing: [] }, taskProperty: 'failed', failed: [] };
  const attempt = async (item: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      if (!isHubSpotError(error) || error.code === 'crm.daily_limit') throw error;
      report.failed.push({ item, code: error.code, message: error.message });
    }
  };

  if (options.accessToken) report.scopes = await checkScopes(client, { accessToken: options.accessToken, ...(options.app ? { app: options.app } : {}) });

  const groups = await client.send({ method: 'GET', path: HUBSPOT_PATHS.propertyGroups('companies') }, propertyGroupList);
  if (!groups.data.results.some((g) => g.name === PROPERTY_GROUP.name)) {
    await attempt(`group ${PROPERTY_GROUP.name}`, async () => {
      await client.send({ method: 'POST', path: HUBSPOT_PATHS.propertyGroups('companies'), body: PROPERTY_GROUP }, anyBody);
      report.group = 'created';
    });
  }

  const existing = new Map((await client.send({ method: 'GET', path: HUBSPOT_PATHS.properties('companies') }, propertyList)).data.results.map((p) => [p.name, p]));
  for (const spec of PROPERTY_SPECS) {
    const current = existing.get(spec.name);
    if (!current) {
      await attempt(spec.name, async () => {
        await client.send({ method: 'POST', path: HUBSPOT_PATHS.properties('companies'), body: createBody(spec) }, anyBody);
        report.created.push(spec.name);
      });
      continue;
    }
    const diff = differences(spec, current);
    if (diff) report.differs.push(diff);
    else report.existing.push(spec.name);
  }

  const labels = options.relationLabels ?? DEFAULT_RELATION_LABELS;
  const known = (await client.send({ method: 'GET', path: HUBSPOT_PATHS.associationLabels('companies', 'companies') }, labelList)).data.results;
  for (const pair of [labels.referral, labels.influence]) {
    const has = (label: string) => known.some((k) => (k.label ?? '').toLowerCase() === label.toLowerCase());
    if (has(pair.label) && has(pair.inverseLabel)) {
      report.labels.existing.push(pairName(pair));
      continue;
    }
    await attempt(`label ${pairName(pair)}`, async () => {
      await client.send({ method: 'POST', path: HUBSPOT_PATHS.associationLabels('companies', 'companies'), body: pair }, anyBody);
      report.labels.created.push(pairName(pair));
    });
  }
  await attempt(`task property ${TASK_PROPERTY.name}`, async () => {
    const tasks = await client.send({ method: 'GET', path: HUBSPOT_PATHS.properties('tasks') }, propertyList);
    if (tasks.data.results.some((p) => p.name === TASK_PROPERTY.name)) report.taskProperty = 'existing';
    else {
      await client.send({ method: 'POST', path: HUBSPOT_PATHS.properties('tasks'), body: TASK_PROPERTY }, anyBody);
      report.taskProperty = 'created';
    }
  });
  log.info({ created: report.created.length, differs: report.differs.length, failed: report.failed.length }, 'hubspot setup done');
  return report;
}

const pairName = (pair: LabelPair) => `${pair.label}/${pair.inverseLabel}`;

export function createBody(spec: PropertySpec): Record<string, unknown> {
  return {
    name: spec.name,
    label: spec.label,
    type: spec.type,
    fieldType: spec.fieldType,
    groupName: PROPERTY_GROUP.name,
    description: spec.description,
    formField: spec.editable,
    ...(spec.options ? { options: spec.options } : {}),
    ...(spec.numberDisplayHint ? { numberDisplayHint: spec.numberDisplayHint } : {}),
    ...(spec.showCurrencySymbol ? { showCurrencySymbol: true } : {}),
  };
}
