// The card API with a CRM connected: only HubSpot-signed requests, only the signing portal's data.
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { Store } from '../../src/app/ports/store.port.ts';
import { RankingPopulation } from '../../src/app/ranking-population.ts';
import { recomputeAll, type RecomputeDeps } from '../../src/app/recompute.ts';
import { generatePortfolio } from '../../src/app/sample/generate-portfolio.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { createApp } from '../../src/http/app.ts';
import { signedCardAuth } from '../../src/http/signed-card-auth.ts';

const SECRET = 'card-secret';
const PUBLIC = 'https://kw.example.com';
const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'kw-card-'));
let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = createSqliteStore({ path: join(dir, 'k.db') });
  await store.migrate();
  const recompute: RecomputeDeps = { store, config: DEFAULT_MODEL_CONFIG, configHash: 't', now: () => AS_OF, log: silentLogger, population: new RankingPopulation(store) };
  await store.applyChanges('hubspot:111', generatePortfolio({ companies: 20, seed: 1, asOf: AS_OF }));
  await store.applyChanges('hubspot:222', { companies: [{ id: 'only-in-222', name: 'Other portal B.V.', createdAt: 0 }] });
  await recomputeAll(recompute, 'hubspot:111');
  await recomputeAll(recompute, 'hubspot:222');
  app = createApp({ recompute, cardAuth: signedCardAuth({ clientSecret: SECRET, publicUrl: PUBLIC }), log: silentLogger, ready: async () => true });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

function send(method: Method, path: string, body: string, headers: Record<string, string>) {
  const r = method === 'GET' ? request(app).get(path) : method === 'POST' ? request(app).post(path) : method === 'DELETE' ? request(app).delete(path) : request(app).put(path).set('content-type', 'application/json').send(body);
  return r.set(headers);
}

function v3(method: Method, path: string, body = '', timestamp = String(Date.now())): Record<string, string> {
  // HubSpot signs the URI with %40 and the like decoded.
  const signature = createHmac('sha256', SECRET).update(`${method}${PUBLIC}${path.replaceAll('%40', '@')}${body}${timestamp}`).digest('base64');
  return { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp };
}

function signed(method: Method, path: string, body = '') {
  return send(method, path, body, v3(method, path, body));
}

const userPath = (path: string) => `${path}?portalId=111&userId=77&userEmail=rep%40example.com`;

