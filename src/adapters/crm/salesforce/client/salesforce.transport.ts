// Wraps jsforce's HTTP transport so every API call (REST, Bulk 2.0, Metadata SOAP) is counted,
// its Sforce-Limit-Info read, and jsforce's own retries of GETs (429/5xx) tuned and counted.
import type { Connection, HttpRequest, HttpRequestOptions, HttpResponse, StreamPromise } from 'jsforce';

export interface ApiUsage {
  used: number;
  limit: number;
}

export interface CallStats {
  /** Requests sent to the API, retries included (token requests are not API calls). */
  calls: number;
  retries: number;
  /** By method and path with ids and the version folded: "GET /query/:locator". */
  byRoute: Record<string, number>;
}

export interface RetryOptions {
  /** jsforce retries GET/PUT/DELETE on 429 and 5xx this many times (never POST or PATCH). */
  maxRetries?: number;
  /** First backoff; jsforce doubles it on each retry. */
  minTimeoutMs?: number;
}

type Transport = Connection['_transport'];

export function parseLimitInfo(header: string | undefined): ApiUsage | null {
  const match = /api-usage=(\d+)\/(\d+)/.exec(header ?? '');
  return match ? { used: Number(match[1]), limit: Number(match[2]) } : null;
}

export function routeOf(request: HttpRequest): string {
  const path = new URL(request.url, 'http://x').pathname
    .replace(/\/services\/data\/v\d+\.\d+/, '')
    .replace(/\/services\/Soap\/m\/\d+\.\d+/, '/metadata')
    .replace(/\/(query|queryAll)\/[^/]+$/, '/$1/:locator')
    .replace(/\/jobs\/(query|ingest)\/[^/]+/, '/jobs/$1/:id');
  return `${request.method} ${path}`;
}

/** Installs the metering transport on a jsforce connection; answers the live stats and usage. */
export function meterConnection(conn: Connection, retry: RetryOptions = {}): { stats: CallStats; usage: () => ApiUsage | null } {
  const inner: Transport = conn._transport;
  const stats: CallStats = { calls: 0, retries: 0, byRoute: {} };
  let usage: ApiUsage | null = null;
  const count = (route: string) => {
    stats.calls += 1;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
  };
  const metered = Object.create(inner) as Transport;
  metered.httpRequest = (request: HttpRequest, options: HttpRequestOptions = {}): StreamPromise<HttpResponse> => {
    const route = routeOf(request);
    count(route);
    const tuned = { ...(retry.maxRetries === undefined ? {} : { maxRetries: retry.maxRetries }), ...(retry.minTimeoutMs === undefined ? {} : { minTimeout: retry.minTimeoutMs }) };
    const sent = inner.httpRequest(request, { ...options, retry: { ...tuned, ...options.retry } });
    // jsforce retries inside one httpRequest; its stream tells each retry (an event its tests use).
    sent.stream().on('retry', () => {
      stats.retries += 1;
      count(route);
    });
    sent.then(
      (response) => {
        usage = parseLimitInfo(response.headers['sforce-limit-info']) ?? usage;
      },
      () => undefined,
    );
    return sent;
  };
  conn._transport = metered;
  return { stats, usage: () => usage };
}
