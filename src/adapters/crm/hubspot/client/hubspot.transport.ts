// One HTTP exchange with HubSpot through @hubspot/api-client's apiRequest (which reaches any
// path and answers a fetch Response): no pacing, no retries, the body read as JSON when it is.
import { Client } from '@hubspot/api-client';
import { DEFAULT_BASE_URL } from './hubspot.paths.ts';

export interface HubSpotRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  /** Sent form-encoded instead of JSON (the OAuth token endpoint). */
  form?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /** False for calls that carry their own credentials (OAuth). */
  auth?: boolean;
  /** This token instead of the client's own (a portal's first call right after its install). */
  bearer?: string;
}

export interface Exchange {
  status: number;
  headers: Headers;
  body: unknown;
}

export type Transport = (request: HubSpotRequest, bearer: string | undefined) => Promise<Exchange>;

export function createTransport(options: { baseUrl?: string; staticToken?: string }): Transport {
  // The library's own retries stay off: it keeps its decorators in a process-wide singleton,
  // and stacking them on the client's bounded retries would retry without bound.
  const api = new Client({ basePath: options.baseUrl ?? DEFAULT_BASE_URL, numberOfApiCallRetries: 0, ...(options.staticToken ? { accessToken: options.staticToken } : {}) });
  return async (request, bearer) => {
    const headers: Record<string, string> = {};
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (request.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const query = request.query ? Object.fromEntries(Object.entries(request.query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))) : undefined;
    const body = request.form
      ? { body: new URLSearchParams(request.form).toString(), defaultJson: false }
      : request.body !== undefined
        ? { body: request.body }
        : {};
    const response = await api.apiRequest({
      method: request.method,
      path: request.path,
      ...(query ? { qs: query } : {}),
      ...body,
      headers,
      ...(request.auth === false || (!bearer && !options.staticToken) ? { authType: 'none' } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parse(text) };
  };
}

function parse(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
