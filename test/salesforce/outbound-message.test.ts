// POST /webhooks/salesforce: Outbound Messages parsed with the connector's own small XML reader,
// checked against the connected orgs, deduplicated on the notification id, and acknowledged.
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ACK_RESPONSE, parseOutboundMessage, type ChangedRecord } from '../../src/adapters/crm/salesforce/salesforce.outbound-message.ts';
import { salesforceWebhookRoutes } from '../../src/adapters/crm/salesforce/salesforce.routes.ts';
import { ORG_ID, text } from './helpers.ts';

const TENANT = `salesforce:${ORG_ID}`;

function server(options: { failEnqueue?: boolean; seen?: string[] } = {}) {
  const queued: { tenant: string; records: ChangedRecord[] }[] = [];
  const handled = new Set(options.seen ?? []);
  const app = express();
  app.use(
    salesforceWebhookRoutes({
      orgs: (orgId) => (orgId === ORG_ID ? TENANT : null),
      enqueue: async (tenant, records) => {
        if (options.failEnqueue) throw new Error('queue down');
        queued.push({ tenant, records });
      },
      seen: async (id) => handled.has(id),
      remember: async (ids) => ids.forEach((id) => handled.add(id)),
    }),
  );
  return { app, queued, handled };
}

const post = (app: express.Express, body: string) => request(app).post('/webhooks/salesforce').set('Content-Type', 'text/xml; charset=utf-8').send(body);

function notifications(count: number, type = 'Account'): string {
  const one = (i: number) =>
    `<Notification><Id>04lAj00000B${String(i).padStart(4, '0')}</Id><sObject xsi:type="sf:${type}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>001Aj00000Q${String(i).padStart(4, '0')}</sf:Id></sObject></Notification>`;
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>${ORG_ID}</OrganizationId>${Array.from({ length: count }, (_, i) => one(i)).join('')}</notifications></soapenv:Body></soapenv:Envelope>`;
}

describe('Salesforce outbound messages', () => {
  it('queues the records of two notifications by type and id only, and acknowledges them', async () => {
    const { app, queued, handled } = server();
    const response = await post(app, text('outbound-message-two.xml'));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.text).toBe(ACK_RESPONSE);
    expect(response.text).toContain('<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse>');
    expect(queued).toEqual([
      {
        tenant: TENANT,
        records: [
          { objectType: 'Opportunity', id: '006Aj00000Rt5uVIAR' },
          { objectType: 'Account', id: '001Aj00000Qx1aCIAR' },
        ],
      },
    ]);
    expect([...handled].sort()).toEqual(['04lAj00000BcDeFIAV', '04lAj00000BcDeGIAV']);
  });

  it('refuses a message from an org that is not connected, and queues nothing', async () => {
    const { app, queued } = server();
    const response = await post(app, text('outbound-message-wrong-org.xml'));
    expect(response.status).toBe(403);
    expect(response.text).toContain('<faultcode>soapenv:Client</faultcode>');
    expect(queued).toEqual([]);
  });

  it('acknowledges a notification delivered again without queueing it twice', async () => {
    const { app, queued } = server({ seen: ['04lAj00000BcDeFIAV'] });
    const response = await post(app, text('outbound-message-two.xml'));
    expect(response.status).toBe(200);
    expect(queued).toEqual([{ tenant: TENANT, records: [{ objectType: 'Account', id: '001Aj00000Qx1aCIAR' }] }]);
  });

  it('answers a fault when the queue fails, and remembers nothing, so Salesforce sends it again', async () => {
    const { app, handled } = server({ failEnqueue: true });
    const response = await post(app, text('outbound-message-two.xml'));
    expect(response.status).toBe(500);
    expect(response.text).toContain('<faultcode>soapenv:Server</faultcode>');
    expect(handled.size).toBe(0);
  });

  it('refuses more than 100 notifications, and a body that is not an outbound message', async () => {
    const { app, queued } = server();
    expect((await post(app, notifications(101))).status).toBe(413);
    expect((await post(app, '{"orgId":"x"}')).status).toBe(400);
    expect((await post(app, '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>')).status).toBe(400);
    expect(queued).toEqual([]);
    expect((await post(app, notifications(100))).status).toBe(200);
  });

  it('refuses a DOCTYPE, so no entity in the payload can expand', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>${text('outbound-message-two.xml').replace(/^<\?xml[^>]*>/, '').replace('Korenschoof Zuid', '&lol2;')}`;
    const { app, queued } = server();
    const response = await post(app, bomb);
    expect(response.status).toBe(400);
    expect(response.text).toContain('DOCTYPE');
    expect(queued).toEqual([]);
  });

  it('acknowledges notifications about objects it does not read, without queueing them', async () => {
    const { app, queued } = server();
    expect((await post(app, notifications(2, 'Contact'))).status).toBe(200);
    expect(queued).toEqual([]);
  });

  it('takes only ids that look like Salesforce ids', () => {
    expect(() => parseOutboundMessage(text('outbound-message-two.xml').replace('006Aj00000Rt5uVIAR', "006' OR Id != '"))).toThrow(/not a Salesforce id/);
  });
});
