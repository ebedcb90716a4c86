// The OAuth install flow for a CRM app: /oauth/<crm>/install (or /connect) sends an admin to the
// CRM's consent page with a one-time state (kept in a cookie against CSRF); /oauth/<crm>/callback
// checks the state, lets the connector exchange the code and store the tokens.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import type { Logger } from '../app/ports/logger.port.ts';
import type { TenantId } from '../app/ports/store.port.ts';
import { cookieOf } from './cookies.ts';

export interface OAuthFlow {
  /** The path segment: /oauth/<crm>/… */
  crm: 'hubspot' | 'salesforce';
  installUrl(state: string): string;
  /** Exchanges the code, stores the tokens, answers the tenant. The state is the checked one (Salesforce derives its PKCE verifier from it). */
  install(code: string, state: string): Promise<TenantId>;
  /** Work to start once a tenant is connected (e.g. its first full sync); runs in the background. */
  onInstalled?(tenant: TenantId): Promise<void>;
  /** A line to show the admin once on the "Connected" page (e.g. a secret issued at connect), or null. */
  notice?(tenant: TenantId): Promise<string | null>;
  log: Logger;
}

const COOKIE = 'kw_oauth_state';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const escapeHtml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string, extra = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><meta name="referrer" content="no-referrer"></head><body style="font-family:system-ui;max-width:40rem;margin:3rem auto"><h1>${title}</h1><p>${body}</p>${extra}</body></html>`;

const CRM_NAMES: Record<OAuthFlow['crm'], string> = { hubspot: 'HubSpot', salesforce: 'Salesforce' };

export function oauthRoutes(flow: OAuthFlow): Router {
  const router = Router();
  const base = `/oauth/${flow.crm}`;

  const install: express.RequestHandler = (req, res) => {
    const state = randomBytes(24).toString('base64url');
    res.setHeader('Set-Cookie', `${COOKIE}=${state}; Path=${base}; HttpOnly; SameSite=Lax; Max-Age=600${req.secure ? '; Secure' : ''}`);
    res.redirect(302, flow.installUrl(state));
  };
  router.get(`${base}/install`, install);
  router.get(`${base}/connect`, install);

  router.get(`${base}/callback`, async (req, res) => {
    const name = CRM_NAMES[flow.crm];
    // The admin declined, or the CRM refused the app (error=access_denied, OAUTH_APP_BLOCKED, …).
    if (typeof req.query.error === 'string') {
      const reason = typeof req.query.error_description === 'string' ? req.query.error_description : req.query.error;
      flow.log.warn({ crm: flow.crm, error: req.query.error }, 'OAuth connection declined');
      res.status(400).type('html').send(page('Connection not completed', `${name} did not grant access: ${escapeHtml(reason.slice(0, 300))}. Start again from the install link.`));
      return;
    }
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const expected = cookieOf(req.headers.cookie, COOKIE);
    if (!code || !state || !expected || !same(state, expected)) {
      res.status(400).type('html').send(page('Connection not completed', 'The sign-in link was incomplete or has expired. Start again from the install link.'));
      return;
    }
    let tenant: TenantId;
    try {
      tenant = await flow.install(code, state);
    } catch (err) {
      flow.log.error({ crm: flow.crm, err }, 'OAuth code exchange failed');
      res.status(502).type('html').send(page('Connection not completed', `${name} did not accept the sign-in (${escapeHtml(err instanceof Error ? err.message.slice(0, 300) : 'unknown error')}). Start again from the install link.`));
      return;
    }
    flow.log.info({ tenant }, 'CRM account connected');
    const notice = flow.notice ? await flow.notice(tenant).catch((err: unknown) => (flow.log.error({ tenant, err }, 'could not prepare the connect notice'), null)) : null;
    if (flow.onInstalled) void flow.onInstalled(tenant).catch((err: unknown) => flow.log.error({ tenant, err }, 'first run after install failed'));
    res.setHeader('Set-Cookie', `${COOKIE}=; Path=${base}; HttpOnly; SameSite=Lax; Max-Age=0`);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(
      page(
        'Connected',
        `Klantwaarde is connected to ${escapeHtml(tenant)}. The first sync and calculation have started; the properties appear on the companies when they are done.`,
        notice ? `<p>${escapeHtml(notice)}</p>` : '',
      ),
    );
  });

  return router;
}
