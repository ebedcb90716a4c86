// Owners by name: the dashboard's list, overview and company page, the card API and
// `report` show "First Last" for owners the CRM named, and the id for the others.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portfolioOverview } from '../../src/app/portfolio-overview.ts';
import { describeOverview } from '../../src/cli/commands/report.command.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import type { CustomerRow } from '../../src/http/dashboard/customer-list.ts';
import { samplePortal, TENANT, type SamplePortal } from '../support/sample-portal.ts';

let portal: SamplePortal;
let app: ReturnType<SamplePortal['app']>;

beforeAll(async () => {
  portal = await samplePortal();
  // What a full pull brings: owner-1 named, owner-2 known without a name, the others unknown.
  await portal.store.applyChanges(TENANT, { owners: [{ id: 'owner-1', firstName: 'Anouk', lastName: 'de Vries', email: 'anouk@example.com' }, { id: 'owner-2' }] });
  app = portal.app({ mode: 'local' });
});
afterAll(async () => {
  await portal?.close();
});

describe('owners by name', () => {
  it('lists customers with their owner by name, sortable and filterable by owner', async () => {
    const res = await request(app).get('/dashboard/api/customers').query({ pageSize: 500, sort: 'ownerId' });
    const rows = res.body.rows as CustomerRow[];
    expect(rows.find((r) => r.ownerId === 'owner-1')!.owner).toBe('Anouk de Vries');
    expect(rows.find((r) => r.ownerId === 'owner-2')!.owner).toBe('owner-2');
    expect(rows[0]!.owner).toBe('Anouk de Vries');
    expect(res.body.ownerNames).toEqual({ 'owner-1': 'Anouk de Vries' });
    const page = await request(app).get('/customers').query({ owner: 'owner-1' });
    expect(page.text).toContain('<option value="owner-1" selected>Anouk de Vries</option>');
    expect(page.text).toMatch(/<td class="">Anouk de Vries<\/td>/);
  });

  it('names owners in the overview\'s contact discipline and in `report`', async () => {
    const overview = await portfolioOverview(portal.store, TENANT, DEFAULT_MODEL_CONFIG);
    expect(overview.report.owners.some((o) => o.ownerId === 'owner-1')).toBe(true);
    const page = await request(app).get('/');
    expect(page.text).toContain('>Anouk de Vries</a></th>');
    expect(page.text).toContain('>owner-3</a></th>');
    const text = [...describeOverview(overview)].join('');
    expect(text).toMatch(/^Anouk de Vries\s/m);
    expect(text).toMatch(/^owner-3\s/m);
    expect(text).not.toMatch(/^owner-1\s/m);
  });

  it('shows the company\'s owner by name on its page and in the card API answer', async () => {
    const named = (await request(app).get('/dashboard/api/customers').query({ owner: 'owner-1', pageSize: 1 })).body.rows[0] as CustomerRow;
    const other = (await request(app).get('/dashboard/api/customers').query({ owner: 'owner-4', pageSize: 1 })).body.rows[0] as CustomerRow;
    expect((await request(app).get(`/companies/${named.companyId}`)).text).toContain('<span id="company-owner">owner Anouk de Vries</span>');
    expect((await request(app).get(`/api/companies/${named.companyId}`)).body.owner).toEqual({ id: 'owner-1', name: 'Anouk de Vries' });
    expect((await request(app).get(`/api/companies/${other.companyId}`)).body.owner).toEqual({ id: 'owner-4', name: null });
  });
});
