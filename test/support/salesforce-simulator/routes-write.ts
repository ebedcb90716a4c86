// PATCH /composite/sobjects: up to 200 records, each updated alone when allOrNone is false.
import type { SimulatedOrg } from './org.ts';
import { jsonBody, sfError, type Reply, type SimRequest } from './reply.ts';
import { applyUpdate, type UpdateRules } from './updates.ts';

export function updateCollection(org: SimulatedOrg, request: SimRequest, rules: UpdateRules): Reply {
  const body = jsonBody(request) as { allOrNone?: boolean; records?: Record<string, unknown>[] } | undefined;
  if (!body || !Array.isArray(body.records)) return sfError(400, 'JSON_PARSER_ERROR', 'expected { allOrNone, records }');
  if (body.records.length > 200) return sfError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
  if (body.allOrNone) return sfError(400, 'UNSUPPORTED', 'the simulator only does allOrNone false');
  const results = body.records.map((record) => {
    const { attributes, id, Id, ...fields } = record as { attributes?: { type?: string }; id?: string; Id?: string } & Record<string, unknown>;
    const recordId = String(id ?? Id ?? '');
    const object = attributes?.type ?? '';
    if (!org.tables.has(object)) return { success: false, errors: [{ statusCode: 'INVALID_TYPE', message: `sObject type '${object}' is not supported`, fields: [] }] };
    const error = applyUpdate(org, object, recordId, fields, rules);
    return error ? { success: false, errors: [error] } : { id: recordId, success: true, errors: [] };
  });
  return { status: 200, body: results };
}
