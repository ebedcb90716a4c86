// Who gets the dashboard: this machine only in local mode, the token holder in token mode.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopback, SESSION_COOKIE } from '../../src/http/dashboard/dashboard.access.ts';
import { samplePortal, type SamplePortal } from '../support/sample-portal.ts';

let portal: SamplePortal;

beforeAll(async () => {
  portal = await samplePortal();
});
afterAll(async () => {
  await portal?.close();
});

describe('loopback addresses', () => {
  it('knows 127.0.0.0/8, ::1 and IPv4-mapped loopback', () => {
    for (const ip of ['127.0.0.1', '127.12.0.9', '::1', '::ffff:127.0.0.1']) expect(isLoopback(ip), ip).toBe(true);
    for (const ip of ['10.0.0.1', '192.168.1.2', '::ffff:10.0.0.1', '128.0.0.1', '::2', '1127.0.0.1', undefined]) expect(isLoopback(ip), String(ip)).toBe(false);
  });
});

describe('local mode', () => {
  const app = () => portal.app({ mode: 'local' });

  it('serves requests from this machine', async () => {
    expect((await request(app()).get('/dashboard/api/tenants')).status).toBe(200);
    expect((await request(app()).get('/')).status).toBe(200);
  });

  it('refuses a request forwarded from another address, as JSON for the API and a page for pages', async () => {
    const api = await request(app()).get('/dashboard/api/overview').set('X-Forwarded-For', '203.0.113.7');
    expect(api.status).toBe(403);
    expect(api.body.error.code).toBe('auth.forbidden');
    const page = await request(app()).get('/').set('X-Forwarded-For', '203.0.113.7');
    expect(page.status).toBe(403);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Not available from here');
  });

  it('refuses a page asked for under a name that is not this machine (DNS rebinding)', async () => {
    const res = await request(app()).get('/dashboard/api/overview').set('Host', 'attacker.example');
    expect(res.status).toBe(403);
  });

  it('refuses a recalculation posted from another site', async () => {
    const res = await request(app()).post('/dashboard/api/recalculate').set('Origin', 'https://attacker.example');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('auth.forbidden');
  });
});

describe('token mode', () => {
  const token = 'a-long-random-dashboard-token-0123456789';
  const app = () => portal.app({ mode: 'token', token });

  it('answers 401 without a token and with a wrong one', async () => {
    const none = await request(app()).get('/dashboard/api/overview');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('auth.required');
    const wrong = await request(app()).get('/dashboard/api/overview').set('Authorization', `Bearer ${token}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('auth.bad_token');
  });

  it('answers 200 with the right Bearer token, also from another address', async () => {
    const res = await request(app()).get('/dashboard/api/overview').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', '203.0.113.7');
    expect(res.status).toBe(200);
    expect(res.body.tenant).toBe('local');
  });

  it('sends an anonymous page visit to the login form', async () => {
    const res = await request(app()).get('/customers?segment=A');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fcustomers%3Fsegment%3DA');
    const form = await request(app()).get(res.headers.location!);
    expect(form.status).toBe(200);
    expect(form.text).toContain('name="token"');
  });

  it('logs in with the form: an HttpOnly, SameSite=Strict cookie that opens pages and the API', async () => {
    const wrong = await request(app()).post('/login').type('form').send({ token: 'guess', next: '/customers' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const res = await request(app()).post('/login').type('form').send({ token, next: '/customers' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/customers');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`${SESSION_COOKIE}=`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toContain(token);

    const session = cookie.split(';')[0]!;
    expect((await request(app()).get('/customers').set('Cookie', session)).status).toBe(200);
    expect((await request(app()).get('/dashboard/api/runs').set('Cookie', session)).status).toBe(200);
    expect((await request(app()).get('/').set('Cookie', `${SESSION_COOKIE}=forged`)).status).toBe(303);
  });

  it('sends the user back only to a path on this site after logging in', async () => {
    const res = await request(app()).post('/login').type('form').send({ token, next: '//attacker.example/' });
    expect(res.headers.location).toBe('/');
  });
});
