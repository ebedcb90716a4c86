// The card API without a CRM (local mode) under the dashboard's access rule: this machine only,
// under its own name, no changes from another site's page; with DASHBOARD_TOKEN the token or the
// dashboard session. Before, it answered anyone on any interface, with any Host.
import type { Router } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import { createApp } from '../../src/http/app.ts';
import { accessGate, type DashboardAccess } from '../../src/http/dashboard/dashboard.access.ts';
import { dashboardRoutes } from '../../src/http/dashboard/dashboard.routes.ts';
import { localCardAuth } from '../../src/http/local-card-auth.ts';
import { samplePortal, TENANT, type SamplePortal } from '../support/sample-portal.ts';

let portal: SamplePortal;
beforeAll(async () => {
  portal = await samplePortal();
});
afterAll(async () => {
  await portal?.close();
});

/** The server's wiring: one gate for the dashboard and the card API. */
function server(access: DashboardAccess) {
  const gate = accessGate(access);
  const routers: Router[] = [dashboardRoutes({ ...portal.deps(access), gate })];
  return createApp({ recompute: portal.recompute, cardAuth: localCardAuth(gate, TENANT), log: silentLogger, ready: async () => true, routers });
}

const COMPANY = '/api/companies/c-000001';

describe('card API in local mode, without a token', () => {
  let app: ReturnType<typeof server>;
  beforeAll(() => {
    app = server({ mode: 'local' });
  });

  it('answers this machine', async () => {
    expect((await request(app).get(COMPANY)).status).toBe(200);
  });

  it('refuses another address (through the local proxy) with 403', async () => {
    const res = await request(app).get(COMPANY).set('X-Forwarded-For', '203.0.113.7');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('auth.forbidden');
    expect((await request(app).post(`${COMPANY}/recalculate`).set('X-Forwarded-For', '203.0.113.7')).status).toBe(403);
  });

  it('refuses a name that is not this machine (DNS rebinding), for reads and changes', async () => {
    expect((await request(app).get(COMPANY).set('Host', 'attacker.example')).status).toBe(403);
    const before = (await request(app).get(COMPANY)).body.result.override;
    const override = await request(app).put(`${COMPANY}/override`).set('Host', 'attacker.example:3000').send({ segment: 'A', reason: 'rebinding' });
    expect(override.status).toBe(403);
    expect((await request(app).get(COMPANY)).body.result.override).toEqual(before);
  });

  it('refuses a change another site’s page posts (text/plain needs no preflight)', async () => {
    const post = await request(app).post(`${COMPANY}/recalculate`).set('Origin', 'https://attacker.example').set('Content-Type', 'text/plain').send('{}');
    expect(post.status).toBe(403);
    const fetched = await request(app).delete(`${COMPANY}/override`).set('Sec-Fetch-Site', 'cross-site');
    expect(fetched.status).toBe(403);
  });
});

describe('card API in local mode with DASHBOARD_TOKEN', () => {
  const token = 'a-long-random-dashboard-token-0123456789';
  let app: ReturnType<typeof server>;
  beforeAll(() => {
    app = server({ mode: 'token', token });
  });

  it('refuses a request without the token, or with a wrong one', async () => {
    expect((await request(app).get(COMPANY)).status).toBe(401);
    expect((await request(app).get(COMPANY).set('Authorization', 'Bearer not-the-token')).status).toBe(401);
  });

  it('answers the Bearer token and the dashboard session, from any address', async () => {
    expect((await request(app).get(COMPANY).set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', '203.0.113.7')).status).toBe(200);
    const session = String((await request(app).post('/login').type('form').send({ token })).headers['set-cookie']).split(';')[0]!;
    // Another company than the local-mode tests look at: the two describes share the store.
    const res = await request(app).put('/api/companies/c-000002/override').set('Cookie', session).send({ segment: 'B', reason: 'set from the dashboard session' });
    expect(res.status).toBe(200);
    expect(res.body.result.override).toMatchObject({ segment: 'B', by: 'dashboard user' });
  });
});
