// Updating one record the way Salesforce checks it: the record must be live, every field must
// exist, a restricted picklist takes only its values, and test-set refusals (a locked row) apply.
import type { SimulatedOrg } from './org.ts';

export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

export interface UpdateRules {
  /** Record id → the error to answer instead, for the next `times` updates (Infinity: always). */
  refuse: Map<string, { statusCode: string; message: string; times: number }>;
}

const NUMERIC = new Set(['Number', 'Currency', 'Percent']);

/** A value as stored: CSV text converted by the field's type ("#N/A" clears); JSON taken as sent. */
function stored(type: string, value: unknown, fromCsv: boolean): unknown {
  if (!fromCsv) return value;
  if (value === '#N/A') return null;
  if (NUMERIC.has(type)) return Number(value);
  if (type === 'Checkbox') return value === 'true';
  return value;
}

export function applyUpdate(org: SimulatedOrg, object: string, id: string, fields: Record<string, unknown>, rules: UpdateRules, fromCsv = false): RecordError | null {
  const refusal = rules.refuse.get(id);
  if (refusal && refusal.times > 0) {
    refusal.times -= 1;
    return { statusCode: refusal.statusCode, message: refusal.message, fields: [] };
  }
  const record = org.table(object).get(id);
  if (!record) return { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] };
  if (record.IsDeleted) return { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] };
  const values: Record<string, unknown> = {};
  for (const [field, raw] of Object.entries(fields)) {
    if (fromCsv && raw === '') continue;
    const type = org.fieldType(object, field);
    if (type === undefined) return { statusCode: 'INVALID_FIELD', message: `No such column '${field}' on sobject of type ${object}`, fields: [field] };
    const value = stored(type, raw, fromCsv);
    const picklist = org.customFields.get(`${object}.${field}`)?.picklist;
    if (picklist && value !== null && !picklist.has(String(value))) {
      return { statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: `bad value for restricted picklist field: ${String(value)}`, fields: [field] };
    }
    if (NUMERIC.has(type) && value !== null && typeof value !== 'number') return { statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', message: `${field}: value not of required type: ${String(value)}`, fields: [field] };
    values[field] = value;
  }
  org.update(object, id, values);
  return null;
}
