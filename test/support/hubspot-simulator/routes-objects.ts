// Object endpoints: list (with archived), search, batch read, create, update and archive.
import { defaultTypes } from './associations.ts';
import { search, type SearchRequest } from './search.ts';
import { field, hubspotError, inputsOf, type Reply, type SimRequest } from './reply.ts';
import { OBJECT_TYPES, type SimulatedObjectType, type SimulatedPortal } from './state.ts';

const BATCH = 100;
const HISTORY_BATCH = 50;
const singular = (type: string) => type.replace(/s$/, '').toUpperCase();

export function listObjects(portal: SimulatedPortal, type: SimulatedObjectType, request: SimRequest): Reply {
  const limit = Math.min(Number(request.query.get('limit') ?? 10), 100);
  const after = Number(request.query.get('after') ?? 0);
  const archived = request.query.get('archived') === 'true';
  const names = (request.query.get('properties') ?? '').split(',').filter(Boolean);
  const table = portal.table(type);
  const all = [...table.records.values()].filter((r) => (r.archivedAt !== null) === archived);
  const page = all.slice(after, after + limit);
  const more = all.length > after + limit;
  return { status: 200, body: { results: page.map((r) => table.view(r, names)), ...(more ? { paging: { next: { after: String(after + limit), link: '' } } } : {}) } };
}

export function searchObjects(portal: SimulatedPortal, type: SimulatedObjectType, request: SimRequest): Reply {
  return search(portal.table(type), request.body as SearchRequest);
}

export function batchRead(portal: SimulatedPortal, type: SimulatedObjectType, request: SimRequest): Reply {
  const inputs = inputsOf(request.body);
  const history = field<string[]>(request.body, 'propertiesWithHistory') ?? [];
  if (!inputs) return hubspotError(400, 'VALIDATION_ERROR', 'inputs are required');
  const max = history.length > 0 ? HISTORY_BATCH : BATCH;
  if (inputs.length > max) return hubspotError(400, 'VALIDATION_ERROR', `Batch input size limit exceeded: ${inputs.length} > ${max}`);
  const names = field<string[]>(request.body, 'properties') ?? [];
  const table = portal.table(type);
  const results: unknown[] = [];
  const missing: string[] = [];
  for (const { id } of inputs) {
    const record = table.live(String(id));
    if (record) results.push(table.view(record, names, history));
    else missing.push(String(id));
  }
  return batchReply(results, missing.length === 0 ? [] : [notFound(type, missing)]);
}

/**
 * Ids whose update HubSpot should refuse: `refuse` per record in a 207; `rules` as a portal's
 * validation rules do from API version 2026-09 on — a 400 for the whole batch, each refused
 * record named in the details with the rule's message.
 */
export type UpdateRules = { refuse: Map<string, string>; rules: Map<string, string> };

export function batchUpdate(portal: SimulatedPortal, type: SimulatedObjectType, request: SimRequest, rules: UpdateRules): Reply {
  const inputs = inputsOf(request.body);
  if (!inputs) return hubspotError(400, 'VALIDATION_ERROR', 'inputs are required');
  if (inputs.length > BATCH) return hubspotError(400, 'VALIDATION_ERROR', `Batch input size limit exceeded: ${inputs.length} > ${BATCH}`);
  const ids = inputs.map((i) => String(i.id));
  if (new Set(ids).size !== ids.length) return hubspotError(400, 'VALIDATION_ERROR', 'Duplicate IDs found in batch input');
  for (const input of inputs) {
    for (const name of Object.keys(input.properties ?? {})) {
      if (!portal.isWritable(type, name)) return hubspotError(400, 'VALIDATION_ERROR', `Property "${name}" does not exist`, { errors: [{ code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: [name] } }] });
    }
  }
  const violations = inputs.filter((i) => rules.rules.has(String(i.id)));
  if (violations.length > 0) return ruleViolations(violations.map((i) => [String(i.id), rules.rules.get(String(i.id))!]));
  const table = portal.table(type);
  const results: unknown[] = [];
  const missing: string[] = [];
  const invalid = new Map<string, string>();
  for (const input of inputs) {
    const id = String(input.id);
    const record = table.live(id);
    if (!record) {
      missing.push(id);
      continue;
    }
    const problem = rules.refuse.get(id) ?? badOption(portal, type, input.properties ?? {});
    if (problem) {
      invalid.set(id, problem);
      continue;
    }
    table.write(record, input.properties ?? {}, portal.now());
    results.push(table.view(record, Object.keys(input.properties ?? {})));
  }
  const errors = [
    ...(missing.length > 0 ? [notFound(type, missing)] : []),
    ...[...invalid].map(([id, message]) => ({ status: 'error', category: 'VALIDATION_ERROR', message, context: { ids: [id] } })),
  ];
  return batchReply(results, errors);
}

interface CreateInput {
  properties?: Record<string, string | null>;
  associations?: { to?: { id?: string | number }; types?: { associationCategory?: string; associationTypeId?: number }[] }[];
}

