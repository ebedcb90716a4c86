// The server as `npm start` runs it (startServer: runtime, worker thread, queue, routes) against
// the Salesforce simulator. An Outbound Message about a changed opportunity makes the worker read
// the opportunity again, recompute its account and write the KW_ fields back — the message's own
// values are never used. Also: a stranger org refused, two notifications in one message, repeats
// dropped, the Flow callout, and an org connected through OAuth (tokens renewed after a 401).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantOfOrg, toId18 } from '../../src/adapters/crm/salesforce/client/salesforce.ids.ts';
import { outboundMessageToken } from '../../src/adapters/crm/salesforce/inbound/salesforce.secret.ts';
import type { Portfolio } from '../../src/domain/records.ts';
import { startServer, type RunningServer } from '../../src/main.ts';
import { cli } from '../cli/cli-support.ts';
import { SIMULATED_APP, seedPortfolio, startSalesforceSimulator, type SalesforceSimulator } from '../support/salesforce-simulator/index.ts';
import { text } from './helpers.ts';

const DAY = 86_400_000;
const NOW = Date.now();
/** 18-character ids as Salesforce's API answers them: 001 accounts, 006 opportunities, 00T tasks. */
const sfId = (prefix: string, n: number) => toId18(`${prefix}Aj00000Kw${String(n).padStart(3, '0')}`);
const account = (n: number) => sfId('001', n);
const opportunity = (n: number) => sfId('006', n);

/** Accounts 1 to 4 (and 5, 6 when asked), each with one won opportunity of its own number. */
function portfolio(accounts = 4): Portfolio {
  const won = (n: number, accountNo: number, amount: number) => ({ id: opportunity(n), companyId: account(accountNo), amount, closeDate: NOW - 30 * DAY, status: 'won' as const });
  const amounts = [10_000, 20_000, 5_000, 40_000, 7_000, 9_000].slice(0, accounts);
  return {
    companies: amounts.map((_, i) => ({ id: account(i + 1), name: `Account ${i + 1}`, createdAt: NOW - 900 * DAY })),
    deals: amounts.map((amount, i) => won(i + 1, i + 1, amount)),
    activities: [{ id: sfId('00T', 1), companyId: account(4), type: 'call', occurredAt: NOW - 10 * DAY, durationMinutes: 20 }],
    relations: [],
    overrides: [],
  };
}

