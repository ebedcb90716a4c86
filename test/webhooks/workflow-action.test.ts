// The workflow action "Recalculate customer value" against the HubSpot simulator and a real
// store: SUCCESS with the figures, FAIL_CONTINUE with a reason, BLOCK then a completed callback.
import express from 'express';
import nock from 'nock';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HUBSPOT_PATHS } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';
import { createHubSpotActionCallbacks } from '../../src/adapters/crm/hubspot/inbound/hubspot.action-callbacks.ts';
import { createHubSpotClient } from '../../src/adapters/crm/hubspot/client/hubspot.client.ts';
import { refreshCompany } from '../../src/app/refresh-companies.ts';
import { createWorkflowActions, outputsOf, type WorkflowActions } from '../../src/app/workflow-action.ts';
import { ACTION_PATH, hubspotActionRoutes } from '../../src/http/actions/hubspot-recalculate.route.ts';
import { AS_OF, changeDealAmount, hubspotRig, plainPortfolio, written, type HubSpotRig } from './hubspot-rig.ts';
import { PUBLIC_URL, recordingLogger, SECRET, v1Headers, v2Headers, v3Headers } from './signing.ts';

const CALLBACK_HOST = 'https://callbacks.hubspot.test';
const URL = `${PUBLIC_URL}${ACTION_PATH}`;

