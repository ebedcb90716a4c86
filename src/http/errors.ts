// One error handler: codes to HTTP statuses, every error as { error: { code, message } }. A fault
// on our side (500) is answered with a plain sentence; what went wrong (a database error, say) is
// only logged.
import type { ErrorRequestHandler } from 'express';
import { isAppError } from '../app/errors.ts';
import type { Logger } from '../app/ports/logger.port.ts';

const STATUS_BY_PREFIX: [string, number][] = [
  ['company.not_found', 404],
  ['request.', 400],
  ['override.', 400],
  // A task already open, a touchpoint the schedule does not have, tasks switched off.
  ['task.', 409],
  ['tasks.', 409],
  ['webhook.bad_signature', 401],
  ['webhook.stale', 401],
  ['auth.forbidden', 403],
  ['auth.rate_limited', 429],
  ['auth.', 401],
  ['webhook.too_large', 413],
  ['webhook.', 400],
  ['crm.rate_limited', 503],
  ['crm.', 502],
];

export function statusOf(code: string): number {
  return STATUS_BY_PREFIX.find(([prefix]) => code.startsWith(prefix))?.[1] ?? 500;
}

export const INTERNAL_MESSAGE = 'Something went wrong on our side; it has been logged.';

/** The message a client may see for an AppError: its own below 500, the plain sentence at 500. */
export function publicMessage(status: number, message: string): string {
  return status === 500 ? INTERNAL_MESSAGE : message;
}

/** The router's decoding of a path like /api/companies/%E0%A4 (express marks it 400). */
export function isMalformedUrl(error: unknown): boolean {
  return error instanceof URIError && (error as URIError & { status?: number }).status === 400;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (isMalformedUrl(error)) {
      res.status(400).json({ error: { code: 'request.malformed_url', message: 'The path has malformed percent-encoding.' } });
      return;
    }
    // body-parser's own errors carry a type and a status.
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'request.too_large', message: 'The request body is larger than allowed (1 MB).' } });
      return;
    }
    if (type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'request.malformed_json', message: 'The request body is not valid JSON.' } });
      return;
    }
    if (isAppError(error)) {
      const status = statusOf(error.code);
      if (status >= 500) log.error({ code: error.code, path: req.path }, error.message);
      else log.warn({ code: error.code, path: req.path }, error.message);
      const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
      const details = status < 500 && error.details ? { details: error.details } : {};
      res.status(status).json({ error: { code: error.code, message: publicMessage(status, error.message), ...details } });
      return;
    }
    log.error({ err: error, path: req.path }, 'unexpected error');
    res.status(500).json({ error: { code: 'internal', message: INTERNAL_MESSAGE } });
  };
}
