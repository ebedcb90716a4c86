// `klantwaarde setup salesforce`: creates the Account custom fields that are missing (Metadata
// API upsert, ten at a time), reports those that exist and those that differ from the definition
// (never changing a field a person edited), and grants field-level security through two permission sets.
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import type { SalesforceConnection } from '../client/salesforce.connection.ts';
import { isSalesforceError } from '../client/salesforce.errors.ts';
import { customField, differences, readField, type FieldDifference } from './salesforce.field-metadata.ts';
import { allFieldSpecs, DEFAULT_FIELD_NAMES, type FieldNames, type FieldSpec } from './salesforce.fields.ts';
import { SALESFORCE_LIMITS } from '../client/salesforce.paths.ts';
import { permissionSetSpecs, planPermissionSet, readPermissionSet } from './salesforce.permission-sets.ts';
import type { CalloutSecrets } from '../inbound/salesforce.secret.ts';
import { chunk } from '../read/salesforce.soql.ts';

export interface SetupFailure {
  item: string;
  code: string;
  message: string;
}

export interface SalesforceSetupReport {
  created: string[];
  existing: string[];
  /** Fields that exist but not as defined: left as they are, for a person to decide. */
  differs: FieldDifference[];
  permissionSets: { name: string; status: 'created' | 'updated' | 'existing'; added: string[] }[];
  /** The Flow callout secret: issued now (shown once, for the Named Credential), already there, or not asked for. */
  calloutSecret: { status: 'created'; secret: string } | { status: 'existing' } | null;
  failed: SetupFailure[];
}

export interface SalesforceSetupOptions {
  conn: SalesforceConnection;
  fields?: Partial<FieldNames>;
  /** When given, an org without a Flow callout secret gets one. */
  callout?: CalloutSecrets;
  log?: Logger;
}

interface SaveResult {
  fullName?: string;
  success?: boolean | string;
  created?: boolean | string;
  errors?: { message?: string; statusCode?: string } | { message?: string; statusCode?: string }[];
}

const asList = <T>(value: T | T[] | undefined | null): T[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const yes = (value: unknown) => value === true || value === 'true';

export async function setupSalesforce(options: SalesforceSetupOptions): Promise<SalesforceSetupReport> {
  const { conn } = options;
  const log = options.log ?? silentLogger;
  const specs = allFieldSpecs({ ...DEFAULT_FIELD_NAMES, ...options.fields });
  const report: SalesforceSetupReport = { created: [], existing: [], differs: [], permissionSets: [], calloutSecret: null, failed: [] };

  const read = async (type: 'CustomField' | 'PermissionSet', names: string[]): Promise<unknown[]> =>
    asList(await conn.call(`read ${type}`, (c) => c.metadata.read(type, names) as Promise<unknown>));
  const upsert = async (type: string, items: Record<string, unknown>[]): Promise<SaveResult[]> =>
    asList((await conn.call(`upsert ${type}`, (c) => c.metadata.upsert(type, items as never) as Promise<unknown>)) as SaveResult | SaveResult[]);
  const failure = (item: string, result: SaveResult): SetupFailure => {
    const error = asList(result.errors)[0];
    return { item, code: 'crm.setup_failed', message: `${error?.statusCode ?? 'ERROR'}: ${error?.message ?? 'not saved'}` };
  };

  const missing: FieldSpec[] = [];
  for (const group of chunk(specs, SALESFORCE_LIMITS.metadataBatch)) {
    const found = new Map<string, unknown>();
    for (const record of await read('CustomField', group.map((s) => s.fullName))) {
      const parsed = readField.safeParse(record);
      if (parsed.success && parsed.data.fullName) found.set(parsed.data.fullName, parsed.data);
    }
    for (const spec of group) {
      const current = found.get(spec.fullName);
      if (!current) missing.push(spec);
      else {
        const diff = differences(spec, readField.parse(current));
        if (diff) report.differs.push(diff);
        else report.existing.push(spec.fullName);
      }
    }
  }
  for (const group of chunk(missing, SALESFORCE_LIMITS.metadataBatch)) {
    const results = await upsert('CustomField', group.map(customField));
    group.forEach((spec, i) => {
      const result = results.find((r) => r.fullName === spec.fullName) ?? results[i];
      if (result && yes(result.success)) report.created.push(spec.fullName);
      else report.failed.push(failure(spec.fullName, result ?? {}));
    });
  }

  const usable = specs.filter((s) => !report.failed.some((f) => f.item === s.fullName));
  for (const spec of permissionSetSpecs(usable)) {
    try {
      const current = readPermissionSet.safeParse((await read('PermissionSet', [spec.fullName]))[0]);
      const existing = current.success && current.data.fullName ? current.data : null;
      const plan = planPermissionSet(spec, existing);
      if (!plan.metadata) {
        report.permissionSets.push({ name: spec.fullName, status: 'existing', added: [] });
        continue;
      }
      const [result] = await upsert('PermissionSet', [plan.metadata]);
      if (result && yes(result.success)) report.permissionSets.push({ name: spec.fullName, status: existing ? 'updated' : 'created', added: plan.added });
      else report.failed.push(failure(spec.fullName, result ?? {}));
    } catch (error) {
      if (!isSalesforceError(error) || error.code === 'crm.daily_limit') throw error;
      report.failed.push({ item: spec.fullName, code: error.code, message: error.message });
    }
  }
  if (options.callout) {
    report.calloutSecret = (await options.callout.secretFor(conn.tenant)) ? { status: 'existing' } : { status: 'created', secret: await options.callout.rotate(conn.tenant) };
  }
  log.info({ created: report.created.length, differs: report.differs.length, failed: report.failed.length }, 'salesforce setup done');
  return report;
}
