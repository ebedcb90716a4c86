// What a refused record means: gone, a value Salesforce will not take, no access, or
// something passing (a locked row) worth one more try.
import type { CompanyUpdate, WriteFailure } from '../../../../app/ports/crm.port.ts';
import { fieldName, fieldValue } from '../setup/salesforce.fields.ts';

const NOT_FOUND = new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY', 'INVALID_ID_FIELD', 'MALFORMED_ID', 'NOT_FOUND']);
const INVALID = new Set([
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'STRING_TOO_LONG',
  'NUMBER_OUTSIDE_VALID_RANGE',
  'INVALID_TYPE_ON_FIELD_IN_RECORD',
  'REQUIRED_FIELD_MISSING',
  'FIELD_INTEGRITY_EXCEPTION',
  'INVALID_FIELD',
  'JSON_PARSER_ERROR',
]);
const FORBIDDEN = new Set(['INSUFFICIENT_ACCESS_OR_READONLY', 'INVALID_FIELD_FOR_INSERT_UPDATE', 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY', 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY']);

export function failureOf(companyId: string, sfCode: string, message: string): WriteFailure {
  const code = NOT_FOUND.has(sfCode) ? 'crm.not_found' : INVALID.has(sfCode) ? 'crm.invalid_value' : FORBIDDEN.has(sfCode) ? 'crm.forbidden' : 'crm.write_failed';
  return { companyId, code, message: `${sfCode}: ${message}`.slice(0, 500) };
}

/** Worth a second try: not a refusal that would come back the same. */
export function isPassing(failure: WriteFailure): boolean {
  return failure.code === 'crm.write_failed';
}

/** "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:bad value…:KW_Segment__c --" (a Bulk API failed-results row) → code and message. */
export function splitBulkError(text: string): { sfCode: string; message: string } {
  const at = text.indexOf(':');
  return at > 0 ? { sfCode: text.slice(0, at).trim(), message: text.slice(at + 1).trim() } : { sfCode: 'UNKNOWN_EXCEPTION', message: text };
}

/** The Account fields of one update, as JSON values. */
export function accountRecord(update: CompanyUpdate): Record<string, string | number | boolean | null> {
  const record: Record<string, string | number | boolean | null> = { Id: update.companyId };
  for (const [property, value] of Object.entries(update.values)) record[fieldName(property)] = fieldValue(property, value);
  return record;
}

/** One update per company (later values win), and none without values: nothing changed, nothing sent. */
export function mergeByCompany(updates: readonly CompanyUpdate[]): CompanyUpdate[] {
  const merged = new Map<string, CompanyUpdate>();
  for (const u of updates) {
    if (Object.keys(u.values).length === 0) continue;
    const current = merged.get(u.companyId);
    merged.set(u.companyId, { companyId: u.companyId, values: { ...current?.values, ...u.values } });
  }
  return [...merged.values()];
}
