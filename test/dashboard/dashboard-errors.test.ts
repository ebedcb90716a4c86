// What the dashboard shows when something fails on the server: a sentence, never the raw
// database error (table names, SQL, connection strings) — that goes to the log.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/app/errors.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { Store } from '../../src/app/ports/store.port.ts';
import { createApp } from '../../src/http/app.ts';
import { dashboardRoutes } from '../../src/http/dashboard/dashboard.routes.ts';
import { samplePortal, TENANT, type SamplePortal } from '../support/sample-portal.ts';

const RAW = 'error: relation "kw_results_2026" does not exist at character 15 (postgres://kw:s3cret@db.internal/kw)';

let portal: SamplePortal;
beforeAll(async () => {
  portal = await samplePortal();
  // A failed run as the recompute records it: String(error) of a database error, and of an AppError.
  for (const error of [new Error(RAW), new AppError('crm.rate_limited', 'HubSpot daily API limit reached.')]) {
    const run = await portal.store.startRun({ tenant: TENANT, kind: 'incremental', startedAt: Date.now(), asOf: Date.now(), configHash: 'x' });
    await portal.store.finishRun(run.id, { status: 'failed', counts: {}, agreementRate: null, error: String(error), finishedAt: Date.now() });
  }
});
afterAll(async () => {
  await portal?.close();
});

/** The dashboard over a store whose reads of `broken` fail with a raw database error. */
function appWith(broken: keyof Store | null, startFullRun?: () => Promise<void>) {
  const store = new Proxy(portal.store, {
    get: (target, key, receiver) => (key === broken ? () => Promise.reject(new Error(RAW)) : Reflect.get(target, key, receiver)),
  });
  const deps = { ...portal.deps({ mode: 'local' }), store, ...(startFullRun ? { startFullRun } : {}) };
  return createApp({ recompute: portal.recompute, cardAuth: async () => ({ tenant: TENANT, user: 'x' }), log: silentLogger, ready: async () => true, routers: [dashboardRoutes(deps)] });
}

describe('dashboard errors', () => {
  it('shows a failed run’s own message when it is ours, and a sentence for a database error', async () => {
    const page = await request(appWith(null)).get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('HubSpot daily API limit reached.');
    expect(page.text).not.toContain('kw_results_2026');
    expect(page.text).toContain('the error is in the server log');
    const runs = await request(appWith(null)).get('/dashboard/api/runs');
    expect(JSON.stringify(runs.body)).not.toContain('kw_results_2026');
    expect(runs.body.runs.map((r: { error: string | null }) => r.error)).toContain('HubSpot daily API limit reached.');
  });

  it('answers a page or the API whose store read fails with a sentence, not the database error', async () => {
    const page = await request(appWith('listRuns')).get('/');
    expect(page.status).toBe(500);
    expect(page.text).not.toContain('kw_results_2026');
    const api = await request(appWith('listRuns')).get('/dashboard/api/runs');
    expect(api.status).toBe(500);
    expect(JSON.stringify(api.body)).not.toContain('kw_results_2026');
  });

  it('reports a recalculation that failed on a database error without the error', async () => {
    const app = appWith(null, () => Promise.reject(new Error(RAW)));
    expect((await request(app).post('/dashboard/api/recalculate')).status).toBe(202);
    let recalculation: { state: string; error: { message: string } | null } = { state: 'running', error: null };
    for (let i = 0; i < 100 && recalculation.state === 'running'; i++) {
      recalculation = (await request(app).get('/dashboard/api/runs')).body.recalculation;
    }
    expect(recalculation.state).toBe('failed');
    expect(recalculation.error!.message).not.toContain('kw_results_2026');
    expect(recalculation.error!.message).toContain('server log');
  });

  it('answers 400 for a page address with malformed percent-encoding', async () => {
    const res = await request(appWith(null)).get('/companies/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.text).toContain('malformed');
  });
});

describe('dashboard errors in Dutch', () => {
  const DUTCH = 'nl-NL,nl;q=0.9';

  it('says a page could not be built in the reader’s language, without the database error', async () => {
    const page = await request(appWith('listRuns')).get('/').set('Accept-Language', DUTCH);
    expect(page.status).toBe(500);
    expect(page.text).toContain('<html lang="nl">');
    expect(page.text).toContain('De pagina kon niet worden opgebouwd');
    expect(page.text).not.toContain('kw_results_2026');
  });

  it('answers a malformed page address with 400 in the reader’s language', async () => {
    const res = await request(appWith(null)).get('/companies/%E0%A4%A').set('Cookie', 'kw_lang=nl');
    expect(res.status).toBe(400);
    expect(res.text).toContain('ongeldige procentcodering');
  });
});
