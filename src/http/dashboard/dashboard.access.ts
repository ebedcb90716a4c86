// Who may see the dashboard: in local mode only this machine (loopback addresses, and a
// loopback Host so a rebinding DNS name cannot reach it); in token mode whoever holds the
// token, as a Bearer header or the session cookie the login form sets.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { AppError } from '../../app/errors.ts';
import { sendPage } from './send-page.ts';
import { forbiddenPage, loginPage } from './views/login.view.ts';

export type DashboardAccess = { mode: 'local' } | { mode: 'token'; token: string };

export const SESSION_COOKIE = 'kw_dashboard';
const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

export interface DashboardGuard {
  /** For pages: a short HTML page (local mode) or a redirect to /login (token mode). */
  page: RequestHandler;
  /** For the JSON API: 401/403 with { error: { code } }. */
  api: RequestHandler;
}

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x. */
export function isLoopback(ip: string | undefined): boolean {
  if (!ip) return false;
  const v4 = ip.toLowerCase().startsWith('::ffff:') ? ip.slice(7) : ip;
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || isLoopback(name);
}

/** Equal strings in time that does not depend on where they differ (hashing evens out the lengths). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The cookie holds a value derived from the token, not the token itself. */
function sessionValue(token: string): string {
  return createHmac('sha256', token).update('klantwaarde dashboard session v1').digest('base64url');
}

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

type Verdict = 'ok' | 'forbidden' | 'anonymous' | 'bad_token';

function verdict(access: DashboardAccess, req: Request): Verdict {
  if (access.mode === 'local') return isLoopback(req.ip) && isLoopbackHost(req.headers.host) ? 'ok' : 'forbidden';
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    return match && sameSecret(match[1]!, access.token) ? 'ok' : 'bad_token';
  }
  const session = cookie(req, SESSION_COOKIE);
  return session !== undefined && sameSecret(session, sessionValue(access.token)) ? 'ok' : 'anonymous';
}

/** A browser sends Origin on cross-site POSTs; a form on another site must not start a run. */
function crossSite(req: Request): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || req.method === 'GET' || req.method === 'HEAD') return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

export function dashboardGuard(access: DashboardAccess): DashboardGuard {
  return {
    page: (req, res, next) => {
      const v = verdict(access, req);
      if (v === 'ok') return next();
      if (v === 'forbidden') return sendPage(res, forbiddenPage(), 403);
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    },
    api: (req, _res, next) => {
      const v = verdict(access, req);
      if (v === 'forbidden') throw new AppError('auth.forbidden', 'The dashboard answers requests from this machine only (local mode).');
      if (v === 'anonymous') throw new AppError('auth.required', 'Send the dashboard token as "Authorization: Bearer <token>" or log in at /login.');
      if (v === 'bad_token') throw new AppError('auth.bad_token', 'The dashboard token is not valid.');
      if (crossSite(req)) throw new AppError('auth.forbidden', 'Cross-site requests are not accepted.');
      next();
    },
  };
}

/** Only paths on this site: "//evil.example" or "https://…" would send the user elsewhere. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

export function loginRoutes(router: Router, access: DashboardAccess): void {
  router.get('/login', (req, res) => {
    if (access.mode === 'local') return void res.redirect(303, '/');
    sendPage(res, loginPage({ next: safeNext(req.query.next), failed: false }));
  });

  router.post('/login', express.urlencoded({ extended: false, limit: '10kb' }), (req: Request, res: Response) => {
    if (access.mode === 'local') return void res.redirect(303, '/');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    if (typeof body.token !== 'string' || !sameSecret(body.token, access.token)) {
      return sendPage(res, loginPage({ next, failed: true }), 401);
    }
    res.cookie(SESSION_COOKIE, sessionValue(access.token), {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      maxAge: SESSION_MAX_AGE_SECONDS * 1000,
    });
    res.redirect(303, next);
  });

  router.post('/logout', (req, res) => {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
    res.redirect(303, access.mode === 'local' ? '/' : '/login');
  });
}
