// Reading many records: list paging (paging.next.after), association paging per record, and
// search past HubSpot's 10,000-results-per-query cap by re-anchoring each query.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { guardNock } from '../support/nock-guard.ts';
import { HUBSPOT_PATHS } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';
import { CompanyOwnership, readAssociations } from '../../src/adapters/crm/hubspot/read/hubspot.associations.ts';
import { listArchived } from '../../src/adapters/crm/hubspot/read/hubspot.batch.ts';
import { searchModified } from '../../src/adapters/crm/hubspot/read/hubspot.search.ts';
import { BASE, fixture, json, testClient } from './helpers.ts';

guardNock();

interface Filter {
  propertyName: string;
  operator: string;
  value: string;
}

/** A search endpoint over `records` that behaves like HubSpot's: ≤ 200 per page, 400 past 10,000. */
function fakeSearch(records: { id: string; modifiedAt: number }[]) {
  const requests: Record<string, unknown>[] = [];
  nock(BASE)
    .persist()
    .post(HUBSPOT_PATHS.search('deals'))
    .reply(async (request: Request) => {
      const body = (await request.json()) as Record<string, unknown>;
      requests.push(body);
      const limit = Number(body.limit);
      const after = Number(body.after ?? 0);
      if (limit > 200 || after + limit > 10_000) return [400, { status: 'error', category: 'VALIDATION_ERROR', message: 'Cannot page past 10000 results.' }];
      const filters = ((body.filterGroups as { filters: Filter[] }[])[0]?.filters ?? []) as Filter[];
      const value = (r: { id: string; modifiedAt: number }, name: string) => (name === 'hs_object_id' ? Number(r.id) : r.modifiedAt);
      const keep = (r: { id: string; modifiedAt: number }) =>
        filters.every((f) => {
          const v = value(r, f.propertyName);
          const w = Number(f.value);
          return f.operator === 'GTE' ? v >= w : f.operator === 'GT' ? v > w : f.operator === 'EQ' ? v === w : false;
        });
      const sortBy = (body.sorts as { propertyName: string }[])[0]!.propertyName;
      const matching = records.filter(keep).sort((a, b) => value(a, sortBy) - value(b, sortBy) || Number(a.id) - Number(b.id));
      const page = matching.slice(after, after + limit);
      return [
        200,
        {
          total: matching.length,
          results: page.map((r) => ({ id: r.id, properties: { hs_object_id: r.id, hs_lastmodifieddate: new Date(r.modifiedAt).toISOString() }, archived: false })),
          ...(matching.length > after + limit ? { paging: { next: { after: String(after + limit) } } } : {}),
        },
      ];
    });
  return requests;
}

async function readAll(since: number | null = null) {
  const { client } = testClient({ searchRateLimit: 1000, rateLimit: 1000 });
  const ids: string[] = [];
  const marks: (number | null)[] = [];
  for await (const batch of searchModified(client, { objectType: 'deals', properties: ['amount'], since })) {
    ids.push(...batch.objects.map((o) => o.id));
    marks.push(batch.watermark);
  }
  return { ids, marks };
}

describe('reading many records', () => {
  it('pages through the archived list with paging.next.after and keeps those archived since', async () => {
    nock(BASE)
      .get(HUBSPOT_PATHS.list('companies'))
      .query({ archived: 'true', limit: '100', properties: 'hs_object_id' })
      .reply(200, fixture('archived-companies-page-1.json'))
      .get(HUBSPOT_PATHS.list('companies'))
      .query({ archived: 'true', limit: '100', properties: 'hs_object_id', after: 'MTAw' })
      .reply(200, fixture('archived-companies-page-2.json'));
    const { client } = testClient();
    expect(await listArchived(client, 'companies', Date.parse('2026-09-01T00:00:00Z'))).toEqual(['7001', '7003']);
  });

  it("follows one record's association paging and picks a deal's primary company", async () => {
    const bodies: unknown[] = [];
    nock(BASE)
      .post(HUBSPOT_PATHS.associationsBatchRead('companies', 'deals'), (b) => bodies.push(b) > 0)
      .reply(207, fixture('associations-companies-deals.json'))
      .post(HUBSPOT_PATHS.associationsBatchRead('companies', 'deals'), (b) => bodies.push(b) > 0)
      .reply(200, fixture('associations-companies-deals-page-2.json'));
    const { client } = testClient();
    const links = await readAssociations(client, 'companies', 'deals', ['5001', '5002']);
    expect(links.get('5001')!.map((d) => d.id)).toEqual(['9001', '9002', '9003']);
    expect(links.has('5002')).toBe(false);
    expect(json(bodies[1])).toEqual({ inputs: [{ id: '5001', after: 'MjAw' }] });
    const owners = new CompanyOwnership().addFromCompanies(links);
    owners.add('9001', '4000', [{ category: 'HUBSPOT_DEFINED', typeId: 342, label: null }]);
    expect(owners.companyOf('9001')).toBe('5001');
  });

  it('reads more than 10,000 matches without ever paging past the search cap', async () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const records = Array.from({ length: 10_450 }, (_, i) => ({ id: String(100_000 + i), modifiedAt: start + Math.floor(i / 3) }));
    const requests = fakeSearch(records);
    const { ids, marks } = await readAll();
    expect(ids).toHaveLength(10_450);
    expect(new Set(ids).size).toBe(10_450);
    expect(requests.every((r) => r.after === undefined && r.limit === 200)).toBe(true);
    expect(requests.length).toBeLessThanOrEqual(Math.ceil(10_450 / 197) + 1);
    expect(marks.at(-1)).toBe(records.at(-1)!.modifiedAt);
  });

  it('walks a millisecond that more than a page of records share, by id', async () => {
    const bulk = Date.parse('2026-03-01T00:00:00Z');
    const records = [
      { id: '1', modifiedAt: bulk - 5 },
      ...Array.from({ length: 450 }, (_, i) => ({ id: String(1000 + i), modifiedAt: bulk })),
      ...Array.from({ length: 10 }, (_, i) => ({ id: String(5000 + i), modifiedAt: bulk + 1 + i })),
    ];
    const requests = fakeSearch(records);
    const { ids } = await readAll();
    expect([...ids].sort()).toEqual(records.map((r) => r.id).sort());
    expect(requests.some((r) => JSON.stringify(r).includes('"hs_object_id"'))).toBe(true);
  });

  it('reads from the checkpoint on, the checkpoint included', async () => {
    const start = Date.parse('2026-05-01T00:00:00Z');
    fakeSearch(Array.from({ length: 30 }, (_, i) => ({ id: String(i + 1), modifiedAt: start + i * 1000 })));
    const { ids } = await readAll(start + 20_000);
    expect(ids).toEqual(['21', '22', '23', '24', '25', '26', '27', '28', '29', '30']);
  });
});
