// GET /oauth/salesforce/connect and /callback as the server mounts them (oauthRoutes with crm
// 'salesforce'): the state comes back to install() for the PKCE verifier, a declined consent or a
// refused code exchange is a page saying so, and the notice (the callout secret) is shown escaped.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import { createApp } from '../../src/http/app.ts';
import { oauthRoutes, type OAuthFlow } from '../../src/http/oauth.routes.ts';

function app(flow: Partial<OAuthFlow>) {
  return createApp({
    recompute: {} as never,
    cardAuth: async () => ({ tenant: 'local', user: 'x' }),
    log: silentLogger,
    ready: async () => true,
    routers: [
      oauthRoutes({
        crm: 'salesforce',
        installUrl: (state) => `https://login.salesforce.com/services/oauth2/authorize?state=${state}`,
        install: async () => 'salesforce:00DAj000000AbCdMAK',
        log: silentLogger,
        ...flow,
      }),
    ],
  });
}

async function consent(agent: ReturnType<typeof request.agent>) {
  const start = await agent.get('/oauth/salesforce/connect');
  expect(start.status).toBe(302);
  expect(start.headers['set-cookie']?.[0]).toMatch(/^kw_oauth_state=[\w-]+; Path=\/oauth\/salesforce; HttpOnly; SameSite=Lax/);
  return new URL(start.headers.location!).searchParams.get('state')!;
}

describe('Salesforce OAuth routes', () => {
  it('hands the checked state to install (the PKCE verifier is derived from it) and shows the notice once, escaped', async () => {
    const installs: [string, string][] = [];
    const started: string[] = [];
    const agent = request.agent(
      app({
        install: async (code, state) => {
          installs.push([code, state]);
          return 'salesforce:00DAj000000AbCdMAK';
        },
        onInstalled: async (tenant) => void started.push(tenant),
        notice: async () => 'secret <b>s3cr3t</b>',
      }),
    );
    const state = await consent(agent);
    const done = await agent.get(`/oauth/salesforce/callback?code=aPrx1&state=${state}`);
    expect(done.status).toBe(200);
    expect(done.headers['cache-control']).toBe('no-store');
    expect(done.text).toContain('connected to salesforce:00DAj000000AbCdMAK');
    expect(done.text).toContain('secret &#60;b&#62;s3cr3t&#60;/b&#62;');
    expect(installs).toEqual([['aPrx1', state]]);
    expect(started).toEqual(['salesforce:00DAj000000AbCdMAK']);
    // The state is spent: the cookie is cleared.
    expect(done.headers['set-cookie']?.[0]).toContain('Max-Age=0');
  });

  it('answers a declined consent with a page, installing nothing', async () => {
    const installs: string[] = [];
    const agent = request.agent(app({ install: async (code) => (installs.push(code), 'salesforce:x') }));
    await consent(agent);
    const declined = await agent.get('/oauth/salesforce/callback?error=access_denied&error_description=end-user+denied+<authorization>');
    expect(declined.status).toBe(400);
    expect(declined.text).toContain('Salesforce did not grant access: end-user denied &#60;authorization&#62;');
    expect(installs).toEqual([]);
  });

  it('answers a refused code exchange with a page and starts no run', async () => {
    const started: string[] = [];
    const agent = request.agent(
      app({
        install: async () => {
          throw new Error('authorization code exchange: invalid_grant: expired authorization code');
        },
        onInstalled: async (tenant) => void started.push(tenant),
      }),
    );
    const state = await consent(agent);
    const done = await agent.get(`/oauth/salesforce/callback?code=old&state=${state}`);
    expect(done.status).toBe(502);
    expect(done.text).toContain('Salesforce did not accept the sign-in (authorization code exchange: invalid_grant: expired authorization code)');
    expect(started).toEqual([]);
  });
});
