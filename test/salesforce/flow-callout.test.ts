// POST /actions/salesforce/recalculate: a Flow's HTTP callout with the org's shared secret in
// X-Klantwaarde-Secret (compared in constant time), answering the recalculated results.
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createCalloutSecrets, secretMatches } from '../../src/adapters/crm/salesforce/inbound/salesforce.secret.ts';
import { salesforceRecalculateRoutes } from '../../src/adapters/crm/salesforce/inbound/salesforce.routes.ts';
import { ORG_ID } from './helpers.ts';

const TENANT = `salesforce:${ORG_ID}`;

async function server() {
  const values = new Map<string, string>();
  const secrets = createCalloutSecrets({ store: { getCheckpoint: async (t, k) => values.get(`${t}|${k}`) ?? null, setCheckpoint: async (t, k, v) => void values.set(`${t}|${k}`, v) }, key: 'b'.repeat(64) });
  const secret = await secrets.rotate(TENANT);
  const calls: [string, string[]][] = [];
  const app = express();
  app.use(
    salesforceRecalculateRoutes({
      secretFor: secrets.secretFor,
      recalculate: async (tenant, accountIds) => {
        calls.push([tenant, accountIds]);
        return accountIds.map((id) => ({ company_id: id, segment: 'B' }));
      },
    }),
  );
  return { app, secret, calls, values };
}

const body = { orgId: ORG_ID.slice(0, 15), accountIds: ['001Aj00000Qx1aB', '001Aj00000Qx1aBIAR', '001Aj00000Qx1aCIAR'] };

describe('Salesforce Flow callout', () => {
  it('recalculates the accounts of an org that sends its secret, and answers the results', async () => {
    const { app, secret, calls } = await server();
    const response = await request(app).post('/actions/salesforce/recalculate').set('X-Klantwaarde-Secret', secret).send(body);
    expect(response.status).toBe(200);
    expect(calls).toEqual([[TENANT, ['001Aj00000Qx1aBIAR', '001Aj00000Qx1aCIAR']]]);
    expect(response.body).toEqual({ results: [{ company_id: '001Aj00000Qx1aBIAR', segment: 'B' }, { company_id: '001Aj00000Qx1aCIAR', segment: 'B' }] });
  });

  it('refuses a wrong or missing secret, and an org that has none', async () => {
    const { app, secret, calls } = await server();
    const wrong = await request(app).post('/actions/salesforce/recalculate').set('X-Klantwaarde-Secret', `${secret}x`).send(body);
    const missing = await request(app).post('/actions/salesforce/recalculate').send(body);
    const otherOrg = await request(app).post('/actions/salesforce/recalculate').set('X-Klantwaarde-Secret', secret).send({ ...body, orgId: '00DXX000000ZzZz' });
    expect([wrong.status, missing.status, otherOrg.status]).toEqual([401, 401, 401]);
    expect(wrong.body.error.code).toBe('auth.bad_secret');
    expect(calls).toEqual([]);
  });

  it('refuses a body without an org id or with ids that are not Salesforce ids', async () => {
    const { app, secret } = await server();
    const noOrg = await request(app).post('/actions/salesforce/recalculate').set('X-Klantwaarde-Secret', secret).send({ accountIds: body.accountIds });
    const badIds = await request(app).post('/actions/salesforce/recalculate').set('X-Klantwaarde-Secret', secret).send({ orgId: ORG_ID, accountIds: ["1' OR '1"] });
    const none = await request(app).post('/actions/salesforce/recalculate').set('X-Klantwaarde-Secret', secret).send({ orgId: ORG_ID, accountIds: [] });
    expect([noOrg.status, badIds.status, none.status]).toEqual([400, 400, 400]);
  });

  it('compares secrets whatever their length, and never matches an empty one', () => {
    expect(secretMatches('s3cret', 's3cret')).toBe(true);
    expect(secretMatches('s3cre', 's3cret')).toBe(false);
    expect(secretMatches('', '')).toBe(false);
    expect(secretMatches(undefined, 's3cret')).toBe(false);
  });

  it('keeps the secret sealed in the store', async () => {
    const { secret, values } = await server();
    expect([...values.values()].join()).not.toContain(secret);
  });
});
