// GET /metrics: webhooks in and refused by reason, queue depth, job latency, API calls, 429s and
// contact-schedule tasks per tenant, the last full run — in Prometheus text format, scraped through the real route.
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createPrometheusMetrics, lastFullRunsFrom } from '../../src/adapters/metrics/prometheus.metrics.ts';
import { createSqliteQueue } from '../../src/adapters/queue/sqlite.queue.ts';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { metricsRoutes } from '../../src/http/metrics.routes.ts';

describe('GET /metrics', () => {
  it('shows webhooks, the queue, jobs, API use and the last full run', async () => {
    const clock = { now: Date.parse('2026-11-02T02:00:00Z') };
    const queue = createSqliteQueue({ path: ':memory:', now: () => clock.now });
    const store = createSqliteStore({ path: ':memory:' });
    await store.migrate();
    const run = await store.startRun({ tenant: 'hubspot:1', kind: 'full', startedAt: clock.now, asOf: clock.now, configHash: 'x' });
    await store.finishRun(run.id, { status: 'succeeded', counts: {}, agreementRate: null, error: null, finishedAt: clock.now + 93_000 });
    const metrics = createPrometheusMetrics({
      queue,
      apiUsage: () => [{ tenant: 'hubspot:1', calls: 1234, rateLimited: 3, tasks: { created: 12, completed: 4, closed_by_hand: 1 } }],
      lastFullRuns: lastFullRunsFrom(store, async () => ['hubspot:1', 'hubspot:2']),
      processMetrics: false,
    });
    await queue.acceptEvents([{ tenant: 'hubspot:1', eventId: '1', objects: [{ tenant: 'hubspot:1', objectType: 'company', objectId: '9', reason: 'changed' }] }]);
    clock.now += 30_000;
    metrics.webhookAccepted('hubspot', 10, 2);
    metrics.webhookRejected('hubspot', 'webhook.bad_signature');
    metrics.webhookRejected('hubspot', 'webhook.bad_signature');
    metrics.webhookRejected('hubspot', 'webhook.too_large');
    metrics.jobsFinished('hubspot:1', 'completed', 2, [1_500, 4_000]);
    metrics.jobsFinished('hubspot:1', 'dead', 1, []);
    metrics.batchProcessed('hubspot:1', 800, 50);
    metrics.workflowAction('BLOCK');

    const app = express().use(metricsRoutes(() => metrics.render()));
    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.text;
    const line = (prefix: string) => text.split('\n').find((l) => l.startsWith(prefix));
    expect(line('klantwaarde_webhook_events_received_total{source="hubspot"}')).toMatch(/ 8$/);
    expect(line('klantwaarde_webhook_events_duplicate_total{source="hubspot"}')).toMatch(/ 2$/);
    expect(line('klantwaarde_webhook_requests_rejected_total{source="hubspot",reason="webhook.bad_signature"}')).toMatch(/ 2$/);
    expect(line('klantwaarde_webhook_requests_rejected_total{source="hubspot",reason="webhook.too_large"}')).toMatch(/ 1$/);
    expect(line('klantwaarde_queue_depth{state="waiting"}')).toMatch(/ 1$/);
    expect(line('klantwaarde_queue_depth{state="dead"}')).toMatch(/ 0$/);
    expect(line('klantwaarde_queue_oldest_waiting_seconds')).toMatch(/ 30$/);
    expect(line('klantwaarde_queue_up')).toMatch(/ 1$/);
    expect(line('klantwaarde_jobs_total{tenant="hubspot:1",outcome="completed"}')).toMatch(/ 2$/);
    expect(line('klantwaarde_jobs_total{tenant="hubspot:1",outcome="dead"}')).toMatch(/ 1$/);
    expect(line('klantwaarde_job_latency_seconds_bucket{le="2",outcome="completed"}')).toMatch(/ 1$/);
    expect(line('klantwaarde_job_latency_seconds_count{outcome="completed"}')).toMatch(/ 2$/);
    expect(line('klantwaarde_crm_api_calls_total{tenant="hubspot:1"}')).toMatch(/ 1234$/);
    expect(line('klantwaarde_crm_rate_limited_total{tenant="hubspot:1"}')).toMatch(/ 3$/);
    expect(line('klantwaarde_crm_tasks_total{tenant="hubspot:1",action="created"}')).toMatch(/ 12$/);
    expect(line('klantwaarde_crm_tasks_total{tenant="hubspot:1",action="closed_by_hand"}')).toMatch(/ 1$/);
    expect(line('klantwaarde_full_run_last_duration_seconds{tenant="hubspot:1"}')).toMatch(/ 93$/);
    expect(line('klantwaarde_full_run_last_success_timestamp_seconds{tenant="hubspot:1"}')).toMatch(new RegExp(` ${(clock.now - 30_000 + 93_000) / 1000}$`));
    expect(text).not.toContain('tenant="hubspot:2"');
    expect(line('klantwaarde_workflow_actions_total{state="BLOCK"}')).toMatch(/ 1$/);

    // Scraping twice does not double the copied API totals.
    const again = (await request(app).get('/metrics')).text;
    expect(again).toContain('klantwaarde_crm_api_calls_total{tenant="hubspot:1"} 1234');
    await queue.close();
    await store.close();
  });

  it('reports the queue as down instead of failing the scrape', async () => {
    const metrics = createPrometheusMetrics({ queue: { stats: () => Promise.reject(new Error('database is locked')) }, processMetrics: false });
    const res = await request(express().use(metricsRoutes(() => metrics.render()))).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('klantwaarde_queue_up 0');
  });

  it('asks for METRICS_TOKEN when it is set, and answers only this machine when it is not', async () => {
    const render = async () => ({ contentType: 'text/plain', body: 'klantwaarde_queue_up 1\n' });
    const withToken = express().use(metricsRoutes(render, { token: 'scrape-me-please' }));
    expect((await request(withToken).get('/metrics')).status).toBe(401);
    expect((await request(withToken).get('/metrics').set('authorization', 'Bearer wrong')).status).toBe(401);
    const ok = await request(withToken).get('/metrics').set('authorization', 'Bearer scrape-me-please');
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('klantwaarde_queue_up 1\n');

    // Behind a proxy on this machine the client's own address counts: a public one is refused.
    const local = express().set('trust proxy', 'loopback').use(metricsRoutes(render));
    expect((await request(local).get('/metrics')).status).toBe(200);
    const outside = await request(local).get('/metrics').set('x-forwarded-for', '203.0.113.9');
    expect(outside.status).toBe(403);
    expect(outside.text).not.toContain('queue_up');
    // A page on a rebinding DNS name reaches this machine under that name: refused too.
    expect((await request(local).get('/metrics').set('Host', 'attacker.example')).status).toBe(403);
  });
});
