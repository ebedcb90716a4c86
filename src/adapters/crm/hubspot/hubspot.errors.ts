// The expected failures of talking to HubSpot, as errors with dotted codes the app maps.

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

export class HubSpotError extends Error {
  readonly code: HubSpotErrorCode;
  readonly status: number | null;
  readonly body: unknown;

  constructor(code: HubSpotErrorCode, message: string, details: { status?: number | null; body?: unknown } = {}) {
    super(message);
    this.name = 'HubSpotError';
    this.code = code;
    this.status = details.status ?? null;
    this.body = details.body;
  }
}

export function isHubSpotError(error: unknown, code?: HubSpotErrorCode): error is HubSpotError {
  return error instanceof HubSpotError && (code === undefined || error.code === code);
}
