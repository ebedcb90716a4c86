// A webhook flood on PostgreSQL: four senders post signed batches whose events name the same
// companies in different orders, as HubSpot's parallel deliveries do. Every request must be
// accepted (no 503 from a deadlock between two inserts), every event recorded once, and every
// company it names processed.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgBossQueue } from '../../src/adapters/queue/pgboss.queue.ts';
import type { WorkQueue } from '../../src/app/ports/queue.port.ts';
import { hubspotWebhookRoutes } from '../../webhooks/hubspot/webhook.route.ts';
import { PORTAL, recordingLogger, v3Headers } from '../webhooks/signing.ts';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from './pg-support.ts';

const SENDERS = 4;
const REQUESTS_PER_SENDER = 50;
const EVENTS_PER_REQUEST = 50;
const COMPANIES = 80;
const TENANT = `hubspot:${PORTAL}`;

describe('webhook flood on PostgreSQL', () => {
  const schema = uniqueSchema('kw_flood_test');
  const log = recordingLogger();
  let queue: WorkQueue;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    queue = await createPgBossQueue({ connectionString: TEST_DATABASE_URL, schema, settleMs: 0, superviseIntervalSeconds: 1, instanceId: schema, log });
    const app = express();
    app.use(hubspotWebhookRoutes({ clientSecret: 'kw-test-client-secret-3f9a', queue, isConnected: (t) => t === TENANT, log }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/hubspot`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await queue?.close();
    await dropSchema(schema);
  });

  it('accepts every request of four concurrent senders on overlapping companies, and processes each company', async () => {
    let nextEventId = 1;
    const statuses = new Map<number, number>();
    const named = new Set<string>();
    const keys: string[] = [];
    const sender = async (s: number) => {
      for (let r = 0; r < REQUESTS_PER_SENDER; r++) {
        // Each sender walks the companies in its own order, so two requests in flight hold the same keys in different orders.
        const events = Array.from({ length: EVENTS_PER_REQUEST }, (_, e) => {
          const company = 1001 + ((s * 37 + r * 11 + e * (s + 1) * 7) % COMPANIES);
          named.add(String(company));
          keys.push(`${nextEventId}:11:${company}`);
          return { eventId: nextEventId++, subscriptionId: 11, portalId: PORTAL, appId: 1, occurredAt: Date.now(), attemptNumber: 0, changeSource: 'CRM_UI', subscriptionType: 'company.propertyChange', objectId: company, propertyName: 'name', propertyValue: `v${r}` };
        });
        const body = JSON.stringify(events);
        const res = await fetch(url, { method: 'POST', headers: v3Headers(url, body), body });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    };
    // The worker takes the waiting jobs meanwhile, so the senders keep inserting jobs for the same keys.
    const processed = new Set<string>();
    let flooding = true;
    const worker = async () => {
      while (flooding || (await queue.stats()).waiting > 0) {
        const items = await queue.claim(500);
        for (const item of items) processed.add(item.objectId);
        await queue.complete(items);
        if (items.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const working = worker();

    await Promise.all(Array.from({ length: SENDERS }, (_, s) => sender(s)));
    flooding = false;
    await working;

    expect(Object.fromEntries(statuses)).toEqual({ 204: SENDERS * REQUESTS_PER_SENDER });
    const refusals = log.lines.filter((l) => l.level === 'error' || l.level === 'warn');
    expect(refusals.map((l) => l.message)).toEqual([]);
    expect(JSON.stringify(log.lines)).not.toMatch(/deadlock/i);

    // Every event is recorded: sent again, each is a duplicate.
    expect(keys).toHaveLength(SENDERS * REQUESTS_PER_SENDER * EVENTS_PER_REQUEST);
    expect(await queue.acceptEvents(keys.map((eventId) => ({ tenant: TENANT, eventId, objects: [] })))).toEqual({ accepted: 0, duplicates: keys.length });

    // Every company named was processed, and nothing is left over.
    expect([...processed].sort()).toEqual([...named].sort());
    expect(await queue.stats()).toMatchObject({ waiting: 0, leased: 0, dead: 0 });
  });
});
