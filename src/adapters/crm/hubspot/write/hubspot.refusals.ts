// Which companies HubSpot refused in a batch update, and why: per record in a 207's errors, or
// named in the details of a 400 that refused the whole batch (a portal's validation rule, from
// API version 2026-09 on). Ids HubSpot does not name are found by splitting the batch.
import { errorBody, type BatchError } from '../client/hubspot.schemas.ts';

export interface Refusal {
  companyId: string;
  code: string;
  /** HubSpot's message: for a validation rule, the rule's own words. */
  message: string;
  /** A validation rule or bad value: sending the same values again cannot help. */
  final: boolean;
}

const CODES: Record<string, string> = { OBJECT_NOT_FOUND: 'crm.not_found', VALIDATION_ERROR: 'crm.invalid_value' };
/** The context keys HubSpot uses for record ids in error details. */
const ID_KEYS = ['ids', 'id', 'objectId', 'objectIds', 'recordId', 'recordIds'];

const final = (category: string | undefined) => category === 'VALIDATION_ERROR' || category === 'OBJECT_NOT_FOUND';

function idsIn(context: Record<string, string[]> | undefined): string[] {
  return ID_KEYS.flatMap((key) => context?.[key] ?? []);
}

/** The per-record errors of a 207 answer, by company id. */
export function refusalsOf207(errors: readonly BatchError[]): Map<string, Refusal> {
  const refusals = new Map<string, Refusal>();
  for (const error of errors) {
    const code = CODES[error.category ?? ''] ?? 'crm.write_failed';
    const message = error.message ?? error.category ?? 'failed';
    for (const id of idsIn(error.context)) refusals.set(id, { companyId: id, code, message, final: final(error.category) });
  }
  return refusals;
}

/**
 * The companies a 400 names among `batch`, with the message of the detail that names each.
 * Empty when the body names none of them (then only splitting the batch can tell).
 */
export function refusalsOf400(body: unknown, batch: readonly string[]): Map<string, Refusal> {
  const parsed = errorBody.safeParse(body);
  const refusals = new Map<string, Refusal>();
  if (!parsed.success) return refusals;
  const { category, message, context, errors } = parsed.data;
  const wanted = new Set(batch);
  const code = CODES[category ?? ''] ?? 'crm.invalid_value';
  const add = (ids: string[], text: string | undefined) => {
    for (const id of ids) if (wanted.has(id)) refusals.set(id, { companyId: id, code, message: text ?? message ?? category ?? 'refused', final: true });
  };
  for (const detail of errors ?? []) add(idsIn(detail.context), detail.message);
  add(idsIn(context), message);
  return refusals;
}
