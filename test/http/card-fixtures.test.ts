// The card's fixtures under extensions/src/app/cards/fixtures/recorded-*.json are answers of
// the real card API on the sample portal (two runs, so trends and history exist). This test
// asks the API again and holds the recorded files to the same shape, so the card is tested
// against what the backend really sends. Re-record with: UPDATE_FIXTURES=1 npx vitest run test/http/card-fixtures.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeAll } from '../../src/app/recompute.ts';
import type { CompanyResult } from '../../src/domain/results.ts';
import { AS_OF, samplePortal, TENANT, type SamplePortal } from '../support/sample-portal.ts';
import { shapeOf } from '../support/shape.ts';

const DIR = resolve(import.meta.dirname, '../../extensions/src/app/cards/fixtures');
const DAY = 86_400_000;

/** Which sample company each recording shows. */
const PICKS: Record<string, (r: CompanyResult) => boolean> = {
  'recorded-a-customer': (r) => r.segment === 'A' && r.override === null && r.contacts.length > 0,
  'recorded-d-over-served': (r) => r.segment === 'D' && r.serviceFlag === 'over_served',
  'recorded-overridden': (r) => r.override !== null,
  'recorded-under-served': (r) => r.serviceFlag === 'under_served' && r.override === null,
  'recorded-prospect': (r) => !r.isCustomer && r.pyramidLevel === 'prospect',
};

describe('recorded card API answers for the card’s tests', () => {
  let portal: SamplePortal;
  let app: ReturnType<SamplePortal['app']>;
  let results: CompanyResult[];
  beforeAll(async () => {
    portal = await samplePortal();
    // A second run a month later: the card then has a previous run and a history.
    portal.clock.now = AS_OF + 30 * DAY;
    await recomputeAll(portal.recompute, TENANT);
    app = portal.app({ mode: 'local' });
    results = await portal.store.latestResults(TENANT);
  });
  afterAll(() => portal.close());

  for (const [name, pick] of Object.entries(PICKS)) {
    it(`${name}.json has the shape the API answers`, async () => {
      const company = results.find(pick);
      expect(company, `the sample portal has a company for ${name}`).toBeDefined();
      const res = await request(app).get(`/api/companies/${company!.companyId}`);
      expect(res.status).toBe(200);
      expect(res.body.history).toHaveLength(2);
      expect(JSON.stringify(res.body).length).toBeLessThan(20_000);
      const file = resolve(DIR, `${name}.json`);
      if (process.env.UPDATE_FIXTURES === '1' || !existsSync(file)) writeFileSync(file, `${JSON.stringify(res.body, null, 2)}\n`);
      const recorded = JSON.parse(readFileSync(file, 'utf8')) as { result: CompanyResult };
      expect(shapeOf(recorded)).toEqual(shapeOf(res.body));
      expect(pick(recorded.result)).toBe(true);
    });
  }
});
