// sObject Collections: PATCH updates, POST creates and DELETE deletes up to 200 records, each
// on its own when allOrNone is false.
import { isClosedStatus, type SimulatedOrg } from './org.ts';
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

/** Ids a created record of the object gets start like Salesforce's key prefixes. */
const PREFIX: Record<string, string> = { Task: '00T', Event: '00U', Account: '001', Opportunity: '006', Case: '500' };

export function createCollection(org: SimulatedOrg, request: SimRequest): Reply {
  const body = jsonBody(request) as { allOrNone?: boolean; records?: Record<string, unknown>[] } | undefined;
  if (!body || !Array.isArray(body.records)) return sfError(400, 'JSON_PARSER_ERROR', 'expected { allOrNone, records }');
  if (body.records.length > 200) return sfError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
  if (body.allOrNone) return sfError(400, 'UNSUPPORTED', 'the simulator only does allOrNone false');
  const results = body.records.map((record) => {
    const { attributes, ...fields } = record as { attributes?: { type?: string } } & Record<string, unknown>;
    const object = attributes?.type ?? '';
    if (!org.tables.has(object)) return { success: false, errors: [{ statusCode: 'INVALID_TYPE', message: `sObject type '${object}' is not supported`, fields: [] }] };
    for (const field of Object.keys(fields)) {
      if (org.fieldType(object, field) === undefined) return { success: false, errors: [{ statusCode: 'INVALID_FIELD', message: `No such column '${field}' on sobject of type ${object}`, fields: [field] }] };
    }
    const values: Record<string, unknown> = { ...fields };
    if (object === 'Task') {
      // A task on an account is the account's activity: Salesforce fills AccountId from WhatId.
      const what = typeof fields.WhatId === 'string' ? fields.WhatId : null;
      if (what !== null && !org.live('Account', what)) return { success: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: ['WhatId'] }] };
      values.AccountId = what;
      values.Status ??= 'Not Started';
      values.IsClosed = isClosedStatus(values.Status);
    }
    const created = org.insert(object, { ...values, Id: org.newId(PREFIX[object] ?? 'a0X') });
    return { id: created.Id, success: true, errors: [] };
  });
  return { status: 200, body: results };
}

export function deleteCollection(org: SimulatedOrg, request: SimRequest): Reply {
  const ids = (request.query.get('ids') ?? '').split(',').filter(Boolean);
  if (ids.length === 0) return sfError(400, 'MALFORMED_QUERY', 'ids is required');
  if (ids.length > 200) return sfError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
  const results = ids.map((id) => {
    const object = [...org.tables.keys()].find((o) => org.table(o).has(id));
    if (!object) return { id, success: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }] };
    if (!org.live(object, id)) return { id, success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
    org.delete(object, id);
    return { id, success: true, errors: [] };
  });
  return { status: 200, body: results };
}
