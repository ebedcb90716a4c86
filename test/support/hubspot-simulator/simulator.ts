// A local HTTP server that answers like HubSpot's API for the endpoints the connector uses,
// with HubSpot's paging, batch limits and rate limits, and counters of what it was asked.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HUBSPOT_LIMIT_DEFAULTS, newCounters, RateLimits, type Counters, type LimitOptions } from './limits.ts';
import { hubspotError, type Reply, type SimRequest } from './reply.ts';
import { batchArchive, batchCreate, batchRead, batchUpdate, listObjects, searchObjects, type UpdateRules } from './routes-objects.ts';
import { accountDetails, tokenGrant, tokenIntrospection } from './routes-oauth.ts';
import { completeCallback, listOwners } from './routes-portal.ts';
import { KNOWN_VERSIONS, versionOf } from './versions.ts';
import { associationBatchRead, labels, properties, propertyGroups } from './routes-schema.ts';
import { SimulatedPortal } from './state.ts';

export interface SimulatorOptions {
  limits?: Partial<LimitOptions>;
  /** Added to every answer, to play a real network. */
  latencyMs?: number;
  hubId?: number;
  /** Accept only this bearer token on CRM calls (else any, unless OAuth tokens were issued). */
  accessToken?: string;
  /** The app's client id: token introspection answers only for it (any id when unset). */
  clientId?: string;
  /** The portal's clock (default Date.now): tests move it to age what they seed. */
  now?: () => number;
}

export interface HubSpotSimulator {
  /** The base URL to give the client (HUBSPOT_BASE_URL). */
  readonly url: string;
  readonly portal: SimulatedPortal;
  readonly counters: Counters;
  readonly limits: RateLimits;
  /** Company ids whose updates are refused with this message (a 207 partial failure). */
  readonly refuseUpdates: Map<string, string>;
  /** Company ids a portal validation rule refuses, with the rule's message (a 400 for their batch). */
  readonly validationRules: Map<string, string>;
  /** The next `count` calls (to paths matching `path`) answer `status` instead. */
  failNext(count: number, status: number, path?: RegExp): void;
  resetCounters(): void;
  close(): Promise<void>;
}

