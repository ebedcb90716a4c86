// Every route of the server as `npm start` mounts it, with the access rule the README's Security
// section states, and a caller without it refused. Two servers: local mode (no CRM, no token: this
// machine only, bound to 127.0.0.1) and CRM mode (HubSpot and Salesforce OAuth apps, a dashboard
// and a metrics token). A route the table does not list fails the last test of each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/main.ts';

type Method = 'get' | 'post' | 'put' | 'delete';
interface Row {
  method: Method;
  /** As the app mounts it (express path syntax). */
  route: string;
  /** The rule (the README's words). */
  rule: 'public' | 'this machine' | 'dashboard token' | 'HubSpot v3' | 'HubSpot v3 or v2' | 'org token' | 'org secret' | 'metrics token' | 'OAuth state';
  /** A request to it. */
  path: string;
  body?: string | object;
  /** What a caller without the rule's credential gets. */
  refused: number;
}

/** The routes of an express app: [method, path] for every route of every router mounted on it. */
function routesOf(app: express.Express): string[] {
  type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of [layer.route.path].flat()) for (const method of Object.keys(layer.route.methods)) found.push(`${method} ${path}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...new Set(found)].sort();
}

const send = (server: RunningServer, row: Row, headers: Record<string, string> = {}) => {
  const r = request(server.url)[row.method](row.path).set(headers);
  return row.body === undefined ? r : r.send(row.body);
};

type RowOf = (method: Method, route: string, path?: string, body?: object) => Row;

/** The card API's routes, each a row by the mode's rule. */
const cardRows = (row: RowOf, id: string): Row[] => [
  row('get', '/api/companies/:id', `/api/companies/${id}`),
  row('post', '/api/companies/:id/recalculate', `/api/companies/${id}/recalculate`),
  row('put', '/api/companies/:id/override', `/api/companies/${id}/override`, { segment: 'A', reason: 'not allowed' }),
  row('delete', '/api/companies/:id/override', `/api/companies/${id}/override`),
  row('post', '/api/companies/:id/tasks', `/api/companies/${id}/tasks`, { touchpoint: 'visit/account_manager/operational/account visit' }),
  row('post', '/api/companies/recalculate', '/api/companies/recalculate', { ids: [id] }),
];

/** The dashboard's pages and JSON, each a row by the mode's rule. */
const dashboardRows = (row: RowOf, id: string): Row[] => [
  row('get', '/'),
  row('get', '/customers'),
  row('get', '/companies/:id', `/companies/${id}`),
  row('get', '/dashboard/api/tenants'),
  row('get', '/dashboard/api/overview'),
  row('get', '/dashboard/api/customers'),
  row('get', '/dashboard/api/companies/:id', `/dashboard/api/companies/${id}`),
  row('get', '/dashboard/api/runs'),
  row('post', '/dashboard/api/recalculate'),
];

const ORG = '00DAj000000AbCdMAK';
const OUTBOUND = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>${ORG}</OrganizationId><Notification><Id>04lAj00000BcDeFIAV</Id><sObject xsi:type="sf:Account" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>001Aj00000Qx1aCIAR</sf:Id></sObject></Notification></notifications></soapenv:Body></soapenv:Envelope>`;
const SILENT = { LOG_LEVEL: 'silent', DATABASE_URL: '', HOST: '', HUBSPOT_ACCESS_TOKEN: '', SALESFORCE_ACCESS_TOKEN: '' };

describe('local mode: no CRM, no dashboard token', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-access-local-'));
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ io: { env: { ...SILENT, KLANTWAARDE_DATA_DIR: join(dir, 'data') }, cwd: dir }, port: 0 });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const local: RowOf = (method, route, path = route, body) => ({ method, route, rule: 'this machine', path, refused: 403, ...(body ? { body } : {}) });
  const table: Row[] = [
    { method: 'get', route: '/health', rule: 'public', path: '/health', refused: 200 },
    { method: 'get', route: '/ready', rule: 'public', path: '/ready', refused: 200 },
    ...cardRows(local, 'c-000001'),
    local('get', '/metrics'),
    ...dashboardRows(local, 'c-000001'),
    { method: 'get', route: '/dashboard/assets/:file', rule: 'public', path: '/dashboard/assets/dashboard.css', refused: 200 },
    // In local mode there is nothing to log in to: both send the visitor to the overview.
    { method: 'get', route: '/login', rule: 'public', path: '/login', refused: 303 },
    { method: 'post', route: '/login', rule: 'public', path: '/login', refused: 303 },
    { method: 'post', route: '/logout', rule: 'public', path: '/logout', refused: 303 },
  ];

  it('listens on 127.0.0.1 only', () => {
    expect(server.address.address).toBe('127.0.0.1');
  });

  it.each(table)('$method $route ($rule): a request under another name (DNS rebinding) gets $refused', async (row) => {
    expect((await send(server, row, { Host: 'attacker.example' })).status).toBe(row.refused);
  });

  it.each(table.filter((r) => r.rule === 'this machine'))('$method $route: a request from another address (through a local proxy) gets 403, one from this machine does not', async (row) => {
    expect((await send(server, row, { 'X-Forwarded-For': '203.0.113.7' })).status).toBe(403);
    expect((await send(server, row)).status).not.toBe(403);
  });

  it('has a row for every route it serves', () => {
    expect(routesOf(server.app)).toEqual([...new Set(table.map((r) => `${r.method} ${r.route}`))].sort());
  });
});

