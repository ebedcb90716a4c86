// Every default of the config file, and how a partial file is laid over them: sections merge
// key by key, lists and plain values replace. The value model's numbers come from the domain.
import { DEFAULT_MODEL_CONFIG } from '../domain/default-model-config.ts';
import type { KlantwaardeConfig, OperationalConfig } from './config.schema.ts';

export const OPERATIONAL_DEFAULTS: OperationalConfig = {
  schedule: { full: '0 2 * * *', incremental: '*/15 * * * *', timezone: 'Europe/Amsterdam' },
  roles: { owners: {}, teams: {}, default: 'account_manager' },
  hubspot: {
    rateLimit: 100,
    batchSize: 100,
    searchPageSize: 200,
    associationLabels: { referral: 'Referred by', influence: 'Influences' },
    surveyTypes: ['NPS'],
  },
  salesforce: {
    apiVersion: '62.0',
    bulkThreshold: 2000,
    dailyApiShare: 0.5,
    costField: 'Cost__c',
    referralField: 'Referred_By__c',
    influenceField: 'Influenced_By__c',
  },
  csv: { decimal: '.', thousands: 'auto' },
  server: { port: 3000 },
  tasks: { enabled: false, leadDays: 7 },
  queue: { leaseSeconds: 120, heartbeatSeconds: 30 },
  scale: { sharded: true, shardSize: 5000, shardLeaseSeconds: 900, shardAttempts: 3 },
  locale: 'en',
};

export const DEFAULT_CONFIG: KlantwaardeConfig = { ...DEFAULT_MODEL_CONFIG, ...OPERATIONAL_DEFAULTS };

function isSection(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function own(section: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(section, key) ? section[key] : undefined;
}

/**
 * Lays `overlay` (what the file says) over `base` (the defaults). An empty section in YAML
 * (`costs:` with nothing under it) reads as null and keeps its defaults. Anything that is not
 * a section replaces the default, so the schema then sees, and reports, exactly what the file says.
 */
export function mergeOnto(base: unknown, overlay: unknown): unknown {
  if (overlay === undefined) return base;
  if (isSection(base) && overlay === null) return base;
  if (!isSection(base) || !isSection(overlay)) return overlay;
  const keys = new Set([...Object.keys(base), ...Object.keys(overlay)]);
  return Object.fromEntries([...keys].map((key) => [key, mergeOnto(own(base, key), own(overlay, key))]));
}

/** The file's content laid over every default; an empty file is all defaults. */
export function withDefaults(raw: unknown): unknown {
  return mergeOnto(DEFAULT_CONFIG, raw === null ? undefined : raw);
}
