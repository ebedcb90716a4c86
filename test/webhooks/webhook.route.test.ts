// POST /webhooks/hubspot end to end on the HTTP level: signatures on the public URL, refusals
// with their codes and status, dedupe, and what lands in the (real, embedded) queue.
import express from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteQueue } from '../../src/adapters/queue/sqlite.queue.ts';
import type { Metrics } from '../../src/app/ports/metrics.port.ts';
import type { QueuedItem, WorkQueue } from '../../src/app/ports/queue.port.ts';
import { hubspotWebhookRoutes, type HubSpotWebhookOptions } from '../../webhooks/hubspot/webhook.route.ts';
import { hubspotEvent, PORTAL, PUBLIC_URL, recordingLogger, SECRET, v1Headers, v2Headers, v3Headers } from './signing.ts';

const PATH = '/webhooks/hubspot';
const URL = `${PUBLIC_URL}${PATH}`;

function recordingMetrics() {
  const seen = { accepted: [] as { events: number; duplicates: number }[], rejected: [] as string[] };
  const metrics: Metrics = {
    webhookAccepted: (_s, events, duplicates) => void seen.accepted.push({ events, duplicates }),
    webhookRejected: (_s, reason) => void seen.rejected.push(reason),
    jobsFinished: () => {},
    batchProcessed: () => {},
    workflowAction: () => {},
  };
  return { metrics, seen };
}

