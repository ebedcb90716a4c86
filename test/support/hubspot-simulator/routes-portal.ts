// The portal's own endpoints: owners (the users who own records) and completing a workflow
// action execution that answered BLOCK.
import { field, hubspotError, type Reply, type SimRequest } from './reply.ts';
import type { SimulatedPortal } from './state.ts';

const OWNERS_PAGE = 500;

export function listOwners(portal: SimulatedPortal, request: SimRequest): Reply {
  const limit = Math.min(Number(request.query.get('limit') ?? 100), OWNERS_PAGE);
  const after = Number(request.query.get('after') ?? 0);
  const archived = request.query.get('archived') === 'true';
  const all = [...portal.owners.values()].filter((o) => o.archived === archived);
  const page = all.slice(after, after + limit);
  const more = all.length > after + limit;
  return {
    status: 200,
    body: {
      results: page.map((o) => ({ ...o, userId: Number(o.id) + 100, userIdIncludingInactive: Number(o.id) + 100, createdAt: '2024-01-10T09:00:00.000Z', updatedAt: '2026-06-01T09:00:00.000Z', teams: [] })),
      ...(more ? { paging: { next: { after: String(after + limit), link: '' } } } : {}),
    },
  };
}

export function completeCallback(portal: SimulatedPortal, callbackId: string, request: SimRequest): Reply {
  const outputFields = field<Record<string, unknown>>(request.body, 'outputFields');
  if (!outputFields) return hubspotError(400, 'VALIDATION_ERROR', 'outputFields is required');
  portal.completedCallbacks.set(callbackId, outputFields);
  return { status: 204 };
}
