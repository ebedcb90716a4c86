// A local HTTP server that answers like a Salesforce org for what the connector uses — SOQL
// query paging, sObject Collections, Bulk API 2.0 query and ingest, the Metadata API, OAuth —
// with the daily allowance in Sforce-Limit-Info, and counters of what it was asked.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DailyAllowance, newCounters, type Counters } from './limits.ts';
import { SimulatedOrg } from './org.ts';
import { sfError, type Reply, type SimRequest } from './reply.ts';
import { BulkRoutes, type BulkOptions } from './routes-bulk.ts';
import { metadataCall } from './routes-metadata.ts';
import { tokenGrant, type ConnectedApp } from './routes-oauth.ts';
import { QueryRoutes } from './routes-query.ts';
import { createCollection, deleteCollection, updateCollection } from './routes-write.ts';
import type { UpdateRules } from './updates.ts';

export interface SalesforceSimulatorOptions {
  orgId?: string;
  dailyLimit?: number;
  bulk?: Partial<BulkOptions>;
  /** Added to every answer, to play a real network. */
  latencyMs?: number;
  app?: Partial<ConnectedApp>;
}

export interface SalesforceSimulator {
  /** The instance URL (and login URL) to give the connection. */
  readonly url: string;
  readonly org: SimulatedOrg;
  readonly counters: Counters;
  readonly allowance: DailyAllowance;
  readonly bulk: BulkRoutes;
  /** Record id → refusal for the next updates of it (UNABLE_TO_LOCK_ROW, …). */
  readonly refuse: UpdateRules['refuse'];
  /** The next `count` API calls (to paths matching `path`) answer `status` instead. */
  failNext(count: number, status: number, path?: RegExp, errorCode?: string): void;
  /** Every session issued so far stops working (a 401 until the client refreshes). */
  expireSessions(): void;
  resetCounters(): void;
  close(): Promise<void>;
}

export const SIMULATED_APP: ConnectedApp = { clientId: '3MVG9simulated', clientSecret: 'simulated-secret', username: 'integration@example.com' };

function routeKey(method: string, path: string): string {
  return `${method} ${path.replace(/\/(query|queryAll)\/[^/]+$/, '/$1/:locator').replace(/\/jobs\/(query|ingest)\/[^/]+/, '/jobs/$1/:id')}`;
}

