// Who gets the dashboard: this machine only in local mode, the token holder in token mode.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopback, SESSION_COOKIE, SESSION_MAX_AGE_MS } from '../../src/http/dashboard/dashboard.access.ts';
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

  it('locks an address out after 10 failed logins: 429 with Retry-After, while other addresses may still log in', async () => {
    let clock = Date.parse('2026-11-02T09:00:00Z');
    const server = app();
    const limited = portal.app({ mode: 'token', token }, { now: () => clock });
    const login = (from: string, given: string) => request(limited).post('/login').set('X-Forwarded-For', from).type('form').send({ token: given, next: '/' });
    for (let i = 0; i < 10; i++) {
      expect((await login('203.0.113.7', `guess-${i}`)).status).toBe(401);
      clock += 1_000;
    }
    // Locked: even the right token is not looked at until the first failure is 15 minutes old.
    const locked = await login('203.0.113.7', token);
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe(String(15 * 60 - 10));
    expect(locked.headers['set-cookie']).toBeUndefined();
    expect((await login('198.51.100.1', token)).status).toBe(303);
    clock += 15 * 60_000;
    expect((await login('203.0.113.7', token)).status).toBe(303);
    // Each app has its own count.
    expect((await request(server).post('/login').set('X-Forwarded-For', '203.0.113.7').type('form').send({ token })).status).toBe(303);
  });

  it('counts wrong Bearer tokens the same way, answering 429 auth.rate_limited with Retry-After', async () => {
    const clock = Date.parse('2026-11-02T09:00:00Z');
    const limited = portal.app({ mode: 'token', token }, { now: () => clock });
    const bearer = (given: string) => request(limited).get('/dashboard/api/overview').set('X-Forwarded-For', '203.0.113.8').set('Authorization', `Bearer ${given}`);
    for (let i = 0; i < 10; i++) expect((await bearer(`guess-${i}`)).status).toBe(401);
    const locked = await bearer(token);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('auth.rate_limited');
    expect(locked.headers['retry-after']).toBe(String(15 * 60));
    const page = await request(limited).get('/').set('X-Forwarded-For', '203.0.113.8').set('Authorization', `Bearer ${token}`);
    expect(page.status).toBe(429);
    expect(page.headers['retry-after']).toBe(String(15 * 60));
  });

  it('gives a session cookie that expires: Max-Age of 12 hours, refused by the server after that', async () => {
    let clock = Date.parse('2026-11-02T09:00:00Z');
    const server = portal.app({ mode: 'token', token }, { now: () => clock });
    const res = await request(server).post('/login').type('form').send({ token, next: '/' });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/Max-Age=43200/);
    const session = cookie.split(';')[0]!;
    clock += SESSION_MAX_AGE_MS - 1_000;
    expect((await request(server).get('/dashboard/api/runs').set('Cookie', session)).status).toBe(200);
    clock += 2_000;
    expect((await request(server).get('/dashboard/api/runs').set('Cookie', session)).status).toBe(401);
    expect((await request(server).get('/').set('Cookie', session)).status).toBe(303);
  });

  it('ends the session on the server at logout: the cookie it had opens nothing any more', async () => {
    const server = app();
    const session = String((await request(server).post('/login').type('form').send({ token, next: '/' })).headers['set-cookie']).split(';')[0]!;
    expect((await request(server).get('/customers').set('Cookie', session)).status).toBe(200);
    const out = await request(server).post('/logout').set('Cookie', session);
    expect(out.status).toBe(303);
    expect(String(out.headers['set-cookie'])).toContain(`${SESSION_COOKIE}=;`);
    expect((await request(server).get('/customers').set('Cookie', session)).status).toBe(303);
    expect((await request(server).get('/dashboard/api/runs').set('Cookie', session)).status).toBe(401);
  });

  it('marks the cookie Secure when the server is reached over https (PUBLIC_URL), though the proxy speaks http to it', async () => {
    const plain = String((await request(app()).post('/login').type('form').send({ token })).headers['set-cookie']);
    expect(plain).not.toMatch(/Secure/i);
    const secure = String((await request(portal.app({ mode: 'token', token }, { secureCookies: true })).post('/login').type('form').send({ token })).headers['set-cookie']);
    expect(secure).toMatch(/;\s*Secure/i);
  });

  it('takes a cookie with malformed percent-encoding as no session (the login form), not as a fault', async () => {
    expect((await request(app()).get('/customers').set('Cookie', `${SESSION_COOKIE}=%E0%A4%A`)).status).toBe(303);
    expect((await request(app()).get('/dashboard/api/runs').set('Cookie', `${SESSION_COOKIE}=%E0%A4%A`)).status).toBe(401);
  });
});
