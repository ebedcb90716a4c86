// The dashboard's JSON endpoints and pages against the sample portal: the same figures as
// portfolioOverview() and companyCard(), a list that filters, sorts and pages correctly.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { companyCard } from '../../src/app/company-card.ts';
import { portfolioOverview } from '../../src/app/portfolio-overview.ts';
import { recomputeAll } from '../../src/app/recompute.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { nameKey, type CustomerRow } from '../../src/http/dashboard/customer-list.ts';
import { AS_OF, ownPortal, samplePortal, TENANT, type PortalWithApp, type SamplePortal } from '../support/sample-portal.ts';

let portal: SamplePortal;
let app: ReturnType<SamplePortal['app']>;

beforeAll(async () => {
  portal = await samplePortal();
  app = portal.app({ mode: 'local' });
});
afterAll(async () => {
  await portal?.close();
});

/** This file's portal, swapped for one of a describe's own (ownPortal). */
const held = {
  get: () => ({ portal, app }),
  set: (next: PortalWithApp) => void ({ portal, app } = next),
};

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

async function list(query: Record<string, string | number>): Promise<{ total: number; page: number; pages: number; rows: CustomerRow[]; owners: string[] }> {
  const res = await request(app).get('/dashboard/api/customers').query(query);
  expect(res.status).toBe(200);
  return res.body;
}

