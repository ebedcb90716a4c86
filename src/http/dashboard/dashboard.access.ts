// Who may use the dashboard — and, in local mode, the card API, which gets the same rule: in
// local mode only this machine (a loopback address, and a loopback Host so a rebinding DNS name
// cannot reach it); in token mode whoever holds the token, as a Bearer header or the session
// cookie the login form sets. Both refuse a state-changing request another site's page sends.
// Failed logins and wrong Bearer tokens are counted per client address (429 past the limit); a
// session expires after 12 hours and ends on the server at logout.
import { createHmac, randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { AppError } from '../../app/errors.ts';
import { cookieOf } from '../cookies.ts';
import { failureLimiter, LOGIN_LIMIT, type FailureLimiter } from '../failure-limiter.ts';
import { memoryLedger, type SeenLedger } from '../seen-ledger.ts';
import { sendPage } from './send-page.ts';
import { forbiddenPage, loginPage } from './views/login.view.ts';

export type DashboardAccess = { mode: 'local' } | { mode: 'token'; token: string };

export const SESSION_COOKIE = 'kw_dashboard';
export const SESSION_MAX_AGE_MS = 12 * 3600_000;

export interface GateOptions {
  now?: () => number;
  /** Sessions ended by logout; the server passes the queue's ledger (shared by its instances). */
  loggedOut?: SeenLedger;
  /** Cookies only over https: PUBLIC_URL is https (behind a proxy the request itself is plain http). */
  secureCookies?: boolean;
  limiter?: FailureLimiter;
}

export interface AccessGate {
  readonly mode: DashboardAccess['mode'];
  /** Throws the AppError that refuses the request (403, 401, 429), or lets it through. */
  check(req: Request): Promise<void>;
  /** For pages: a short HTML page (local mode) or a redirect to /login (token mode). */
  page: RequestHandler;
  /** For JSON: the refusal goes to the app's error handler as { error: { code } }. */
  api: RequestHandler;
  /** GET and POST /login, POST /logout. */
  loginRoutes(router: Router): void;
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

/** This machine asking under one of its own names: the local-mode rule (also /metrics without a token). */
export function fromThisMachine(req: Request): boolean {
  return isLoopback(req.ip) && isLoopbackHost(req.headers.host);
}

/** Equal strings in time that does not depend on where they differ (hashing evens out the lengths). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * A browser says where a request comes from: Origin on cross-origin requests, Sec-Fetch-Site on
 * all of them. A form or fetch on another site (or a sibling subdomain) must not change anything.
 */
function crossSite(req: Request): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/** Signed session values `<id>.<expires ms>.<mac>`: nothing is kept per session but the ones logged out. */
function sessions(token: string, loggedOut: SeenLedger) {
  const key = createHmac('sha256', token).update('klantwaarde dashboard session v2').digest();
  const mac = (body: string) => createHmac('sha256', key).update(body).digest('base64url');
  return {
    issue(now: number): string {
      const body = `${randomBytes(18).toString('base64url')}.${now + SESSION_MAX_AGE_MS}`;
      return `${body}.${mac(body)}`;
    },
    /** The session id of a value that is genuine and unexpired, else null. */
    read(value: string | undefined, now: number): string | null {
      const [id, expires, given] = (value ?? '').split('.');
      if (!id || !expires || given === undefined || !sameSecret(given, mac(`${id}.${expires}`))) return null;
      return Number(expires) > now ? id : null;
    },
    async live(value: string | undefined, now: number): Promise<boolean> {
      const id = this.read(value, now);
      return id !== null && !(await loggedOut.seen(`session:${id}`));
    },
    async end(value: string | undefined, now: number): Promise<void> {
      const id = this.read(value, now);
      if (id !== null) await loggedOut.firstSight(`session:${id}`);
    },
  };
}

/** Only paths on this site: "//evil.example" or "https://…" would send the user elsewhere. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

const clientOf = (req: Request) => req.ip ?? 'unknown';

function rateLimited(retryAfterMs: number): AppError {
  const retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
  return new AppError('auth.rate_limited', `Too many failed attempts from this address; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, { retryAfterSeconds });
}

export function accessGate(access: DashboardAccess, options: GateOptions = {}): AccessGate {
  const now = options.now ?? Date.now;
  const limiter = options.limiter ?? failureLimiter({ ...LOGIN_LIMIT, now });
  const session = access.mode === 'token' ? sessions(access.token, options.loggedOut ?? memoryLedger({ keepMs: SESSION_MAX_AGE_MS, now })) : null;
  const cookieOptions = (req: Request) => ({ httpOnly: true, sameSite: 'strict' as const, secure: options.secureCookies === true || req.secure, path: '/' });

  /** 'anonymous' for a visitor without credentials (pages send it to the login form). */
  async function verdict(req: Request): Promise<AppError | 'anonymous' | null> {
    if (access.mode === 'local') return fromThisMachine(req) ? null : new AppError('auth.forbidden', 'This server answers requests from this machine only (local mode): open it at http://localhost, or set DASHBOARD_TOKEN.');
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const wait = limiter.retryAfterMs(clientOf(req));
      if (wait > 0) return rateLimited(wait);
      const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
      if (match && sameSecret(match[1]!, access.token)) return null;
      limiter.failed(clientOf(req));
      return new AppError('auth.bad_token', 'The dashboard token is not valid.');
    }
    return (await session!.live(cookieOf(req.headers.cookie, SESSION_COOKIE), now())) ? null : 'anonymous';
  }

  async function check(req: Request): Promise<void> {
    const v = await verdict(req);
    if (v === 'anonymous') throw new AppError('auth.required', 'Send the dashboard token as "Authorization: Bearer <token>" or log in at /login.');
    if (v) throw v;
    if (crossSite(req)) throw new AppError('auth.forbidden', 'Cross-site requests are not accepted.');
  }

  return {
    mode: access.mode,
    check,
    page: async (req, res, next) => {
      const v = await verdict(req);
      if (v === null) return next();
      if (v === 'anonymous') return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      if (v.code === 'auth.forbidden') return sendPage(res, forbiddenPage(), 403);
      const retryAfter = (v.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
      throw v;
    },
    api: async (req, _res, next) => {
      await check(req);
      next();
    },
    loginRoutes(router) {
      router.get('/login', (req, res) => {
        if (access.mode === 'local') return void res.redirect(303, '/');
        sendPage(res, loginPage({ next: safeNext(req.query.next), failed: false }));
      });

      router.post('/login', express.urlencoded({ extended: false, limit: '10kb' }), (req: Request, res: Response) => {
        if (access.mode === 'local') return void res.redirect(303, '/');
        const body = (req.body ?? {}) as Record<string, unknown>;
        const next = safeNext(body.next);
        const wait = limiter.retryAfterMs(clientOf(req));
        if (wait > 0) {
          res.set('Retry-After', String(Math.ceil(wait / 1000)));
          return sendPage(res, loginPage({ next, failed: false, notice: rateLimited(wait).message }), 429);
        }
        if (typeof body.token !== 'string' || !sameSecret(body.token, access.token)) {
          limiter.failed(clientOf(req));
          return sendPage(res, loginPage({ next, failed: true }), 401);
        }
        res.cookie(SESSION_COOKIE, session!.issue(now()), { ...cookieOptions(req), maxAge: SESSION_MAX_AGE_MS });
        res.redirect(303, next);
      });

      router.post('/logout', async (req, res) => {
        await session?.end(cookieOf(req.headers.cookie, SESSION_COOKIE), now());
        res.clearCookie(SESSION_COOKIE, cookieOptions(req));
        res.redirect(303, access.mode === 'local' ? '/' : '/login');
      });
    },
  };
}