/** An Outbound Message as Salesforce sends it: the org, and per notification its id and the sObject (with fields we must not trust). */
function outboundMessage(orgId: string, notifications: { id: string; type: string; recordId: string; amount?: number }[]): string {
  const items = notifications
    .map(
      (n) =>
        `<Notification><Id>${n.id}</Id><sObject xsi:type="sf:${n.type}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>${n.recordId}</sf:Id>${n.amount === undefined ? '' : `<sf:Amount>${n.amount}</sf:Amount>`}</sObject></Notification>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>${orgId}</OrganizationId><ActionId>04kAj000000Xy1zIAC</ActionId><SessionId xsi:nil="true"/><EnterpriseUrl>https://acme.my.salesforce.com/services/Soap/c/62.0/${orgId.slice(0, 15)}</EnterpriseUrl><PartnerUrl>https://acme.my.salesforce.com/services/Soap/u/62.0/${orgId.slice(0, 15)}</PartnerUrl>${items}</notifications></soapenv:Body></soapenv:Envelope>`;
}

const notificationId = (n: number) => toId18(`04lAj00000Kw${String(n).padStart(3, '0')}`);
const ACK = '<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse>';

/** A counter of /metrics (0 when it has not counted yet). */
async function metric(url: string, name: string): Promise<number> {
  const text = (await request(url).get('/metrics')).text;
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

/** Waits (polling, no fixed sleep) until the condition holds or about 20 s have passed; answers whether it held. */
async function eventually(condition: () => boolean | Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function configFile(dir: string): string {
  // No scheduled run during the test: only the webhook work may change the fields.
  const path = join(dir, 'klantwaarde.config.yaml');
  writeFileSync(path, "schedule:\n  full: '0 3 1 1 *'\n  incremental: '0 4 1 1 *'\n");
  return path;
}

// Each test works on accounts of its own, so they pass in any order (npx vitest --sequence.shuffle).
describe('Salesforce outbound messages and Flow callouts on the running server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-sf-server-'));
  const CALLOUT_SECRET = 'callout-secret-for-the-named-credential';
  // The Outbound Messages' endpoint URL, as `setup salesforce` prints it.
  const ENDPOINT = `/webhooks/salesforce/${outboundMessageToken(CALLOUT_SECRET)}`;
  let sim: SalesforceSimulator;
  let server: RunningServer;
  const revenue = (n: number) => sim.org.tables.get('Account')!.get(account(n))?.KW_Revenue_12m__c;

  beforeAll(async () => {
    sim = await startSalesforceSimulator();
    seedPortfolio(sim.org, portfolio(6));
    const env = {
      SALESFORCE_ACCESS_TOKEN: 'simulated-token',
      SALESFORCE_INSTANCE_URL: sim.url,
      SALESFORCE_LOGIN_URL: sim.url,
      SALESFORCE_CALLOUT_SECRET: CALLOUT_SECRET,
      KLANTWAARDE_DATA_DIR: join(dir, 'data'),
      KLANTWAARDE_CONFIG: configFile(dir),
      LOG_LEVEL: 'silent',
    };
    const setup = await cli(['setup', 'salesforce'], env, dir);
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain(`Outbound Message endpoint URL: https://<your host>${ENDPOINT}\n`);
    for (const args of [['sync'], ['recalc']]) expect((await cli(args, env, dir)).code).toBe(0);
    expect([1, 2, 3, 4, 5, 6].map(revenue)).toEqual([10_000, 20_000, 5_000, 40_000, 7_000, 9_000]);
    server = await startServer({ io: { env, cwd: dir }, port: 0 });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('updates the account of a changed opportunity, read again from Salesforce, not from the message', async () => {
    sim.org.update('Opportunity', opportunity(1), { Amount: 12_500 });
    // The message claims another amount: only the record id counts.
    const res = await request(server.url).post(ENDPOINT).set('Content-Type', 'text/xml; charset=utf-8').send(outboundMessage(sim.org.orgId, [{ id: notificationId(1), type: 'Opportunity', recordId: opportunity(1), amount: 1 }]));
    expect(res.status).toBe(200);
    expect(res.text).toContain(ACK);
    expect(await eventually(() => revenue(1) === 12_500)).toBe(true);
    expect(sim.org.tables.get('Account')!.get(account(1))?.KW_Total_Value__c).toEqual(expect.any(Number));
  });

  it('refuses a message from an org that is not connected, and one without the org’s token', async () => {
    const unverified = () => metric(server.url, 'klantwaarde_webhook_requests_rejected_total{source="salesforce",reason="webhook.unverified"}');
    const before = await unverified();
    const res = await request(server.url).post(ENDPOINT).set('Content-Type', 'text/xml; charset=utf-8').send(text('outbound-message-wrong-org.xml'));
    expect(res.status).toBe(401);
    expect(res.text).toContain('<faultcode>soapenv:Client</faultcode>');
    const forged = await request(server.url).post('/webhooks/salesforce').set('Content-Type', 'text/xml; charset=utf-8').send(outboundMessage(sim.org.orgId, [{ id: notificationId(9), type: 'Opportunity', recordId: opportunity(1) }]));
    expect(forged.status).toBe(401);
    expect(await unverified()).toBe(before + 2);
  });

  it('processes both notifications of one message: a changed and a new opportunity', async () => {
    sim.org.update('Opportunity', opportunity(2), { Amount: 21_000 });
    sim.org.insert('Opportunity', { Id: opportunity(50), AccountId: account(3), Name: 'New order', Amount: 3_000, CloseDate: new Date(NOW - 2 * DAY).toISOString().slice(0, 10), StageName: 'Closed Won', IsWon: true, IsClosed: true });
    const res = await request(server.url)
      .post(ENDPOINT)
      .set('Content-Type', 'text/xml; charset=utf-8')
      .send(outboundMessage(sim.org.orgId, [
        { id: notificationId(2), type: 'Opportunity', recordId: opportunity(2) },
        { id: notificationId(3), type: 'Opportunity', recordId: opportunity(50) },
      ]));
    expect(res.status).toBe(200);
    expect(await eventually(() => revenue(2) === 21_000 && revenue(3) === 8_000)).toBe(true);
  });

  it('drops a notification delivered again, and a repeat within one message', async () => {
    const duplicates = () => metric(server.url, 'klantwaarde_webhook_events_duplicate_total{source="salesforce"}');
    const received = () => metric(server.url, 'klantwaarde_webhook_events_received_total{source="salesforce"}');
    const [duplicatesBefore, receivedBefore] = [await duplicates(), await received()];
    const send = (...notifications: { id: string; type: string; recordId: string }[]) =>
      request(server.url).post(ENDPOINT).set('Content-Type', 'text/xml; charset=utf-8').send(outboundMessage(sim.org.orgId, notifications));
    const first = { id: notificationId(40), type: 'Opportunity', recordId: opportunity(4) };
    sim.org.update('Opportunity', opportunity(4), { Amount: 41_000 });
    expect((await send(first)).status).toBe(200);
    expect(await eventually(() => revenue(4) === 41_000)).toBe(true);
    // Salesforce sends notification 40 again (it missed our Ack): by now the opportunity changed once more,
    // but the notification was handled; only a new notification brings the new amount in.
    sim.org.update('Opportunity', opportunity(4), { Amount: 99_999 });
    const again = await send(first);
    expect(again.status).toBe(200);
    expect(again.text).toContain(ACK);
    sim.org.update('Opportunity', opportunity(5), { Amount: 7_500 });
    const twice = { id: notificationId(41), type: 'Opportunity', recordId: opportunity(5) };
    expect((await send(twice, twice)).status).toBe(200);
    // The later notification is through: had the repeat been queued (before it), it would be through too.
    expect(await eventually(() => revenue(5) === 7_500)).toBe(true);
    expect(revenue(4)).toBe(41_000);
    expect(await duplicates()).toBe(duplicatesBefore + 2);
    // Received counts the new ones: 40 once, 41 once.
    expect(await received()).toBe(receivedBefore + 2);
  });

  it('answers a Flow callout with the accounts\' fresh results, and refuses a wrong secret', async () => {
    // No notification: the callout reads the account fresh.
    sim.org.update('Opportunity', opportunity(6), { Amount: 9_900 });
    const body = { orgId: sim.org.orgId, accountIds: [account(6), sfId('001', 99)] };
    const refused = await request(server.url).post('/actions/salesforce/recalculate').set('X-Klantwaarde-Secret', 'not-the-secret').send(body);
    expect(refused.status).toBe(401);
    const res = await request(server.url).post('/actions/salesforce/recalculate').set('X-Klantwaarde-Secret', CALLOUT_SECRET).send(body);
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ company_id: account(6), revenue_12m: 9_900, written: true });
    expect(res.body.results[0].segment).toMatch(/^[ABCD]$/);
    expect(res.body.results[1]).toEqual({ company_id: sfId('001', 99), error: { code: 'company.not_found', message: expect.stringContaining('not known') } });
    expect(revenue(6)).toBe(9_900);
  });
});

