// The OAuth install flow for a CRM app: /oauth/<crm>/install sends an admin to the CRM's
// consent page with a one-time state (kept in a cookie against CSRF); /oauth/<crm>/callback
// checks the state, lets the connector exchange the code and store the tokens.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Logger } from '../app/ports/logger.port.ts';
import type { TenantId } from '../app/ports/store.port.ts';

export interface OAuthFlow {
  /** The path segment: /oauth/<crm>/… */
  crm: 'hubspot' | 'salesforce';
  installUrl(state: string): string;
  /** Exchanges the code, stores the tokens, answers the tenant. */
  install(code: string): Promise<TenantId>;
  /** Work to start once a tenant is connected (e.g. its first full sync); runs in the background. */
  onInstalled?(tenant: TenantId): Promise<void>;
  log: Logger;
}

const COOKIE = 'kw_oauth_state';

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:system-ui;max-width:40rem;margin:3rem auto"><h1>${title}</h1><p>${body}</p></body></html>`;

export function oauthRoutes(flow: OAuthFlow): Router {
  const router = Router();
  const base = `/oauth/${flow.crm}`;

  router.get(`${base}/install`, (req, res) => {
    const state = randomBytes(24).toString('base64url');
    res.setHeader('Set-Cookie', `${COOKIE}=${state}; Path=${base}; HttpOnly; SameSite=Lax; Max-Age=600${req.secure ? '; Secure' : ''}`);
    res.redirect(302, flow.installUrl(state));
  });

  router.get(`${base}/callback`, async (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const expected = cookieValue(req.headers.cookie, COOKIE);
    if (!code || !state || !expected || !same(state, expected)) {
      res.status(400).type('html').send(page('Connection not completed', 'The sign-in link was incomplete or has expired. Start again from the install link.'));
      return;
    }
    const tenant = await flow.install(code);
    flow.log.info({ tenant }, 'CRM account connected');
    if (flow.onInstalled) void flow.onInstalled(tenant).catch((err: unknown) => flow.log.error({ tenant, err }, 'first run after install failed'));
    res.setHeader('Set-Cookie', `${COOKIE}=; Path=${base}; HttpOnly; SameSite=Lax; Max-Age=0`);
    res.type('html').send(page('Connected', `Klantwaarde is connected to ${tenant.replace(/[<>&"]/g, '')}. The first sync and calculation have started; the properties appear on the companies when they are done.`));
  });

  return router;
}
