import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/app/ports/logger.port.ts';
import { createApp } from '../src/http/app.ts';
import { oauthRoutes } from '../src/http/oauth.routes.ts';

function app(installed: string[]) {
  return createApp({
    recompute: {} as never,
    cardAuth: async () => ({ tenant: 'local', user: 'x' }),
    log: silentLogger,
    ready: async () => true,
    routers: [
      oauthRoutes({
        crm: 'hubspot',
        installUrl: (state) => `https://app.hubspot.com/oauth/authorize?state=${state}`,
        install: async (code) => {
          installed.push(code);
          return 'hubspot:62515';
        },
        log: silentLogger,
      }),
    ],
  });
}

describe('OAuth install routes', () => {
  it('sends the admin to the consent page with a state, and completes when the state comes back', async () => {
    const installed: string[] = [];
    const agent = request.agent(app(installed));
    const start = await agent.get('/oauth/hubspot/install');
    expect(start.status).toBe(302);
    const state = new URL(start.headers.location!).searchParams.get('state')!;
    expect(state.length).toBeGreaterThan(20);
    const done = await agent.get(`/oauth/hubspot/callback?code=abc&state=${state}`);
    expect(done.status).toBe(200);
    expect(done.text).toContain('hubspot:62515');
    expect(installed).toEqual(['abc']);
  });

  it('refuses a callback whose state does not match (CSRF)', async () => {
    const installed: string[] = [];
    const agent = request.agent(app(installed));
    await agent.get('/oauth/hubspot/install');
    const done = await agent.get('/oauth/hubspot/callback?code=abc&state=forged');
    expect(done.status).toBe(400);
    expect(installed).toEqual([]);
  });

  it('answers 400, not 500, for a state cookie with malformed percent-encoding', async () => {
    const installed: string[] = [];
    const res = await request(app(installed)).get('/oauth/hubspot/callback?code=abc&state=x').set('Cookie', 'kw_oauth_state=%E0%A4%A');
    expect(res.status).toBe(400);
    expect(installed).toEqual([]);
  });
});