export async function startHubSpotSimulator(options: SimulatorOptions = {}): Promise<HubSpotSimulator> {
  const portal = new SimulatedPortal({ ...(options.hubId !== undefined ? { hubId: options.hubId } : {}), ...(options.now ? { now: options.now } : {}) });
  const limits = new RateLimits({ ...HUBSPOT_LIMIT_DEFAULTS, ...options.limits });
  let counters = newCounters();
  const rules: UpdateRules = { refuse: new Map(), rules: new Map() };
  const faults: { status: number; path?: RegExp }[] = [];

  const authorized = (req: IncomingMessage): boolean => {
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (options.accessToken !== undefined) return bearer === options.accessToken || portal.accessTokens.has(bearer);
    return portal.accessTokens.size === 0 || portal.accessTokens.has(bearer);
  };

  const handle = async (req: IncomingMessage, text: string): Promise<Reply> => {
    const arrived = Date.now();
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname;
    const routeKey = `${req.method} ${path.replace(/\/(\d+|[^/]*-[^/]*)$/, '/:id')}`;
    const reply = await answer(req, text, arrived, url, routeKey);
    counters.requests.push({ at: arrived, route: routeKey, status: reply.status, ...(routeKey.includes('/batch/') ? { ids: batchIds(text) } : {}) });
    return reply;
  };

  const answer = async (req: IncomingMessage, text: string, arrived: number, url: URL, routeKey: string): Promise<Reply> => {
    const path = url.pathname;
    const isSearch = path.endsWith('/search');
    counters.calls += 1;
    if (isSearch) counters.searchCalls += 1;
    counters.byRoute[routeKey] = (counters.byRoute[routeKey] ?? 0) + 1;
    const versioned = versionOf(path);
    if (versioned.numeric) counters.numeric[routeKey] = (counters.numeric[routeKey] ?? 0) + 1;
    else if (versioned.version) counters.byVersion[versioned.version] = (counters.byVersion[versioned.version] ?? 0) + 1;
    const limited = limits.admit(arrived, isSearch, counters);
    if (limited) return limited;
    // The numeric v1–v4 paths are retired (OAuth v1 2027-02-16, v4 2027-03-30, v1–v3 September 2027).
    if (versioned.numeric) return hubspotError(404, 'NOT_FOUND', `${path}: this API version is no longer supported; use a date-based version (e.g. /crm/objects/2026-09/…)`);
    const fault = faults.findIndex((f) => !f.path || f.path.test(path));
    if (fault >= 0) {
      const { status } = faults.splice(fault, 1)[0]!;
      return hubspotError(status, status >= 500 ? 'INTERNAL_ERROR' : 'SIMULATED', `simulated ${status}`);
    }
    let body: unknown = undefined;
    if (text && (req.headers['content-type'] ?? '').includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        return hubspotError(400, 'VALIDATION_ERROR', 'Invalid input JSON');
      }
    }
    const request: SimRequest = { method: req.method ?? 'GET', path, query: url.searchParams, body, text };
    if (versioned.version === null || !KNOWN_VERSIONS.includes(versioned.version)) return hubspotError(404, 'NOT_FOUND', `no simulated route for ${request.method} ${path}`);
    const rest = versioned.rest;
    if (versioned.api === 'oauth') return oauthRoute(request, rest);
    if (!authorized(req)) return hubspotError(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found.');
    return apiRoute(request, versioned.api, rest) ?? hubspotError(404, 'NOT_FOUND', `no simulated route for ${request.method} ${path}`);
  };

  const oauthRoute = (request: SimRequest, rest: string): Reply => {
    if (rest === '/token' && request.method === 'POST') return tokenGrant(portal, request);
    if (rest === '/token/introspect' && request.method === 'POST') return tokenIntrospection(portal, request, options.clientId);
    return hubspotError(404, 'NOT_FOUND', `no simulated route for ${request.path}`);
  };

  const apiRoute = (request: SimRequest, api: string, rest: string): Reply | null => {
    const { method } = request;
    let m: RegExpExecArray | null;
    switch (api) {
      case 'crm/objects':
        m = /^\/([a-z_]+)(\/search|\/batch\/read|\/batch\/update|\/batch\/create|\/batch\/archive)?$/.exec(rest);
        if (m && portal.isObjectType(m[1]!)) {
          const type = m[1];
          if (!m[2] && method === 'GET') return listObjects(portal, type, request);
          if (m[2] === '/search' && method === 'POST') return searchObjects(portal, type, request);
          if (m[2] === '/batch/read' && method === 'POST') return batchRead(portal, type, request);
          if (m[2] === '/batch/update' && method === 'POST') {
            const reply = batchUpdate(portal, type, request, rules);
            if (reply.status < 300) for (const input of (request.body as { inputs?: { id?: unknown }[] }).inputs ?? []) counters.updated[`${type}/${String(input.id)}`] = (counters.updated[`${type}/${String(input.id)}`] ?? 0) + 1;
            return reply;
          }
          if (m[2] === '/batch/create' && method === 'POST') return batchCreate(portal, type, request);
          if (m[2] === '/batch/archive' && method === 'POST') return batchArchive(portal, type, request);
        }
        return null;
      case 'crm/associations':
        m = /^\/([a-z_]+)\/([a-z_]+)\/(batch\/read|labels)$/.exec(rest);
        if (m && portal.isObjectType(m[1]!) && portal.isObjectType(m[2]!)) {
          if (m[3] === 'labels' && (method === 'GET' || method === 'POST')) return labels(portal, m[1]!, m[2]!, request);
          if (m[3] === 'batch/read' && method === 'POST') return associationBatchRead(portal, m[1]!, m[2]!, request);
        }
        return null;
      case 'crm/properties':
        m = /^\/([a-z_]+)(\/groups)?$/.exec(rest);
        if (m && portal.isObjectType(m[1]!) && (method === 'GET' || method === 'POST')) return m[2] ? propertyGroups(portal, m[1], request) : properties(portal, m[1], request);
        return null;
      case 'crm/owners':
        return (rest === '/' || rest === '') && method === 'GET' ? listOwners(portal, request) : null;
      case 'account-info':
        return rest === '/details' && method === 'GET' ? accountDetails(portal) : null;
      case 'automation/actions/callbacks':
        m = /^\/([^/]+)\/complete$/.exec(rest);
        return m && method === 'POST' ? completeCallback(portal, decodeURIComponent(m[1]!), request) : null;
      default:
        return null;
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        let reply: Reply;
        try {
          reply = await handle(req, Buffer.concat(chunks).toString('utf8'));
        } catch (error) {
          reply = hubspotError(500, 'INTERNAL_ERROR', (error as Error).message);
        }
        if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
        const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
        res.writeHead(reply.status, { 'content-type': 'application/json;charset=utf-8', ...limits.headers(), ...reply.headers });
        res.end(payload);
      })();
    });
  });
  // Keep idle connections open like HubSpot's edge does; Node's 5 s default would close them
  // between two rate-limit windows and race the client's next call on a reused socket.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    portal,
    get counters() {
      return counters;
    },
    limits,
    refuseUpdates: rules.refuse,
    validationRules: rules.rules,
    failNext(count, status, path) {
      for (let i = 0; i < count; i++) faults.push({ status, ...(path ? { path } : {}) });
    },
    resetCounters() {
      counters = newCounters();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function batchIds(text: string): string[] {
  try {
    const body = JSON.parse(text) as { inputs?: { id?: unknown }[] };
    return (body.inputs ?? []).map((input) => String(input.id));
  } catch {
    return [];
  }
}