describe('card API with HubSpot connected', () => {
  it('serves a signed request for a company of the signing portal', async () => {
    const res = await signed('GET', '/api/companies/c-000001?portalId=111&userEmail=rep%40example.com');
    expect(res.status).toBe(200);
    expect(res.body.result.companyId).toBe('c-000001');
    expect(JSON.stringify(res.body).length).toBeLessThan(100_000);
  });

  it('refuses an unsigned or tampered request with 401', async () => {
    expect((await request(app).get('/api/companies/c-000001?portalId=111')).status).toBe(401);
    const timestamp = String(Date.now());
    const forged = await request(app).get('/api/companies/c-000001?portalId=222').set('x-hubspot-signature-v3', 'AAAA').set('x-hubspot-request-timestamp', timestamp);
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('auth.bad_signature');
  });

  it('answers another portal’s company exactly as a company nobody has: 404, the same body, nothing of it shown', async () => {
    const foreign = await signed('GET', '/api/companies/only-in-222?portalId=111');
    const unknown = await signed('GET', '/api/companies/only-in-999?portalId=111');
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(foreign.body).replace('only-in-222', 'X')).toBe(JSON.stringify(unknown.body).replace('only-in-999', 'X'));
    expect(JSON.stringify(foreign.body)).not.toContain('Other portal');
    for (const method of ['PUT', 'DELETE'] as const) {
      const body = method === 'PUT' ? JSON.stringify({ segment: 'A', reason: 'x' }) : '';
      const a = await signed(method, '/api/companies/only-in-222/override?portalId=111', body);
      const b = await signed(method, '/api/companies/only-in-999/override?portalId=111', body);
      expect([a.status, b.status]).toEqual([404, 404]);
      expect(JSON.stringify(a.body).replace('only-in-222', 'X')).toBe(JSON.stringify(b.body).replace('only-in-999', 'X'));
    }
    // The same company for the portal that owns it.
    const own = await signed('GET', '/api/companies/only-in-222?portalId=222');
    expect(own.status).toBe(200);
    expect(own.body.result.name).toBe('Other portal B.V.');
  });

  it('refuses a request signed only with v1 or v2 with 401: the card API takes v3 alone', async () => {
    const path = '/api/companies/c-000001?portalId=111';
    // v1 of a GET is sha256(secret): one captured value would open every company of every portal.
    const v1 = await send('GET', path, '', { 'x-hubspot-signature': createHash('sha256').update(SECRET).digest('hex'), 'x-hubspot-signature-version': 'v1' });
    expect(v1.status).toBe(401);
    expect(v1.body.error.code).toBe('auth.bad_signature');
    const v2 = await send('GET', path, '', { 'x-hubspot-signature': createHash('sha256').update(`${SECRET}GET${PUBLIC}${path}`).digest('hex'), 'x-hubspot-signature-version': 'v2' });
    expect(v2.status).toBe(401);
    expect(v2.body.error.message).toContain('X-HubSpot-Signature-v3');
  });

  it('refuses a v3 timestamp more than five minutes ahead, and serves one a minute ahead (clock skew)', async () => {
    const path = '/api/companies/c-000001?portalId=111';
    const ahead = await send('GET', path, '', v3('GET', path, '', String(Date.now() + 6 * 60_000)));
    expect(ahead.status).toBe(401);
    expect(ahead.body.error.message).toContain('future');
    expect((await send('GET', path, '', v3('GET', path, '', String(Date.now() + 60_000)))).status).toBe(200);
  });

  it('serves a signed change once: the same signature and timestamp again is refused, a fresh signature is served', async () => {
    const path = userPath('/api/companies/c-000003/override');
    const body = JSON.stringify({ segment: 'B', reason: 'replay check' });
    const headers = v3('PUT', path, body);
    expect((await send('PUT', path, body, headers)).status).toBe(200);
    const replayed = await send('PUT', path, body, headers);
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.code).toBe('auth.replayed');
    const removal = v3('DELETE', userPath('/api/companies/c-000003/override'));
    expect((await send('DELETE', userPath('/api/companies/c-000003/override'), '', removal)).status).toBe(200);
    expect((await send('DELETE', userPath('/api/companies/c-000003/override'), '', removal)).status).toBe(401);
    expect((await signed('PUT', path, body)).status).toBe(200);
    // A read changes nothing: the card may show the same signed answer again.
    const read = v3('GET', '/api/companies/c-000003?portalId=111');
    expect((await send('GET', '/api/companies/c-000003?portalId=111', '', read)).status).toBe(200);
    expect((await send('GET', '/api/companies/c-000003?portalId=111', '', read)).status).toBe(200);
  });

  it('records the override as made by the signed user, and refuses a by in the body', async () => {
    const withBy = await signed('PUT', userPath('/api/companies/c-000004/override'), JSON.stringify({ segment: 'A', reason: 'key account', by: 'ceo@example.com' }));
    expect(withBy.status).toBe(400);
    expect(withBy.body.error.code).toBe('request.invalid');
    expect(withBy.body.error.message).toContain('by: not accepted');
    const ok = await signed('PUT', '/api/companies/c-000004/override?portalId=111&userId=77', JSON.stringify({ segment: 'A', reason: 'key account' }));
    expect(ok.status).toBe(200);
    expect(ok.body.result.override.by).toBe('HubSpot user 77');
  });

  it('refuses control characters in the reason and the company id, naming the field', async () => {
    const nul = await signed('PUT', userPath('/api/companies/c-000005/override'), JSON.stringify({ segment: 'A', reason: 'bad\u0000byte' }));
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toMatch(/^reason: .*control character/);
    const escape = await signed('PUT', userPath('/api/companies/c-000005/override'), JSON.stringify({ segment: 'A', reason: 'red \u001b[31m text' }));
    expect(escape.status).toBe(400);
    // Line breaks and tabs are text: a reason may have paragraphs.
    expect((await signed('PUT', userPath('/api/companies/c-000005/override'), JSON.stringify({ segment: 'A', reason: 'first line\nsecond\tline' }))).status).toBe(200);
    const id = await signed('GET', '/api/companies/c-0%00001?portalId=111');
    expect(id.status).toBe(400);
    expect(id.body.error.message).toMatch(/^id: /);
  });

  it('answers 400 for a path with malformed percent-encoding', async () => {
    const res = await signed('GET', '/api/companies/%E0%A4%A?portalId=111');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('request.malformed_url');
  });

  it('answers 404 for a company no portal has', async () => {
    const res = await signed('GET', '/api/companies/c-999999?portalId=111');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('company.not_found');
  });

  it('refuses a signed request that names no portal', async () => {
    const res = await signed('GET', '/api/companies/c-000001');
    expect(res.status).toBe(403);
  });

  it('validates an override: a reason is required', async () => {
    const body = JSON.stringify({ segment: 'A', reason: '   ' });
    const res = await signed('PUT', '/api/companies/c-000001/override?portalId=111&userEmail=rep%40example.com', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('reason');
    const ok = await signed('PUT', '/api/companies/c-000001/override?portalId=111&userEmail=rep%40example.com', JSON.stringify({ segment: 'A', reason: 'strategic partner' }));
    expect(ok.status).toBe(200);
    expect(ok.body.result.segment).toBe('A');
    expect(ok.body.result.override.by).toBe('rep@example.com');
  });

  it('refuses an override with a segment, expiry or field it does not know, saying which', async () => {
    const path = '/api/companies/c-000002/override?portalId=111';
    const bad = async (body: object) => {
      const res = await signed('PUT', path, JSON.stringify(body));
      expect(res.status).toBe(400);
      return res.body.error.message as string;
    };
    expect(await bad({ segment: 'E', reason: 'x' })).toContain('segment');
    expect(await bad({ segment: 'A', reason: 'x', expiresAt: '30-06-2099' })).toContain('expiresAt');
    expect(await bad({ segment: 'A', reason: 'x', expiresAt: '2001-01-01' })).toContain('2001-01-01');
    expect(await bad({ segment: 'A', reason: 'x', colour: 'red' })).toContain('colour');
    const card = await signed('GET', '/api/companies/c-000002?portalId=111');
    expect(card.body.result.override).toBeNull();
  });
});
