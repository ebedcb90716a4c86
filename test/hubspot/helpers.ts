// Shared pieces of the HubSpot tests: fixtures, a virtual clock, a client on a fake host.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHubSpotClient, type HubSpotClientOptions } from '../../src/adapters/crm/hubspot/client/hubspot.client.ts';
import type { Clock } from '../../src/adapters/crm/hubspot/client/rolling-limiter.ts';

/** HUBSPOT_BASE_URL in the tests: nock answers for this host. */
export const BASE = 'https://hubspot.test';

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/hubspot', name), 'utf8')) as T;
}

/** Time that moves only when someone sleeps; every sleep is recorded. */
export function virtualClock(start = Date.parse('2026-11-01T09:00:00Z')): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
  };
}

export function testClient(options: Partial<HubSpotClientOptions> = {}) {
  const clock = virtualClock();
  const client = createHubSpotClient({ accessToken: 'test-token', baseUrl: BASE, clock, ...options });
  return { client, clock };
}

/** A request body as a nock body matcher hands it over (parsed JSON, or the raw string). */
export function json(body: unknown): Record<string, unknown> {
  return (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>;
}
