// POST /webhooks/salesforce/<token>: Outbound Messages parsed with the connector's own small XML
// reader, verified by the org's token in the endpoint URL (derived from its shared secret),
// deduplicated on the notification id, and acknowledged.
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ACK_RESPONSE, parseOutboundMessage } from '../../src/adapters/crm/salesforce/inbound/salesforce.outbound-message.ts';
import { outboundMessageToken } from '../../src/adapters/crm/salesforce/inbound/salesforce.secret.ts';
import { toId18 } from '../../src/adapters/crm/salesforce/client/salesforce.ids.ts';
import { createSqliteQueue } from '../../src/adapters/queue/sqlite.queue.ts';
import type { Delivery } from '../../src/app/ports/queue.port.ts';
import { salesforceWebhookRoutes } from '../../src/adapters/crm/salesforce/inbound/salesforce.routes.ts';
import { ORG_ID, text } from './helpers.ts';

const TENANT = `salesforce:${ORG_ID}`;
/** The org's shared secret (the one its Flow callouts send); the endpoint URL carries a token derived from it. */
const SECRET = 'the-orgs-shared-secret-for-klantwaarde';
const TOKEN = outboundMessageToken(SECRET);

function server(options: { failEnqueue?: boolean; seen?: string[] } = {}) {
  // The real embedded queue (in memory): dedupe and queueing happen in one transaction.
  const queue = createSqliteQueue({ path: ':memory:', settleMs: 0 });
  const handled = new Set(options.seen ?? []);
  const accepted: Delivery[] = [];
  const app = express();
  app.use(
    salesforceWebhookRoutes({
      orgs: (orgId) => (orgId === ORG_ID ? TENANT : null),
      secretFor: async (tenant) => (tenant === TENANT ? SECRET : null),
      queue: {
        acceptEvents: async (deliveries) => {
          if (options.failEnqueue) throw new Error('queue down');
          accepted.push(...deliveries);
          return queue.acceptEvents(deliveries);
        },
      },
    }),
  );
  const queued = async () => (await queue.claim(1_000)).map((i) => ({ tenant: i.tenant, objectType: i.objectType, objectId: i.objectId, ...(i.crmType ? { crmType: i.crmType } : {}) }));
  const ready = Promise.all([...handled].map((id) => queue.acceptEvents([{ tenant: TENANT, eventId: id, objects: [] }])));
  return { app: async () => (await ready, app), queued, accepted, queue };
}

const post = async (app: () => Promise<express.Express>, body: string, path = `/webhooks/salesforce/${TOKEN}`) => request(await app()).post(path).set('Content-Type', 'text/xml; charset=utf-8').send(body);