export async function startSalesforceSimulator(options: SalesforceSimulatorOptions = {}): Promise<SalesforceSimulator> {
  const org = new SimulatedOrg(options.orgId);
  const allowance = new DailyAllowance(options.dailyLimit);
  const rules: UpdateRules = { refuse: new Map() };
  const bulk = new BulkRoutes(org, rules, { msPerThousand: 0, defaultResultSet: 50_000, ...options.bulk });
  const queries = new QueryRoutes(org);
  const app: ConnectedApp = { ...SIMULATED_APP, ...options.app };
  const faults: { status: number; path?: RegExp; errorCode: string }[] = [];
  let counters = newCounters();
  let requireIssued = false;
  let url = '';

  const authorized = (token: string) => (requireIssued ? org.accessTokens.has(token) : org.accessTokens.size === 0 || org.accessTokens.has(token));

  const api = (request: SimRequest): Reply => {
    const { method, path } = request;
    const id = /^\/jobs\/(query|ingest)\/([^/]+)(?:\/(\w+))?$/.exec(path);
    if (method === 'GET' && (path === '/query' || path === '/queryAll')) return queries.start(request, path === '/queryAll');
    const more = /^\/(?:query|queryAll)\/([^/]+)$/.exec(path);
    if (method === 'GET' && more) return queries.more(request, more[1]!);
    if (method === 'GET' && path === '/limits/recordCount') return queries.recordCount(request);
    if (method === 'PATCH' && path === '/composite/sobjects') return updateCollection(org, request, rules);
    if (method === 'POST' && path === '/composite/sobjects') return createCollection(org, request);
    if (method === 'DELETE' && path === '/composite/sobjects') return deleteCollection(org, request);
    if (method === 'POST' && path === '/jobs/query') return bulk.createQuery(request);
    if (method === 'POST' && path === '/jobs/ingest') return bulk.createIngest(request);
    if (id && id[1] === 'query') {
      if (method === 'GET' && !id[3]) return bulk.queryStatus(request, id[2]!);
      if (method === 'GET' && id[3] === 'results') return bulk.queryResults(request, id[2]!);
      if (method === 'DELETE' && !id[3]) return bulk.deleteJob(id[2]!);
    }
    if (id && id[1] === 'ingest') {
      if (method === 'PUT' && id[3] === 'batches') return bulk.upload(request, id[2]!);
      if (method === 'PATCH' && !id[3]) return bulk.changeIngest(request, id[2]!);
      if (method === 'GET' && !id[3]) return bulk.ingestStatus(request, id[2]!);
      if (method === 'GET' && id[3]) return bulk.ingestResults(id[2]!, id[3]);
      if (method === 'DELETE' && !id[3]) return bulk.deleteJob(id[2]!);
    }
    return sfError(404, 'NOT_FOUND', `The requested resource does not exist (simulator: ${method} ${path})`);
  };

  const handle = (req: IncomingMessage, text: string): Reply => {
    const full = new URL(req.url ?? '/', 'http://simulator');
    const method = req.method ?? 'GET';
    if (full.pathname === '/services/oauth2/token' && method === 'POST') return tokenGrant(org, { method, path: full.pathname, query: full.searchParams, headers: req.headers, text, apiVersion: '' }, app, url);
    const data = /^\/services\/data\/v(\d+\.\d)(\/.*)$/.exec(full.pathname);
    const soap = /^\/services\/Soap\/m\/(\d+\.\d)$/.exec(full.pathname);
    if (!data && !soap) return sfError(404, 'NOT_FOUND', `no simulated route for ${method} ${full.pathname}`);
    const request: SimRequest = { method, path: data ? data[2]! : full.pathname, query: full.searchParams, headers: req.headers, text, apiVersion: (data ?? soap)![1]! };
    const key = routeKey(method, soap ? '/metadata' : request.path);
    counters.calls += 1;
    counters.byRoute[key] = (counters.byRoute[key] ?? 0) + 1;
    const token = soap ? (/<sessionId>([^<]*)<\/sessionId>/.exec(text)?.[1] ?? '') : String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!authorized(token)) {
      if (soap) return { status: 500, raw: '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>', contentType: 'text/xml' };
      return sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    }
    const refused = allowance.admit();
    if (refused) return refused;
    const fault = faults.findIndex((f) => !f.path || f.path.test(full.pathname));
    if (fault >= 0) {
      const { status, errorCode } = faults.splice(fault, 1)[0]!;
      return sfError(status, errorCode, `simulated ${status}`);
    }
    return soap ? metadataCall(org, request) : api(request);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        let reply: Reply;
        try {
          reply = handle(req, Buffer.concat(chunks).toString('utf8'));
        } catch (error) {
          reply = sfError(500, 'UNKNOWN_EXCEPTION', (error as Error).message);
        }
        if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
        const payload = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
        const type = reply.contentType ?? 'application/json;charset=UTF-8';
        res.writeHead(reply.status, { 'content-type': type, ...allowance.header(), ...reply.headers });
        res.end(payload);
      })();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    org,
    get counters() {
      return counters;
    },
    allowance,
    bulk,
    refuse: rules.refuse,
    failNext(count, status, path, errorCode = status >= 500 ? 'SERVER_UNAVAILABLE' : 'SIMULATED') {
      for (let i = 0; i < count; i++) faults.push({ status, errorCode, ...(path ? { path } : {}) });
    },
    expireSessions() {
      requireIssued = true;
      org.accessTokens.clear();
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