describe('POST /webhooks/hubspot', () => {
  let queue: WorkQueue;
  let clock: number;
  let log: ReturnType<typeof recordingLogger>;
  let recorded: ReturnType<typeof recordingMetrics>;

  function app(overrides: Partial<HubSpotWebhookOptions> = {}) {
    const server = express();
    server.use(
      hubspotWebhookRoutes({ clientSecret: SECRET, publicUrl: PUBLIC_URL, queue, isConnected: (t) => t === `hubspot:${PORTAL}`, log, metrics: recorded.metrics, now: () => clock, ...overrides }),
    );
    return server;
  }

  async function claimAll(): Promise<QueuedItem[]> {
    clock += 60_000;
    return queue.claim(1000);
  }

  beforeEach(() => {
    clock = Date.now();
    queue = createSqliteQueue({ path: ':memory:', now: () => clock });
    log = recordingLogger();
    recorded = recordingMetrics();
  });
  afterEach(async () => {
    await queue.close();
  });

  it('queues the objects of a signed batch and answers 204', async () => {
    const body = JSON.stringify([
      hubspotEvent({ subscriptionType: 'deal.propertyChange', objectId: 501, propertyName: 'amount', propertyValue: '5000' }),
      hubspotEvent({ subscriptionType: 'object.creation', objectTypeId: '0-48', objectId: 777 }),
      hubspotEvent({ subscriptionType: 'company.propertyChange', objectId: 42, propertyName: 'name', propertyValue: 'Bakkerij Jansen' }),
      hubspotEvent({ subscriptionType: 'contact.creation', objectId: 9 }),
    ]);
    const res = await request(app()).post(PATH).set(v3Headers(URL, body, { timestamp: clock })).send(body);
    expect(res.status).toBe(204);
    const items = await claimAll();
    expect(items.map((i) => [i.tenant, i.objectType, i.objectId, i.reason, i.crmType ?? null])).toEqual([
      [`hubspot:${PORTAL}`, 'deal', '501', 'changed', null],
      [`hubspot:${PORTAL}`, 'engagement', '777', 'changed', '0-48'],
      [`hubspot:${PORTAL}`, 'company', '42', 'changed', null],
    ]);
    expect(recorded.seen.accepted).toEqual([{ events: 4, duplicates: 0 }]);
  });

  it('checks v3 against PUBLIC_URL with the path and a percent-encoded query, not the Host header', async () => {
    const path = `${PATH}?app=klantwaarde&note=a%3Ab%20c%2Fd&caf%C3%A9=1`;
    const body = JSON.stringify([hubspotEvent({ subscriptionType: 'company.creation', objectId: 43 })]);
    const signedPublic = v3Headers(`${PUBLIC_URL}${path}`, body, { timestamp: clock });
    const res = await request(app()).post(path).set('Host', 'klantwaarde-internal:3000').set(signedPublic).send(body);
    expect(res.status).toBe(204);

    const signedForHost = v3Headers(`http://klantwaarde-internal:3000${path}`, body, { timestamp: clock });
    const refused = await request(app()).post(path).set('Host', 'klantwaarde-internal:3000').set(signedForHost).send(body);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ error: { code: 'webhook.bad_signature', message: 'X-HubSpot-Signature-v3 does not match' } });
  });

  it('keeps a path prefix of PUBLIC_URL that the proxy strips', async () => {
    const body = JSON.stringify([hubspotEvent({ subscriptionType: 'company.creation', objectId: 44 })]);
    const res = await request(app({ publicUrl: 'https://example.org/klantwaarde/' }))
      .post(PATH)
      .set(v3Headers(`https://example.org/klantwaarde${PATH}`, body, { timestamp: clock }))
      .send(body);
    expect(res.status).toBe(204);
  });

  it('refuses a timestamp older than five minutes with 401 webhook.stale', async () => {
    const body = JSON.stringify([hubspotEvent({ subscriptionType: 'company.creation', objectId: 45 })]);
    const res = await request(app()).post(PATH).set(v3Headers(URL, body, { timestamp: clock - 5 * 60_000 - 1 })).send(body);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('webhook.stale');
    expect(recorded.seen.rejected).toEqual(['webhook.stale']);
  });

  it('refuses a body with one byte changed with 401, and logs neither the secret nor the payload', async () => {
    const body = JSON.stringify([hubspotEvent({ subscriptionType: 'company.propertyChange', objectId: 46, propertyName: 'name', propertyValue: 'Geheime Klant BV' })]);
    const headers = v3Headers(URL, body, { timestamp: clock });
    const res = await request(app()).post(PATH).set(headers).send(body.replace('46', '47'));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'webhook.bad_signature', message: 'X-HubSpot-Signature-v3 does not match' } });
    const logged = JSON.stringify(log.lines);
    expect(log.lines.some((l) => l.level === 'warn')).toBe(true);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain('Geheime Klant');
    expect(logged).not.toContain(headers['x-hubspot-signature-v3']!);
    expect((await claimAll()).length).toBe(0);
  });

  it('refuses a request signed with another secret, or not signed at all', async () => {
    const body = JSON.stringify([hubspotEvent({ subscriptionType: 'company.creation', objectId: 48 })]);
    expect((await request(app()).post(PATH).set(v3Headers(URL, body, { timestamp: clock, secret: 'other' })).send(body)).status).toBe(401);
    const unsigned = await request(app()).post(PATH).set('content-type', 'application/json').send(body);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe('webhook.bad_signature');
  });

  it('refuses a body over 1 MB with 413 webhook.too_large', async () => {
    const body = JSON.stringify([hubspotEvent({ subscriptionType: 'company.propertyChange', objectId: 49, propertyName: 'description', propertyValue: 'x'.repeat(1024 * 1024) })]);
    const res = await request(app()).post(PATH).set(v3Headers(URL, body, { timestamp: clock })).send(body);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('webhook.too_large');
    expect(recorded.seen.rejected).toEqual(['webhook.too_large']);
  });

  it('refuses malformed JSON and a bad event array with 400, saying what is wrong', async () => {
    const broken = '[{"eventId": 1,';
    const malformed = await request(app()).post(PATH).set(v3Headers(URL, broken, { timestamp: clock })).send(broken);
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ error: { code: 'webhook.malformed_json', message: 'the body is not valid JSON' } });

    const noObject = JSON.stringify([hubspotEvent({ subscriptionType: 'deal.creation' })]);
    const invalid = await request(app()).post(PATH).set(v3Headers(URL, noObject, { timestamp: clock })).send(noObject);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('webhook.invalid_events');
    expect(invalid.body.error.message).toContain('event 0.objectId');

    const notArray = JSON.stringify({ eventId: 1 });
    expect((await request(app()).post(PATH).set(v3Headers(URL, notArray, { timestamp: clock })).send(notArray)).body.error.code).toBe('webhook.invalid_events');
  });

  it('refuses a delivery signed only with v1 or v2: HubSpot signs every webhook with v3, and those have no timestamp', async () => {
    const first = JSON.stringify([hubspotEvent({ subscriptionType: 'company.creation', objectId: 50 })]);
    const v1 = await request(app()).post(PATH).set(v1Headers(first)).send(first);
    expect(v1.status).toBe(401);
    expect(v1.body.error.code).toBe('webhook.bad_signature');
    const second = JSON.stringify([hubspotEvent({ subscriptionType: 'company.creation', objectId: 51 })]);
    expect((await request(app()).post(PATH).set(v2Headers(URL, second)).send(second)).status).toBe(401);
    expect(await claimAll()).toEqual([]);
  });

  it('takes a repeated delivery (or a replay within the 5 minutes) once: the second answer is 204 and nothing is queued again', async () => {
    const body = JSON.stringify([hubspotEvent({ subscriptionType: 'deal.propertyChange', objectId: 601, propertyName: 'amount', propertyValue: '1' })]);
    const send = () => request(app()).post(PATH).set(v3Headers(URL, body, { timestamp: clock })).send(body);
    expect((await send()).status).toBe(204);
    expect((await claimAll()).map((i) => i.objectId)).toEqual(['601']);
    expect((await send()).status).toBe(204);
    expect(await claimAll()).toEqual([]);
    expect(recorded.seen.accepted).toEqual([{ events: 1, duplicates: 0 }, { events: 1, duplicates: 1 }]);
  });

  it('takes events in any order: later and earlier changes of a record make it dirty once', async () => {
    const later = hubspotEvent({ subscriptionType: 'deal.propertyChange', objectId: 602, propertyName: 'amount', propertyValue: '2000', occurredAt: clock });
    const earlier = hubspotEvent({ subscriptionType: 'deal.propertyChange', objectId: 602, propertyName: 'amount', propertyValue: '1000', occurredAt: clock - 60_000 });
    const creation = hubspotEvent({ subscriptionType: 'deal.creation', objectId: 602, occurredAt: clock - 120_000 });
    for (const event of [later, earlier, creation]) {
      const body = JSON.stringify([event]);
      expect((await request(app()).post(PATH).set(v3Headers(URL, body, { timestamp: clock })).send(body)).status).toBe(204);
    }
    const items = await claimAll();
    expect(items.map((i) => [i.objectType, i.objectId])).toEqual([['deal', '602']]);
  });

  it('refuses events of a portal that is not connected, and drops them from a mixed batch', async () => {
    const stranger = JSON.stringify([hubspotEvent({ subscriptionType: 'company.creation', objectId: 70, portalId: 999 })]);
    const refused = await request(app()).post(PATH).set(v3Headers(URL, stranger, { timestamp: clock })).send(stranger);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('webhook.unknown_portal');

    const mixed = JSON.stringify([hubspotEvent({ subscriptionType: 'company.creation', objectId: 71, portalId: 999 }), hubspotEvent({ subscriptionType: 'company.creation', objectId: 72 })]);
    expect((await request(app()).post(PATH).set(v3Headers(URL, mixed, { timestamp: clock })).send(mixed)).status).toBe(204);
    expect((await claimAll()).map((i) => i.objectId)).toEqual(['72']);
  });

  it('answers 503 when the queue cannot take the events, so HubSpot delivers them again', async () => {
    const failing: Pick<WorkQueue, 'acceptEvents'> = { acceptEvents: () => Promise.reject(new Error('disk I/O error')) };
    const body = JSON.stringify([hubspotEvent({ subscriptionType: 'company.creation', objectId: 73 })]);
    const res = await request(app({ queue: failing })).post(PATH).set(v3Headers(URL, body, { timestamp: clock })).send(body);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('queue.unavailable');
  });
});
