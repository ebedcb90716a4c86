// The expected failures of talking to HubSpot, as AppErrors with dotted codes the app maps.
import { AppError } from '../../../../app/errors.ts';

export type HubSpotErrorCode =
  | 'crm.daily_limit'
  | 'crm.rate_limited'
  | 'crm.unavailable'
  | 'crm.unauthorized'
  | 'crm.forbidden'
  | 'crm.not_found'
  | 'crm.conflict'
  | 'crm.bad_request'
  | 'crm.bad_response'
  | 'crm.revoked'
  | 'crm.oauth_failed';

export class HubSpotError extends AppError {
  declare readonly code: HubSpotErrorCode;
  /** The HTTP status HubSpot answered, when it answered. */
  readonly status: number | null;
  readonly body: unknown;

  constructor(code: HubSpotErrorCode, message: string, details: { status?: number | null; body?: unknown } = {}) {
    super(code, message, { status: details.status ?? null, body: details.body });
    this.name = 'HubSpotError';
    this.status = details.status ?? null;
    this.body = details.body;
  }
}

export function isHubSpotError(error: unknown, code?: HubSpotErrorCode): error is HubSpotError {
  return error instanceof HubSpotError && (code === undefined || error.code === code);
}