describe('Salesforce orgs connected through OAuth', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-sf-oauth-'));
  let sim: SalesforceSimulator;
  let server: RunningServer;
  let tenant: string;
  const accounts = () => [...sim.org.tables.get('Account')!.values()];

  beforeAll(async () => {
    sim = await startSalesforceSimulator();
    seedPortfolio(sim.org, portfolio());
    tenant = tenantOfOrg(sim.org.orgId);
    const env = {
      SALESFORCE_AUTH_FLOW: 'oauth',
      SALESFORCE_CLIENT_ID: SIMULATED_APP.clientId,
      SALESFORCE_CLIENT_SECRET: SIMULATED_APP.clientSecret,
      SALESFORCE_LOGIN_URL: sim.url,
      TOKEN_ENCRYPTION_KEY: 'c'.repeat(64),
      PUBLIC_URL: 'https://klantwaarde.example.com',
      KLANTWAARDE_DATA_DIR: join(dir, 'data'),
      KLANTWAARDE_CONFIG: configFile(dir),
      LOG_LEVEL: 'silent',
    };
    server = await startServer({ io: { env, cwd: dir }, port: 0 });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects an org (consent with state and PKCE, tokens sealed in the store, setup and the first full run), then renews its session after a 401', async () => {
    expect(await server.runtime.tenants()).toEqual([]);
    // Before it connects, the org's messages are refused.
    const early = await request(server.url).post('/webhooks/salesforce').set('Content-Type', 'text/xml; charset=utf-8').send(outboundMessage(sim.org.orgId, [{ id: notificationId(20), type: 'Account', recordId: account(1) }]));
    expect(early.status).toBe(401);

    const agent = request.agent(server.url);
    const start = await agent.get('/oauth/salesforce/connect');
    expect(start.status).toBe(302);
    const consent = new URL(start.headers.location!);
    expect(`${consent.origin}${consent.pathname}`).toBe(`${sim.url}/services/oauth2/authorize`);
    expect(Object.fromEntries(consent.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: SIMULATED_APP.clientId,
      redirect_uri: 'https://klantwaarde.example.com/oauth/salesforce/callback',
      code_challenge_method: 'S256',
      scope: 'api refresh_token',
    });
    // The admin approves; Salesforce sends them back with a code.
    sim.org.codes.add('aPrxCode1');
    const done = await agent.get(`/oauth/salesforce/callback?code=aPrxCode1&state=${consent.searchParams.get('state')}`);
    expect(done.status).toBe(200);
    expect(done.text).toContain(`connected to ${tenant}`);
    const secret = /Named Credential \(it is shown once\): ([A-Za-z0-9_-]+)/.exec(done.text)?.[1];
    expect(secret).toBeDefined();
    const endpoint = /endpoint URL to https:\/\/klantwaarde\.example\.com(\/webhooks\/salesforce\/[A-Za-z0-9_-]+)/.exec(done.text)?.[1] ?? '';
    expect(endpoint).toBe(`/webhooks/salesforce/${outboundMessageToken(secret!)}`);

    expect(await server.runtime.tenants()).toEqual([tenant]);
    // Sealed: the store holds no token in clear.
    const sealed = await server.runtime.store.getCheckpoint(tenant, 'oauth.salesforce');
    expect(sealed).not.toBeNull();
    expect(sealed).not.toContain('!AQ');
    // The KW_ fields were created and the first full run filled them on every account.
    expect(await eventually(() => accounts().every((a) => typeof a.KW_Calculated_At__c === 'string'))).toBe(true);
    expect(sim.org.customFields.has('Account.KW_Segment__c')).toBe(true);
    expect(sim.org.readMetadata('PermissionSet', 'Klantwaarde_Integration')).toBeDefined();
    expect(accounts().map((a) => a.KW_Revenue_12m__c).sort((a, b) => Number(a) - Number(b))).toEqual([5_000, 10_000, 20_000, 40_000]);

    // The Flow callout answers with the secret shown once.
    const callout = await request(server.url).post('/actions/salesforce/recalculate').set('X-Klantwaarde-Secret', secret!).send({ orgId: sim.org.orgId, accountIds: [account(2)] });
    expect(callout.status).toBe(200);
    expect(callout.body.results[0]).toMatchObject({ company_id: account(2), revenue_12m: 20_000 });

    // Its session expires: the refresh token renews it, and its messages are still handled.
    sim.expireSessions();
    sim.org.update('Opportunity', opportunity(3), { Amount: 6_500 });
    const res = await request(server.url).post(endpoint).set('Content-Type', 'text/xml; charset=utf-8').send(outboundMessage(sim.org.orgId, [{ id: notificationId(21), type: 'Opportunity', recordId: opportunity(3) }]));
    expect(res.status).toBe(200);
    expect(await eventually(() => sim.org.tables.get('Account')!.get(account(3))?.KW_Revenue_12m__c === 6_500)).toBe(true);
  });

  it('refuses a callback whose state was not issued, and a declined consent', async () => {
    const forged = await request(server.url).get('/oauth/salesforce/callback?code=x&state=forged');
    expect(forged.status).toBe(400);
    const declined = await request(server.url).get('/oauth/salesforce/callback?error=access_denied&error_description=end-user+denied+authorization');
    expect(declined.status).toBe(400);
    expect(declined.text).toContain('end-user denied authorization');
  });
});
