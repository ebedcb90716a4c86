// Property definitions, property groups, association labels and v4 association batch reads.
import { field, hubspotError, inputsOf, type Reply, type SimRequest } from './reply.ts';
import type { PropertyDef, SimulatedObjectType, SimulatedPortal } from './state.ts';

const ASSOCIATION_BATCH = 1000;
/** Associations per record in one answer before its own paging starts. */
export const ASSOCIATIONS_PER_RECORD = 500;

export function properties(portal: SimulatedPortal, type: SimulatedObjectType, request: SimRequest): Reply {
  const defs = portal.properties.get(type)!;
  if (request.method === 'GET') return { status: 200, body: { results: [...defs.values()] } };
  const def = request.body as PropertyDef;
  if (!def?.name || !def.type || !def.fieldType || !def.groupName || !def.label) return hubspotError(400, 'VALIDATION_ERROR', 'name, label, type, fieldType and groupName are required');
  if (defs.has(def.name)) return hubspotError(409, 'OBJECT_ALREADY_EXISTS', `Property named '${def.name}' already exists.`);
  if (!portal.groups.get(type)!.has(def.groupName)) return hubspotError(400, 'VALIDATION_ERROR', `group ${def.groupName} does not exist`);
  if (def.type === 'enumeration' && !(def.options?.length)) return hubspotError(400, 'VALIDATION_ERROR', 'enumeration properties need options');
  const stored: PropertyDef = { ...def, options: def.options ?? [], ...(def.type === 'number' && !def.numberDisplayHint ? { numberDisplayHint: 'formatted' } : {}) };
  portal.defineProperty(type, stored);
  return { status: 201, body: stored };
}

export function propertyGroups(portal: SimulatedPortal, type: SimulatedObjectType, request: SimRequest): Reply {
  const groups = portal.groups.get(type)!;
  if (request.method === 'GET') return { status: 200, body: { results: [...groups.values()] } };
  const name = field<string>(request.body, 'name');
  const label = field<string>(request.body, 'label');
  if (!name || !label) return hubspotError(400, 'VALIDATION_ERROR', 'name and label are required');
  if (groups.has(name)) return hubspotError(409, 'OBJECT_ALREADY_EXISTS', `Group named '${name}' already exists.`);
  const group = { name, label, displayOrder: field<number>(request.body, 'displayOrder') ?? -1, archived: false };
  groups.set(name, group);
  return { status: 201, body: group };
}

export function labels(portal: SimulatedPortal, from: string, to: string, request: SimRequest): Reply {
  if (request.method === 'GET') return { status: 200, body: { results: portal.associations.types(from, to) } };
  const label = field<string>(request.body, 'label');
  const name = field<string>(request.body, 'name');
  if (!label || !name) return hubspotError(400, 'VALIDATION_ERROR', 'label and name are required');
  if (portal.associations.typeIdOf(from, to, label) !== undefined) return hubspotError(409, 'OBJECT_ALREADY_EXISTS', `Label '${label}' already exists.`);
  const created = portal.associations.createLabel(from, to, label, field<string>(request.body, 'inverseLabel'));
  return { status: 200, body: { results: created } };
}

export function associationBatchRead(portal: SimulatedPortal, from: string, to: string, request: SimRequest): Reply {
  const inputs = inputsOf(request.body);
  if (!inputs) return hubspotError(400, 'VALIDATION_ERROR', 'inputs are required');
  if (inputs.length > ASSOCIATION_BATCH) return hubspotError(400, 'VALIDATION_ERROR', `Batch input size limit exceeded: ${inputs.length} > ${ASSOCIATION_BATCH}`);
  const results: unknown[] = [];
  const none: string[] = [];
  for (const input of inputs) {
    const id = String(input.id);
    // Archived records (deleted, or merged into another) no longer show up as associated.
    const live = portal.isObjectType(to) ? portal.table(to) : null;
    const targets = [...portal.associations.targets(from, id, to)].filter(([toId]) => !live || live.live(toId));
    if (targets.length === 0) {
      none.push(id);
      continue;
    }
    const offset = Number(input.after ?? 0);
    const slice = targets.slice(offset, offset + ASSOCIATIONS_PER_RECORD);
    const more = targets.length > offset + ASSOCIATIONS_PER_RECORD;
    results.push({
      from: { id },
      to: slice.map(([toId, types]) => ({
        toObjectId: /^\d+$/.test(toId) ? Number(toId) : toId,
        associationTypes: [...types].map((t) => portal.associations.typeInfo(from, to, t)),
      })),
      ...(more ? { paging: { next: { after: String(offset + ASSOCIATIONS_PER_RECORD), link: null } } } : {}),
    });
  }
  const errors = none.map((id) => ({
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
    message: `No ${to} is associated with ${from} ${id}.`,
    context: { fromObjectId: [id], toObjectType: [to] },
  }));
  return { status: errors.length > 0 ? 207 : 200, body: { status: 'COMPLETE', results, ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}) } };
}
