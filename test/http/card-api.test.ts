// The card API with a CRM connected: only HubSpot-signed requests, only the signing portal's data.
import { createHmac } from 'node:crypto';
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

function signed(method: 'GET' | 'PUT', path: string, body = '') {
  const timestamp = String(Date.now());
  // HubSpot signs the URI with %40 and the like decoded.
  const signature = createHmac('sha256', SECRET).update(`${method}${PUBLIC}${path.replaceAll('%40', '@')}${body}${timestamp}`).digest('base64');
  const r = method === 'GET' ? request(app).get(path) : request(app).put(path).set('content-type', 'application/json').send(body);
  return r.set('x-hubspot-signature-v3', signature).set('x-hubspot-request-timestamp', timestamp);
}

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

  it('refuses another portal’s company with 403, without showing any of it', async () => {
    const res = await signed('GET', '/api/companies/only-in-222?portalId=111');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('auth.forbidden');
    expect(JSON.stringify(res.body)).not.toContain('Other portal');
    // The same company for the portal that owns it.
    const own = await signed('GET', '/api/companies/only-in-222?portalId=222');
    expect(own.status).toBe(200);
    expect(own.body.result.name).toBe('Other portal B.V.');
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
