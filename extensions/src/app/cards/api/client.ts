// The card's only way to the backend: hubspot.fetch (HubSpot signs the request, the backend
// checks the signature and the portal). JSON both ways; every failure becomes an ApiError
// with a kind the card can word ("what to do") in the user's language.
import { hubspot } from '@hubspot/ui-extensions';
import type { BulkRecalculateResponse, CardResponse, ErrorBody, OverrideRequest } from './types.ts';
import { BUILT_IN_BACKEND_URL } from '../backend-url.ts';

/** The config-profile variable that holds the backend's public URL (see extensions/src/hsprofile.*.json). */
export const BACKEND_URL_VARIABLE = 'BACKEND_URL';

export type ApiErrorKind =
  /** 404 company.not_found: never computed, or unknown */
  | 'not_found'
  /** 401 auth.*: the request's signature was not accepted */
  | 'unauthorized'
  /** 403: the portal is not the one connected to the backend */
  | 'forbidden'
  /** 400/409/422: the request was refused; the message says why */
  | 'invalid'
  /** 5xx */
  | 'server'
  /** no answer at all (HubSpot proxy, timeout, DNS, …) */
  | 'network'
  /** the card does not know the backend's URL */
  | 'not_configured';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  /** HTTP status; 0 when there was no answer */
  readonly status: number;
  /** the backend's error code (e.g. `override.reason_required`), or a local one */
  readonly code: string;

  constructor(kind: ApiErrorKind, status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.code = code;
  }
}

export interface FetchOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: { [key: string]: unknown };
  timeout?: number;
}
export type Fetcher = (url: string, options?: FetchOptions) => Promise<Response>;

/** hubspot.fetch, looked up at call time so tests can stub it. */
const hubspotFetch: Fetcher = (url, options) => hubspot.fetch(url, options);

/** HubSpot gives up on a proxied request after 15 s; a recalculation may need most of it. */
const LONG_TIMEOUT_MS = 15_000;

export interface CompanyApi {
  get(): Promise<CardResponse>;
  recalculate(): Promise<CardResponse>;
  setOverride(request: OverrideRequest): Promise<CardResponse>;
  removeOverride(): Promise<CardResponse>;
  /** "Create task now": the contact-schedule task of one touchpoint, by its key. */
  createTask(touchpoint: string): Promise<CardResponse>;
}

/**
 * The base URL from the profile variable, without a trailing slash; null when it is missing or
 * is not an http(s) URL (e.g. the literal `${BACKEND_URL}` of an upload without a profile).
 */
export function backendUrlOf(variables: Record<string, unknown> | undefined, fallback: string = BUILT_IN_BACKEND_URL): string | null {
  return urlOf(variables?.[BACKEND_URL_VARIABLE]) ?? urlOf(fallback);
}

function urlOf(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim().replace(/\/+$/, '');
  return /^https?:\/\/[^\s/$]+/.test(trimmed) ? trimmed : null;
}

/** The most companies the bulk action sends in one request (HubSpot's own limit for a selection). */
export const BULK_LIMIT = 100;

export function companyApi(baseUrl: string | null, objectId: number | string, fetcher: Fetcher = hubspotFetch): CompanyApi {
  const path = `/api/companies/${encodeURIComponent(String(objectId))}`;
  const call = (suffix: string, options: FetchOptions): Promise<CardResponse> => request(baseUrl, path + suffix, options, fetcher, isCardResponse);
  return {
    get: () => call('', { method: 'GET' }),
    recalculate: () => call('/recalculate', { method: 'POST', timeout: LONG_TIMEOUT_MS }),
    setOverride: (body) => call('/override', { method: 'PUT', body: { ...body }, timeout: LONG_TIMEOUT_MS }),
    removeOverride: () => call('/override', { method: 'DELETE', timeout: LONG_TIMEOUT_MS }),
    createTask: (touchpoint) => call('/tasks', { method: 'POST', body: { touchpoint }, timeout: LONG_TIMEOUT_MS }),
  };
}

/** The bulk action's call: recalculates the selected companies, one answer per company. */
export function recalculateCompanies(baseUrl: string | null, ids: readonly (number | string)[], fetcher: Fetcher = hubspotFetch): Promise<BulkRecalculateResponse> {
  const body = { ids: ids.slice(0, BULK_LIMIT).map(String) };
  return request(baseUrl, '/api/companies/recalculate', { method: 'POST', body, timeout: LONG_TIMEOUT_MS }, fetcher, isBulkResponse);
}

async function request<T>(baseUrl: string | null, path: string, options: FetchOptions, fetcher: Fetcher, isAnswer: (body: unknown) => body is T): Promise<T> {
  if (baseUrl === null) throw new ApiError('not_configured', 0, 'card.not_configured', `The ${BACKEND_URL_VARIABLE} profile variable is not set.`);
  let response: Response;
  try {
    response = await fetcher(baseUrl + path, options);
  } catch (cause) {
    throw new ApiError('network', 0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  const body = await readJson(response);
  if (response.ok) {
    if (isAnswer(body)) return body;
    throw new ApiError('server', response.status, 'response.malformed', 'The server answered without the company data.');
  }
  const error = isErrorBody(body) ? body.error : { code: `http.${response.status}`, message: response.statusText || `HTTP ${response.status}` };
  throw new ApiError(kindOf(response.status), response.status, error.code, error.message);
}

function kindOf(status: number): ApiErrorKind {
  if (status === 404) return 'not_found';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status >= 500) return 'server';
  return 'invalid';
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (!isRecord(body) || !isRecord(body.error)) return false;
  return typeof body.error.code === 'string' && typeof body.error.message === 'string';
}

function isCardResponse(body: unknown): body is CardResponse {
  return isRecord(body) && isRecord(body.result) && Array.isArray(body.history) && isRecord(body.service);
}

function isBulkResponse(body: unknown): body is BulkRecalculateResponse {
  return isRecord(body) && Array.isArray(body.results) && body.results.every((r) => isRecord(r) && typeof r.companyId === 'string' && typeof r.status === 'string');
}
