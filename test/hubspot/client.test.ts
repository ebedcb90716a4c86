// The HubSpot client: HUBSPOT_BASE_URL and the token, 429s per policy, bounded 5xx retries, pacing.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { guardNock } from '../support/nock-guard.ts';
import { HUBSPOT_PATHS } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';
import { z } from 'zod';
import { isHubSpotError } from '../../src/adapters/crm/hubspot/client/hubspot.errors.ts';
import { createPacer, createRollingWindow } from '../../src/adapters/crm/hubspot/client/rolling-limiter.ts';
import { BASE, fixture, testClient, virtualClock } from './helpers.ts';

const ok = z.object({ results: z.array(z.unknown()) });
const search = { method: 'POST' as const, path: HUBSPOT_PATHS.search('companies'), body: { limit: 1 } };

guardNock();

describe('HubSpot client', () => {
  it('calls the host from HUBSPOT_BASE_URL with the bearer token', async () => {
    nock(BASE, { reqheaders: { authorization: 'Bearer test-token' } }).get(HUBSPOT_PATHS.properties('companies')).reply(200, { results: [] });
    const { client } = testClient();
    const answer = await client.send({ method: 'GET', path: HUBSPOT_PATHS.properties('companies') }, ok);
    expect(answer).toEqual({ status: 200, data: { results: [] } });
  });

  it.each([
    ['TEN_SECONDLY_ROLLING', 'rate-limit-ten-secondly.json'],
    ['SECONDLY', 'rate-limit-secondly.json'],
  ])('waits after a 429 with policy %s and tries again', async (_policy, file) => {
    nock(BASE).post(search.path).reply(429, fixture(file)).post(search.path).reply(200, { results: [{ id: '1' }] });
    const { client, clock } = testClient();
    const answer = await client.send(search, ok);
    expect(answer.data.results).toHaveLength(1);
    expect(client.stats).toMatchObject({ calls: 2, rateLimited: 1, retries: 1 });
    expect(clock.sleeps.length).toBeGreaterThan(0);
  });

  it('honours Retry-After on a 429', async () => {
    nock(BASE).post(search.path).reply(429, fixture('rate-limit-ten-secondly.json'), { 'Retry-After': '3' }).post(search.path).reply(200, { results: [] });
    const { client, clock } = testClient();
    await client.send(search, ok);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3000);
  });

  it('stops at once with crm.daily_limit on a 429 with policy DAILY', async () => {
    nock(BASE).post(search.path).reply(429, fixture('rate-limit-daily.json'));
    const { client } = testClient();
    const failure = await client.send(search, ok).catch((e: unknown) => e);
    expect(isHubSpotError(failure, 'crm.daily_limit')).toBe(true);
    expect(client.stats.calls).toBe(1);
  });

  it('gives up with crm.rate_limited when the 429s do not stop', async () => {
    nock(BASE).post(search.path).times(3).reply(429, fixture('rate-limit-ten-secondly.json'));
    const { client } = testClient({ maxRateLimitRetries: 2 });
    const failure = await client.send(search, ok).catch((e: unknown) => e);
    expect(isHubSpotError(failure, 'crm.rate_limited')).toBe(true);
  });

  it('retries a 5xx with growing waits and succeeds', async () => {
    nock(BASE).post(search.path).reply(502, fixture('server-error.json')).post(search.path).reply(503, 'Service Unavailable').post(search.path).reply(200, { results: [] });
    const { client, clock } = testClient();
    await client.send(search, ok);
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(client.stats.calls).toBe(3);
  });

  it('stops after three tries of a 5xx with crm.unavailable', async () => {
    nock(BASE).post(search.path).times(3).reply(500, fixture('server-error.json'));
    const { client } = testClient();
    const failure = await client.send(search, ok).catch((e: unknown) => e);
    expect(isHubSpotError(failure, 'crm.unavailable')).toBe(true);
    expect(client.stats.calls).toBe(3);
  });

  it('answers crm.bad_response when HubSpot answers something unexpected', async () => {
    nock(BASE).post(search.path).reply(200, { total: 'many' });
    const { client } = testClient();
    const failure = await client.send(search, ok).catch((e: unknown) => e);
    expect(isHubSpotError(failure, 'crm.bad_response')).toBe(true);
  });

  it('renews an OAuth token once when HubSpot says 401', async () => {
    nock(BASE, { reqheaders: { authorization: 'Bearer old' } }).get(HUBSPOT_PATHS.properties('companies')).reply(401, { status: 'error', category: 'EXPIRED_AUTHENTICATION' });
    nock(BASE, { reqheaders: { authorization: 'Bearer new' } }).get(HUBSPOT_PATHS.properties('companies')).reply(200, { results: [] });
    let current = 'old';
    const { client } = testClient({
      accessToken: { get: async () => current, renew: async () => (current = 'new') },
    });
    await expect(client.send({ method: 'GET', path: HUBSPOT_PATHS.properties('companies') }, ok)).resolves.toMatchObject({ status: 200 });
  });
});

describe('rolling window pacing', () => {
  it('never starts more than the limit within one window', async () => {
    const clock = virtualClock(0);
    const window = createRollingWindow({ limit: 10, windowMs: 1000, marginMs: 0 });
    const pacer = createPacer(clock);
    const starts: number[] = [];
    for (let i = 0; i < 35; i++) {
      await pacer.acquire([window]);
      starts.push(clock.now());
    }
    for (const start of starts) expect(starts.filter((t) => t > start - 1000 && t <= start).length).toBeLessThanOrEqual(10);
    expect(starts.at(-1)).toBe(3000);
  });

  it('holds everyone back after a refusal and widens its margin', async () => {
    const clock = virtualClock(0);
    const window = createRollingWindow({ limit: 5, windowMs: 1000, marginMs: 10 });
    window.refused(400);
    expect(window.wait(0)).toBe(400);
    for (let i = 0; i < 5; i++) window.record(400);
    expect(window.wait(400)).toBe(1000 + 20);
    expect(clock.now()).toBe(0);
  });
});
