// The expected failures of talking to Salesforce, as AppErrors with dotted codes the app maps;
// jsforce's errors (an errorCode from Salesforce, or ERROR_HTTP_<status>) are translated here.
import { AppError } from '../../../../app/errors.ts';

export type SalesforceErrorCode =
  | 'crm.daily_limit'
  | 'crm.unavailable'
  | 'crm.unauthorized'
  | 'crm.forbidden'
  | 'crm.not_found'
  | 'crm.bad_request'
  | 'crm.bad_response'
  | 'crm.revoked'
  | 'crm.oauth_failed'
  | 'crm.truncated'
  | 'crm.job_failed';

export class SalesforceError extends AppError {
  declare readonly code: SalesforceErrorCode;
  /** Salesforce's own error code (INVALID_FIELD, REQUEST_LIMIT_EXCEEDED, …) when it sent one. */
  readonly sfCode: string | null;

  constructor(code: SalesforceErrorCode, message: string, sfCode: string | null = null) {
    super(code, message, sfCode ? { sfCode } : undefined);
    this.name = 'SalesforceError';
    this.sfCode = sfCode;
  }
}

export function isSalesforceError(error: unknown, code?: SalesforceErrorCode): error is SalesforceError {
  return error instanceof SalesforceError && (code === undefined || error.code === code);
}

const BY_SF_CODE: Record<string, SalesforceErrorCode> = {
  REQUEST_LIMIT_EXCEEDED: 'crm.daily_limit',
  INVALID_SESSION_ID: 'crm.unauthorized',
  INVALID_AUTH_HEADER: 'crm.unauthorized',
  INSUFFICIENT_ACCESS: 'crm.forbidden',
  API_DISABLED_FOR_ORG: 'crm.forbidden',
  API_CURRENTLY_DISABLED: 'crm.forbidden',
  NOT_FOUND: 'crm.not_found',
  SERVER_UNAVAILABLE: 'crm.unavailable',
  UNABLE_TO_LOCK_ROW: 'crm.unavailable',
  INVALID_FIELD: 'crm.bad_request',
  INVALID_TYPE: 'crm.bad_request',
  MALFORMED_QUERY: 'crm.bad_request',
  INVALIDJOB: 'crm.bad_request',
};

const BY_STATUS: Record<number, SalesforceErrorCode> = { 400: 'crm.bad_request', 401: 'crm.unauthorized', 403: 'crm.forbidden', 404: 'crm.not_found' };

/** An error's message, with the network error behind it: undici says only "fetch failed". */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (!(cause instanceof Error)) return error.message;
  const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : '';
  // Node's connect tries each address of the host (IPv4 and IPv6) and reports them together, without a message of its own.
  const text = cause.message || (cause instanceof AggregateError ? cause.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ') : '');
  return `${error.message} (${[code, text].filter(Boolean).join(': ')})`;
}

/** A jsforce or network error as a SalesforceError; a SalesforceError passes through. */
export function toSalesforceError(error: unknown, context: string): SalesforceError {
  if (error instanceof SalesforceError) return error;
  const sfCode = typeof error === 'object' && error !== null && 'errorCode' in error && typeof error.errorCode === 'string' ? error.errorCode : null;
  const message = `${context}: ${errorMessage(error)}`.slice(0, 1000);
  const status = /^ERROR_HTTP_(\d{3})$/.exec(sfCode ?? '')?.[1];
  let code: SalesforceErrorCode = 'crm.bad_request';
  if (sfCode && BY_SF_CODE[sfCode]) code = BY_SF_CODE[sfCode];
  else if (status) code = Number(status) >= 500 || status === '429' ? 'crm.unavailable' : (BY_STATUS[Number(status)] ?? 'crm.bad_request');
  else if (!sfCode) code = 'crm.unavailable'; // no answer from Salesforce at all: network trouble
  return new SalesforceError(code, message, sfCode);
}
