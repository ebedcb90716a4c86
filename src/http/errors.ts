// One error handler: codes to HTTP statuses, every error as { error: { code, message } }.
import type { ErrorRequestHandler } from 'express';
import { isAppError } from '../app/errors.ts';
import type { Logger } from '../app/ports/logger.port.ts';

const STATUS_BY_PREFIX: [string, number][] = [
  ['company.not_found', 404],
  ['request.', 400],
  ['override.', 400],
  ['webhook.bad_signature', 401],
  ['webhook.stale', 401],
  ['auth.forbidden', 403],
  ['auth.', 401],
  ['webhook.too_large', 413],
  ['webhook.', 400],
  ['crm.rate_limited', 503],
  ['crm.', 502],
];

export function statusOf(code: string): number {
  return STATUS_BY_PREFIX.find(([prefix]) => code.startsWith(prefix))?.[1] ?? 500;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
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
      res.status(status).json({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
      return;
    }
    log.error({ err: error, path: req.path }, 'unexpected error');
    res.status(500).json({ error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } });
  };
}