function notifications(count: number, type = 'Account'): string {
  const one = (i: number) =>
    `<Notification><Id>04lAj00000B${String(i).padStart(4, '0')}</Id><sObject xsi:type="sf:${type}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>001Aj00000Q${String(i).padStart(4, '0')}</sf:Id></sObject></Notification>`;
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>${ORG_ID}</OrganizationId>${Array.from({ length: count }, (_, i) => one(i)).join('')}</notifications></soapenv:Body></soapenv:Envelope>`;
}

/** The fault every unverified message gets: a wrong token and an unknown org are answered alike. */
async function forgedFault(): Promise<string> {
  return (await post(server().app, text('outbound-message-two.xml'), '/webhooks/salesforce/guessed-token')).text;
}

describe('Salesforce outbound messages', () => {
  it('queues the records of two notifications by type and id only, and acknowledges them', async () => {
    const { app, queued, queue } = server();
    const response = await post(app, text('outbound-message-two.xml'));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.text).toBe(ACK_RESPONSE);
    expect(response.text).toContain('<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse>');
    // Not the payload's AccountId or Amount: the opportunity itself, read again by the worker.
    expect(await queued()).toEqual([
      { tenant: TENANT, objectType: 'deal', objectId: '006Aj00000Rt5uVIAR' },
      { tenant: TENANT, objectType: 'company', objectId: '001Aj00000Qx1aCIAR' },
    ]);
    expect(await queue.seenEvent(TENANT, '04lAj00000BcDeFIAV')).toBe(true);
    expect(await queue.seenEvent(TENANT, '04lAj00000BcDeGIAV')).toBe(true);
  });

  it('refuses a message without the org’s token, with a wrong one, or from an org that is not connected; the forged notification id does not hide the genuine one', async () => {
    const { app, queued, accepted } = server();
    // A forger who knows the org id and a notification id, but not the endpoint URL's token.
    for (const path of ['/webhooks/salesforce', '/webhooks/salesforce/guessed-token', `/webhooks/salesforce/${outboundMessageToken('another-secret')}`]) {
      const forged = await post(app, text('outbound-message-two.xml'), path);
      expect(forged.status, path).toBe(401);
      expect(forged.text).toContain('<faultcode>soapenv:Client</faultcode>');
    }
    expect(accepted).toEqual([]);
    const genuine = await post(app, text('outbound-message-two.xml'));
    expect(genuine.status).toBe(200);
    expect(await queued()).toHaveLength(2);

    const stranger = await post(app, text('outbound-message-wrong-org.xml'));
    expect(stranger.status).toBe(401);
    expect(stranger.text).toBe(await forgedFault());
    expect(await queued()).toEqual([]);
  });

  it('refuses a message from an org that is not connected, and queues nothing', async () => {
    const { app, queued, accepted } = server();
    const response = await post(app, text('outbound-message-wrong-org.xml'));
    expect(response.status).toBe(401);
    expect(response.text).toContain('<faultcode>soapenv:Client</faultcode>');
    expect(accepted).toEqual([]);
    expect(await queued()).toEqual([]);
  });

  it('acknowledges a notification delivered again without queueing it twice', async () => {
    const { app, queued } = server({ seen: ['04lAj00000BcDeFIAV'] });
    const response = await post(app, text('outbound-message-two.xml'));
    expect(response.status).toBe(200);
    expect(await queued()).toEqual([{ tenant: TENANT, objectType: 'company', objectId: '001Aj00000Qx1aCIAR' }]);
    // And the whole message again: acknowledged, nothing queued.
    const again = await post(app, text('outbound-message-two.xml'));
    expect(again.status).toBe(200);
    expect(again.text).toBe(ACK_RESPONSE);
    expect(await queued()).toEqual([]);
  });

  it('answers a fault when the queue fails, and remembers nothing, so Salesforce sends it again', async () => {
    const { app, queue } = server({ failEnqueue: true });
    const response = await post(app, text('outbound-message-two.xml'));
    expect(response.status).toBe(500);
    expect(response.text).toContain('<faultcode>soapenv:Server</faultcode>');
    expect(await queue.seenEvent(TENANT, '04lAj00000BcDeFIAV')).toBe(false);
  });

  it('refuses more than 100 notifications, and a body that is not an outbound message', async () => {
    const { app, queued } = server();
    expect((await post(app, notifications(101))).status).toBe(413);
    expect((await post(app, '{"orgId":"x"}')).status).toBe(400);
    expect((await post(app, '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>')).status).toBe(400);
    expect(await queued()).toEqual([]);
    expect((await post(app, notifications(100))).status).toBe(200);
    expect(await queued()).toHaveLength(100);
  });

  it('refuses a DOCTYPE, so no entity in the payload can expand', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>${text('outbound-message-two.xml').replace(/^<\?xml[^>]*>/, '').replace('Korenschoof Zuid', '&lol2;')}`;
    const { app, queued } = server();
    const response = await post(app, bomb);
    expect(response.status).toBe(400);
    expect(response.text).toContain('DOCTYPE');
    expect(await queued()).toEqual([]);
  });

  it('acknowledges notifications about objects it does not read, without queueing them', async () => {
    const { app, queued, queue } = server();
    expect((await post(app, notifications(2, 'Contact'))).status).toBe(200);
    expect(await queued()).toEqual([]);
    expect(await queue.seenEvent(TENANT, toId18('04lAj00000B0001'))).toBe(true);
  });

  it('queues tasks and events as engagements of their type, cases as tickets, products as line items', async () => {
    const { app, queued } = server();
    const types = ['Task', 'Event', 'Case', 'OpportunityLineItem'];
    const body = text('outbound-message-two.xml').replace(/<Notification>[\s\S]*<\/Notification>/, types.map((type, i) => `<Notification><Id>04lAj00000BcDe${i}IAV</Id><sObject xsi:type="sf:${type}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>00TAj00000Rt5u${i}</sf:Id></sObject></Notification>`).join(''));
    expect((await post(app, body)).status).toBe(200);
    expect(await queued()).toEqual([
      { tenant: TENANT, objectType: 'engagement', objectId: toId18('00TAj00000Rt5u0'), crmType: 'Task' },
      { tenant: TENANT, objectType: 'engagement', objectId: toId18('00TAj00000Rt5u1'), crmType: 'Event' },
      { tenant: TENANT, objectType: 'ticket', objectId: toId18('00TAj00000Rt5u2'), crmType: 'Case' },
      { tenant: TENANT, objectType: 'line_item', objectId: toId18('00TAj00000Rt5u3') },
    ]);
  });

  it('takes only ids that look like Salesforce ids', () => {
    expect(() => parseOutboundMessage(text('outbound-message-two.xml').replace('006Aj00000Rt5uVIAR', "006' OR Id != '"))).toThrow(/not a Salesforce id/);
  });
});