describe('POST /actions/hubspot/recalculate', () => {
  let rig: HubSpotRig;
  let actions: WorkflowActions;
  let portalId: number;
  let connected: boolean;
  const log = recordingLogger();

  async function app(budgetMs = 3_000) {
    const callbackClient = createHubSpotClient({ accessToken: 'portal-token', baseUrl: CALLBACK_HOST, backoffMs: 10 });
    actions = createWorkflowActions({
      recalculate: (tenant, companyId) => refreshCompany(rig.recompute, tenant, rig.crm, companyId),
      callbacks: createHubSpotActionCallbacks({ clientFor: (tenant) => (tenant === rig.tenant ? callbackClient : null) }),
      budgetMs,
      now: () => AS_OF,
      log,
    });
    return express().use(hubspotActionRoutes({ clientSecret: SECRET, publicUrl: PUBLIC_URL, isConnected: (t) => connected && t === rig.tenant, actions, log }));
  }

  const execution = (companyId: string | number, callbackId = 'ap-4242-1-1', objectType = 'COMPANY') =>
    JSON.stringify({
      callbackId,
      origin: { portalId, actionDefinitionId: 10860211, actionDefinitionVersion: 1 },
      context: { source: 'WORKFLOWS', workflowId: 192814114 },
      object: { objectId: Number(companyId), objectType },
      inputFields: {},
    });

  beforeEach(async () => {
    rig = await hubspotRig(plainPortfolio(5));
    portalId = rig.hub.simulator.portal.hubId;
    connected = true;
  });
  afterEach(async () => {
    await actions?.drain();
    nock.cleanAll();
    await rig.close();
  });

  it('recalculates the enrolled company and answers its figures with SUCCESS (v2 signature)', async () => {
    changeDealAmount(rig, '10010', 60_000);
    const body = execution(1001);
    const res = await request(await app()).post(ACTION_PATH).set(v2Headers(URL, body)).send(body);
    expect(res.status).toBe(200);
    const result = await rig.store.latestResult(rig.tenant, '1001');
    expect(res.body).toEqual({ outputFields: outputsOf(result!, AS_OF) });
    expect(res.body.outputFields).toMatchObject({ hs_execution_state: 'SUCCESS', segment: expect.stringMatching(/^[ABCD]$/), next_contact_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(typeof res.body.outputFields.total_value).toBe('number');
    expect(res.body.outputFields.net_contribution).toBe(Number(written(rig, '1001').kw_net_contribution_12m));
    expect(written(rig, '1001').kw_revenue_12m).toBe('61100.00');
  });

  it('accepts the v3 signature too, and refuses a bad one', async () => {
    const body = execution(1002);
    const server = await app();
    expect((await request(server).post(ACTION_PATH).set(v3Headers(URL, body)).send(body)).body.outputFields.hs_execution_state).toBe('SUCCESS');
    const refused = await request(server).post(ACTION_PATH).set(v2Headers(URL, body.replace('1002', '1003'))).send(body);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('webhook.bad_signature');
  });

  it('refuses v1, and serves a request once: a v3 signature and timestamp once, a v2-signed execution once it was answered', async () => {
    const server = await app();
    const v1Body = execution(1002, 'ap-4242-2-0');
    const v1 = await request(server).post(ACTION_PATH).set(v1Headers(v1Body)).send(v1Body);
    expect(v1.status).toBe(401);
    expect(v1.body.error.code).toBe('webhook.bad_signature');

    const v3Body = execution(1002, 'ap-4242-2-1');
    const v3 = v3Headers(URL, v3Body);
    expect((await request(server).post(ACTION_PATH).set(v3).send(v3Body)).status).toBe(200);
    const v3Again = await request(server).post(ACTION_PATH).set(v3).send(v3Body);
    expect(v3Again.status).toBe(401);
    expect(v3Again.body.error.code).toBe('webhook.replayed');

    // v2 has no timestamp: the execution's callbackId is what is remembered, once it was answered.
    const v2Body = execution(1002, 'ap-4242-2-2');
    connected = false;
    expect((await request(server).post(ACTION_PATH).set(v2Headers(URL, v2Body)).send(v2Body)).status).toBe(403);
    connected = true;
    expect((await request(server).post(ACTION_PATH).set(v2Headers(URL, v2Body)).send(v2Body)).body.outputFields.hs_execution_state).toBe('SUCCESS');
    const v2Again = await request(server).post(ACTION_PATH).set(v2Headers(URL, v2Body)).send(v2Body);
    expect(v2Again.status).toBe(401);
    expect(v2Again.body.error.code).toBe('webhook.replayed');
  });

  it('answers FAIL_CONTINUE with a readable reason when the company is gone', async () => {
    const body = execution(9999);
    const res = await request(await app()).post(ACTION_PATH).set(v2Headers(URL, body)).send(body);
    expect(res.status).toBe(200);
    expect(res.body.outputFields).toEqual({
      hs_execution_state: 'FAIL_CONTINUE',
      errorCode: 'company.not_found',
      errorMessage: 'Company 9999 is not known in the CRM (deleted, or merged into another).',
    });
  });

  it('answers BLOCK when the work takes longer than the budget, then completes it through the callback', async () => {
    changeDealAmount(rig, '10030', 33_000);
    // The first read fails once: the client's backoff keeps the work well past the budget.
    rig.hub.simulator.failNext(1, 503, new RegExp(`${HUBSPOT_PATHS.batchRead('companies')}$`));
    let completed: Record<string, unknown> | null = null;
    const callback = nock(CALLBACK_HOST, { reqheaders: { authorization: 'Bearer portal-token' } })
      .post(HUBSPOT_PATHS.actionCallbackComplete('ap-4242-9-1'), (b: Record<string, unknown>) => {
        completed = b;
        return true;
      })
      .reply(204);
    const body = execution(1003, 'ap-4242-9-1');
    const res = await request(await app(50)).post(ACTION_PATH).set(v2Headers(URL, body)).send(body);
    expect(res.body).toEqual({ outputFields: { hs_execution_state: 'BLOCK', hs_expiration_duration: 'P1D' } });
    await actions.drain();
    expect(callback.isDone()).toBe(true);
    const result = await rig.store.latestResult(rig.tenant, '1003');
    expect(completed).toEqual({ outputFields: outputsOf(result!, AS_OF) });
    expect(written(rig, '1003').kw_revenue_12m).toBe('36100.00');
  });

  it('completes a blocked execution with FAIL_CONTINUE when the work then fails', async () => {
    rig.hub.simulator.failNext(3, 503, new RegExp(`${HUBSPOT_PATHS.batchRead('companies')}$`));
    let completed: { outputFields?: Record<string, unknown> } = {};
    nock(CALLBACK_HOST)
      .post(HUBSPOT_PATHS.actionCallbackComplete('ap-4242-9-2'), (b: typeof completed) => {
        completed = b;
        return true;
      })
      .reply(204);
    const body = execution(1004, 'ap-4242-9-2');
    const res = await request(await app(50)).post(ACTION_PATH).set(v2Headers(URL, body)).send(body);
    expect(res.body.outputFields.hs_execution_state).toBe('BLOCK');
    await actions.drain();
    expect(completed.outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'crm.unavailable' });
    expect(String(completed.outputFields?.errorMessage)).toContain('503');
  });

  it('refuses a malformed request, and answers FAIL_CONTINUE for an object that is not a company', async () => {
    const server = await app();
    const broken = JSON.stringify({ origin: { portalId } });
    const res = await request(server).post(ACTION_PATH).set(v2Headers(URL, broken)).send(broken);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('request.invalid');
    const contact = execution(1001, 'ap-x', 'CONTACT');
    const answer = await request(server).post(ACTION_PATH).set(v2Headers(URL, contact)).send(contact);
    expect(answer.body.outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'action.not_a_company' });
  });
});