/** Properties a new record of the type must have (a task needs its due time). */
const REQUIRED_ON_CREATE: Partial<Record<SimulatedObjectType, string[]>> = { tasks: ['hs_timestamp'] };

/**
 * Batch create: up to 100 records, each with its associations, all or nothing (a bad property,
 * a missing required one or an association to a record that does not exist refuses the batch).
 */
export function batchCreate(portal: SimulatedPortal, type: SimulatedObjectType, request: SimRequest): Reply {
  const inputs = field<CreateInput[]>(request.body, 'inputs');
  if (!Array.isArray(inputs)) return hubspotError(400, 'VALIDATION_ERROR', 'inputs are required');
  if (inputs.length > BATCH) return hubspotError(400, 'VALIDATION_ERROR', `Batch input size limit exceeded: ${inputs.length} > ${BATCH}`);
  const links: { to: SimulatedObjectType; toId: string; typeId: number }[][] = [];
  for (const input of inputs) {
    const properties = input.properties ?? {};
    for (const name of Object.keys(properties)) {
      if (!portal.isWritable(type, name)) return hubspotError(400, 'VALIDATION_ERROR', `Property values were not valid: Property "${name}" does not exist`, { errors: [{ code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: [name] } }] });
    }
    for (const name of REQUIRED_ON_CREATE[type] ?? []) if (!properties[name]) return hubspotError(400, 'VALIDATION_ERROR', `Property "${name}" is required`);
    const problem = badOption(portal, type, properties);
    if (problem) return hubspotError(400, 'VALIDATION_ERROR', problem);
    const own: { to: SimulatedObjectType; toId: string; typeId: number }[] = [];
    for (const association of input.associations ?? []) {
      const toId = String(association.to?.id ?? '');
      for (const { associationTypeId } of association.types ?? []) {
        const to = OBJECT_TYPES.find((t) => portal.associations.types(type, t).some((a) => a.typeId === associationTypeId));
        if (!to) return hubspotError(400, 'VALIDATION_ERROR', `association type ${associationTypeId} does not exist from ${type}`);
        if (!portal.table(to).live(toId)) return hubspotError(400, 'VALIDATION_ERROR', `${singular(to)} ${toId} does not exist: cannot associate`);
        own.push({ to, toId, typeId: associationTypeId! });
      }
    }
    links.push(own);
  }
  const table = portal.table(type);
  const results = inputs.map((input, i) => {
    const at = portal.now();
    const record = table.put(portal.newId(), input.properties ?? {}, { createdAt: at, modifiedAt: at });
    for (const link of links[i]!) portal.associations.link(type, record.id, link.to, link.toId, [link.typeId], [defaultTypes(type, link.to).backward]);
    return table.view(record, Object.keys(input.properties ?? {}));
  });
  const stamp = new Date().toISOString();
  return { status: 201, body: { status: 'COMPLETE', results, startedAt: stamp, completedAt: stamp } };
}

/** Batch archive: up to 100 ids to the recycle bin; ids that are gone already are no error (204). */
export function batchArchive(portal: SimulatedPortal, type: SimulatedObjectType, request: SimRequest): Reply {
  const inputs = inputsOf(request.body);
  if (!inputs) return hubspotError(400, 'VALIDATION_ERROR', 'inputs are required');
  if (inputs.length > BATCH) return hubspotError(400, 'VALIDATION_ERROR', `Batch input size limit exceeded: ${inputs.length} > ${BATCH}`);
  const table = portal.table(type);
  for (const { id } of inputs) if (table.live(String(id))) table.archive(String(id), portal.now());
  return { status: 204 };
}

/** The 400 of test/fixtures/hubspot/batch-update-400-validation.json, one detail per refused record. */
function ruleViolations(refused: [string, string][]): Reply {
  return hubspotError(400, 'VALIDATION_ERROR', "Some records violate this account's validation rules; nothing in the batch was written.", {
    subCategory: 'crm.validation.RULES_VIOLATED',
    errors: refused.map(([id, message]) => ({ message, code: 'CONDITIONALLY_REQUIRED_PROPERTY', subCategory: 'crm.validation.CONDITIONALLY_REQUIRED_PROPERTY', context: { id: [id] } })),
  });
}

function badOption(portal: SimulatedPortal, type: SimulatedObjectType, values: Record<string, string | null>): string | null {
  for (const [name, value] of Object.entries(values)) {
    const def = portal.properties.get(type)!.get(name);
    if (!def?.options || def.type !== 'enumeration' || value === null || value === '') continue;
    if (!def.options.some((o) => o.value === value)) return `${value} was not one of the allowed options for ${name}`;
  }
  return null;
}

function notFound(type: string, ids: string[]) {
  return { status: 'error', category: 'OBJECT_NOT_FOUND', message: `Could not get some ${singular(type)} objects, they may be deleted or not exist.`, context: { ids } };
}

function batchReply(results: unknown[], errors: unknown[]): Reply {
  const stamp = new Date().toISOString();
  return {
    status: errors.length > 0 ? 207 : 200,
    body: { status: 'COMPLETE', results, ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}), startedAt: stamp, completedAt: stamp },
  };
}