describe('CRM mode: HubSpot and Salesforce apps, DASHBOARD_TOKEN and METRICS_TOKEN', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-access-crm-'));
  let server: RunningServer;
  beforeAll(async () => {
    const env = {
      ...SILENT,
      HUBSPOT_CLIENT_ID: 'hubspot-app',
      HUBSPOT_CLIENT_SECRET: 'hubspot-client-secret',
      // Nothing may call out: no portal or org is connected yet.
      HUBSPOT_BASE_URL: 'http://127.0.0.1:9',
      SALESFORCE_AUTH_FLOW: 'oauth',
      SALESFORCE_CLIENT_ID: 'salesforce-app',
      SALESFORCE_CLIENT_SECRET: 'salesforce-secret',
      SALESFORCE_LOGIN_URL: 'http://127.0.0.1:9',
      TOKEN_ENCRYPTION_KEY: 'c'.repeat(64),
      PUBLIC_URL: 'https://kw.example.com',
      DASHBOARD_TOKEN: 'd'.repeat(40),
      METRICS_TOKEN: 'metrics-token',
      KLANTWAARDE_DATA_DIR: join(dir, 'data'),
    };
    server = await startServer({ io: { env, cwd: dir }, port: 0 });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const signed: RowOf = (method, route, path = route, body) => ({ method, route, rule: 'HubSpot v3', path: `${path}?portalId=62515&userEmail=a%40b.example`, refused: 401, ...(body ? { body } : {}) });
  const token: RowOf = (method, route, path = route) => ({ method, route, rule: 'dashboard token', path, refused: route.startsWith('/dashboard/api/') ? 401 : 303 });
  const table: Row[] = [
    { method: 'get', route: '/health', rule: 'public', path: '/health', refused: 200 },
    { method: 'get', route: '/ready', rule: 'public', path: '/ready', refused: 200 },
    ...cardRows(signed, '1001'),
    { method: 'post', route: '/webhooks/hubspot', rule: 'HubSpot v3', path: '/webhooks/hubspot', body: [{ eventId: 1, subscriptionType: 'company.creation', portalId: 62515, objectId: 1, occurredAt: 0 }], refused: 401 },
    { method: 'post', route: '/actions/hubspot/recalculate', rule: 'HubSpot v3 or v2', path: '/actions/hubspot/recalculate', body: { callbackId: 'ap-1', origin: { portalId: 62515 }, object: { objectId: 1, objectType: 'COMPANY' } }, refused: 401 },
    { method: 'post', route: '/webhooks/salesforce', rule: 'org token', path: '/webhooks/salesforce', body: OUTBOUND, refused: 401 },
    { method: 'post', route: '/webhooks/salesforce/:token', rule: 'org token', path: '/webhooks/salesforce/guessed', body: OUTBOUND, refused: 401 },
    { method: 'post', route: '/actions/salesforce/recalculate', rule: 'org secret', path: '/actions/salesforce/recalculate', body: { orgId: ORG, accountIds: ['001Aj00000Qx1aCIAR'] }, refused: 401 },
    { method: 'get', route: '/metrics', rule: 'metrics token', path: '/metrics', refused: 401 },
    // Anyone may start an install (it connects their own account); the callback needs the state it was given.
    { method: 'get', route: '/oauth/hubspot/install', rule: 'public', path: '/oauth/hubspot/install', refused: 302 },
    { method: 'get', route: '/oauth/hubspot/connect', rule: 'public', path: '/oauth/hubspot/connect', refused: 302 },
    { method: 'get', route: '/oauth/hubspot/callback', rule: 'OAuth state', path: '/oauth/hubspot/callback?code=c&state=s', refused: 400 },
    { method: 'get', route: '/oauth/salesforce/install', rule: 'public', path: '/oauth/salesforce/install', refused: 302 },
    { method: 'get', route: '/oauth/salesforce/connect', rule: 'public', path: '/oauth/salesforce/connect', refused: 302 },
    { method: 'get', route: '/oauth/salesforce/callback', rule: 'OAuth state', path: '/oauth/salesforce/callback?code=c&state=s', refused: 400 },
    ...dashboardRows(token, '1001'),
    { method: 'get', route: '/dashboard/assets/:file', rule: 'public', path: '/dashboard/assets/dashboard.js', refused: 200 },
    { method: 'get', route: '/login', rule: 'public', path: '/login', refused: 200 },
    { method: 'post', route: '/login', rule: 'public', path: '/login', body: 'token=wrong', refused: 401 },
    { method: 'post', route: '/logout', rule: 'public', path: '/logout', refused: 303 },
  ];

  it('listens on every interface (webhooks and token holders come from elsewhere)', () => {
    expect(['::', '0.0.0.0']).toContain(server.address.address);
  });

  it.each(table)('$method $route ($rule): a caller without it gets $refused', async (row) => {
    const headers: Record<string, string> = row.route === '/login' && row.method === 'post' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {};
    expect((await send(server, row, headers)).status).toBe(row.refused);
  });

  it.each(table.filter((r) => r.rule === 'HubSpot v3'))('$method $route: a v1 or v2 signature alone gets 401', async (row) => {
    const legacy = { 'X-HubSpot-Signature': 'a'.repeat(64), 'X-HubSpot-Signature-Version': 'v2' };
    expect((await send(server, row, legacy)).status).toBe(401);
  });

  it('has a row for every route it serves', () => {
    expect(routesOf(server.app)).toEqual([...new Set(table.map((r) => `${r.method} ${r.route}`))].sort());
  });
});