describe('dashboard data endpoints', () => {
  it('serves exactly what portfolioOverview() reports', async () => {
    const res = await request(app).get('/dashboard/api/overview');
    expect(res.status).toBe(200);
    const expected = await portfolioOverview(portal.store, TENANT, DEFAULT_MODEL_CONFIG);
    expect(res.body).toEqual(json(expected));
    expect(res.body.report.customers).toBeGreaterThan(0);
    expect(res.body.lastFullRun.asOf).toBe(AS_OF);
  });

  it('uses the first tenant by default and refuses one it does not know', async () => {
    const named = await request(app).get('/dashboard/api/overview').query({ tenant: TENANT });
    expect(named.body.tenant).toBe(TENANT);
    const unknown = await request(app).get('/dashboard/api/overview').query({ tenant: 'hubspot:999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('request.unknown_tenant');
  });

  it('filters the customer list by segment, with the counts of the overview', async () => {
    const { report } = await portfolioOverview(portal.store, TENANT, DEFAULT_MODEL_CONFIG);
    for (const row of report.segments) {
      const page = await list({ segment: row.segment, pageSize: 500 });
      expect(page.total).toBe(row.companies);
      expect(page.rows.every((r) => r.segment === row.segment)).toBe(true);
    }
    const none = await list({ segment: 'none', pageSize: 500 });
    expect(none.rows.every((r) => r.segment === null)).toBe(true);
  });

  it('filters by service flag, recommended action, owner and level', async () => {
    const all = (await list({ pageSize: 500 })).rows;
    const sample = all.find((r) => r.ownerId !== null && r.segment !== null)!;
    const byOwner = await list({ owner: sample.ownerId!, pageSize: 500 });
    expect(byOwner.total).toBe(all.filter((r) => r.ownerId === sample.ownerId).length);
    const byAction = await list({ action: sample.recommendedAction, pageSize: 500 });
    expect(byAction.total).toBe(all.filter((r) => r.recommendedAction === sample.recommendedAction).length);
    const byFlag = await list({ flag: sample.serviceFlag, pageSize: 500 });
    expect(byFlag.rows.every((r) => r.serviceFlag === sample.serviceFlag)).toBe(true);
    const combined = await list({ owner: sample.ownerId!, segment: sample.segment!, level: sample.pyramidLevel, pageSize: 500 });
    expect(combined.total).toBeGreaterThan(0);
    expect(combined.rows.every((r) => r.ownerId === sample.ownerId && r.segment === sample.segment && r.pyramidLevel === sample.pyramidLevel)).toBe(true);
  });

  it('sorts by any figure column, either way, unknown figures last — customers first, then the other companies', async () => {
    for (const sort of ['netContribution', 'revenue', 'costToServe', 'costToServeRatio', 'totalValue'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const rows = (await list({ sort, dir, pageSize: 500 })).rows;
        const firstOther = rows.findIndex((r) => !r.isCustomer);
        expect(rows.slice(firstOther).every((r) => !r.isCustomer)).toBe(true);
        for (const group of [rows.slice(0, firstOther), rows.slice(firstOther)]) {
          const values = group.map((r) => r[sort]);
          const known = values.filter((v): v is number => v !== null);
          expect(values.slice(0, known.length)).toEqual(known);
          expect(known).toEqual([...known].sort((a, b) => (dir === 'asc' ? a - b : b - a)));
        }
      }
    }
    const rows = (await list({ sort: 'name', pageSize: 500 })).rows;
    expect(rows.length).toBeGreaterThan(100);
    const firstOther = rows.findIndex((r) => !r.isCustomer);
    expect(rows.slice(0, firstOther).every((r) => r.isCustomer) && rows.slice(firstOther).every((r) => !r.isCustomer)).toBe(true);
    for (const group of [rows.slice(0, firstOther), rows.slice(firstOther)]) {
      const names = group.map((r) => nameKey(r.name));
      expect(names).toEqual([...names].sort());
    }
    expect(nameKey('"De Bouw" Van Dijk')).toBe('de bouw" van dijk');
    expect(nameKey('Café Élan')).toBe('cafe elan');
  });

  it('searches by name or id', async () => {
    const [first] = (await list({ pageSize: 1 })).rows;
    const byName = await list({ q: first!.name.slice(0, 6).toUpperCase() });
    expect(byName.rows.map((r) => r.companyId)).toContain(first!.companyId);
    expect(byName.rows.every((r) => r.name.toLowerCase().includes(first!.name.slice(0, 6).toLowerCase()) || r.companyId.toLowerCase().includes(first!.name.slice(0, 6).toLowerCase()))).toBe(true);
    const byId = await list({ q: first!.companyId });
    expect(byId.rows.map((r) => r.companyId)).toContain(first!.companyId);
  });

  it('pages on the server', async () => {
    const all = await list({ sort: 'revenue', pageSize: 500 });
    const second = await list({ sort: 'revenue', pageSize: 5, page: 2 });
    expect(second.total).toBe(all.total);
    expect(second.pages).toBe(Math.ceil(all.total / 5));
    expect(second.rows.map((r) => r.companyId)).toEqual(all.rows.slice(5, 10).map((r) => r.companyId));
  });

  it('refuses a sort column it does not know', async () => {
    const res = await request(app).get('/dashboard/api/customers').query({ sort: 'password' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('request.invalid');
  });

  it("serves a company's card data, and 404 for an unknown company", async () => {
    const [first] = (await list({ pageSize: 1 })).rows;
    const res = await request(app).get(`/dashboard/api/companies/${encodeURIComponent(first!.companyId)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(json(await companyCard(portal.store, DEFAULT_MODEL_CONFIG, TENANT, first!.companyId)));
    const missing = await request(app).get('/dashboard/api/companies/no-such-company');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('company.not_found');
  });
});

describe('dashboard pages', () => {
  it('renders the pyramid table with the overview counts', async () => {
    const { report } = await portfolioOverview(portal.store, TENANT, DEFAULT_MODEL_CONFIG);
    const res = await request(app).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    for (const row of report.pyramid) {
      expect(res.text).toMatch(new RegExp(`data-level="${row.level}">[\\s\\S]*?class="companies">${row.companies.toLocaleString('en-US')}<`));
    }
  });

  it('answers an unknown company page with a 404 page', async () => {
    const res = await request(app).get('/companies/no-such-company');
    expect(res.status).toBe(404);
    expect(res.text).toContain('No results for company no-such-company');
  });

  it('serves chart.js from the server itself', async () => {
    const res = await request(app).get('/dashboard/assets/chart.umd.min.js');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Chart.js v4');
  });
});

describe('recalculating from the dashboard', () => {
  ownPortal(held.get, held.set);
  it('starts a full run and reports when it is done, after which migration shows', async () => {
    const before = (await request(app).get('/dashboard/api/runs')).body;
    const started = await request(app).post('/dashboard/api/recalculate').send({});
    expect(started.status).toBe(202);
    expect(started.body.recalculation.state).toBe('running');
    await vi.waitFor(async () => {
      const { body } = await request(app).get('/dashboard/api/runs');
      expect(body.recalculation.state).toBe('succeeded');
    });
    const after = (await request(app).get('/dashboard/api/runs')).body;
    expect(after.runs.length).toBe(before.runs.length + 1);
    expect(after.lastFullRun.id).not.toBe(before.lastFullRun.id);
    const overview = (await request(app).get('/dashboard/api/overview')).body;
    expect(overview.report.migration.moves.filter((m: { from: string | null }) => m.from !== null)).toHaveLength(300);
    expect(overview.report.retention).toEqual({ customersYearBefore: 211, retained: 178, rate: 178 / 211 });
    expect(overview).toEqual(json(await portfolioOverview(portal.store, TENANT, DEFAULT_MODEL_CONFIG)));
  });
});

describe('CRM-provided text', () => {
  ownPortal(held.get, held.set);
  it('is escaped on every page', async () => {
    const hostile = '<script>alert("x")</script> & Co';
    await portal.store.applyChanges(TENANT, {
      companies: [{ id: 'evil-1', name: hostile, ownerId: '<img src=x onerror=alert(1)>', createdAt: Date.parse('2024-01-01T00:00:00Z') }],
      deals: [{ id: 'evil-d1', companyId: 'evil-1', amount: 5000, closeDate: Date.parse('2026-06-01T00:00:00Z'), status: 'won' }],
    });
    await recomputeAll(portal.recompute, TENANT);
    for (const path of ['/', '/customers?q=evil', '/companies/evil-1']) {
      const res = await request(app).get(path);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('<script>alert');
      expect(res.text).not.toContain('<img src=x');
    }
    const page = await request(app).get('/customers?q=evil');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
  });
});
