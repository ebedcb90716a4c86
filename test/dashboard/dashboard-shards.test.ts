// Run status of a sharded full run (PostgreSQL): the dashboard's Run status lists the newest
// sharded run's shards per stage, state and instance, and GET /dashboard/api/runs has them.
// Without sharded runs (SQLite) neither shows anything of shards.
import type { Router } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShardCount } from '../../src/app/sharded-run.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import { createApp } from '../../src/http/app.ts';
import { dashboardRoutes } from '../../src/http/dashboard/dashboard.routes.ts';
import { samplePortal, TENANT, type SamplePortal } from '../support/sample-portal.ts';

const COUNTS: ShardCount[] = [
  { stage: 'figures', state: 'done', instance: 'pod-a', shards: 7 },
  { stage: 'figures', state: 'done', instance: 'pod-b', shards: 5 },
  { stage: 'results', state: 'running', instance: 'pod-b', shards: 1 },
  { stage: 'results', state: 'failed', instance: 'pod-a', shards: 1 },
];

let portal: SamplePortal;
beforeAll(async () => {
  portal = await samplePortal();
});
afterAll(async () => {
  await portal?.close();
});

function appWith(shards?: (tenant: string) => Promise<ShardCount[] | null>) {
  const routers: Router[] = [dashboardRoutes({ ...portal.deps({ mode: 'local' }), ...(shards ? { shards } : {}) })];
  return createApp({ recompute: portal.recompute, cardAuth: async () => ({ tenant: TENANT, user: 'test' }), log: silentLogger, ready: async () => true, routers });
}

describe('shard status on the dashboard', () => {
  it('lists the newest sharded run per stage, state and instance, on the page and in the API', async () => {
    const asked: string[] = [];
    const app = appWith(async (tenant) => {
      asked.push(tenant);
      return COUNTS;
    });
    const page = await request(app).get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('shared by the instances in 12 shards');
    const table = /<table class="runs" id="shard-table">([\s\S]*?)<\/table>/.exec(page.text)![1]!;
    expect(table).toMatch(/<tr class="done"><td>Running figures<\/td><td>Done<\/td><td>pod-a<\/td><td class="num">7<\/td><\/tr>/);
    expect(table).toMatch(/<tr class="failed"><td>Results<\/td><td>Failed<\/td><td>pod-a<\/td><td class="num">1<\/td><\/tr>/);
    const api = await request(app).get('/dashboard/api/runs');
    expect(api.body.shards).toEqual(COUNTS);
    expect(asked).toEqual([TENANT, TENANT]);
  });

  it('shows nothing of shards when runs are not sharded', async () => {
    const app = appWith();
    expect((await request(app).get('/')).text).not.toContain('shard-table');
    expect((await request(app).get('/dashboard/api/runs')).body.shards).toBeNull();
  });
});
