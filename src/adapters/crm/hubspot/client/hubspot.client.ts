// One paced, retrying, zod-checked way to call HubSpot: calls wait for room in the account's
// rolling windows, 429s wait (DAILY stops), 5xx and network errors get a bounded backoff.
import type { z } from 'zod';
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import { HubSpotError, type HubSpotErrorCode } from './hubspot.errors.ts';
import { isSearchPath } from './hubspot.paths.ts';
import { createTransport, type Exchange, type HubSpotRequest } from './hubspot.transport.ts';
import { createLocalCallLimiter, type CallLimiter } from './call-limiter.ts';
import { systemClock, type Clock } from './rolling-limiter.ts';

export type { HubSpotRequest } from './hubspot.transport.ts';

/** A fixed token (static auth), or a source that can hand out and renew one (OAuth). */
export type AccessTokenSource = string | { get(): Promise<string>; renew?(): Promise<string> };

export interface HubSpotClientOptions {
  accessToken?: AccessTokenSource;
  /** HUBSPOT_BASE_URL: another API host (a local simulator in tests). */
  baseUrl?: string;
  /** Calls per rolling window for the account (hubspot.rateLimit; 100 fits every tier). */
  rateLimit?: number;
  windowMs?: number;
  /** Search calls per search window (HubSpot: about 5 per second per account). */
  searchRateLimit?: number;
  searchWindowMs?: number;
  /** Paces the calls instead of the client's own windows (a limiter shared by instances); the limits above are then its business. */
  limiter?: CallLimiter;
  /** Tries for 5xx and network errors, the first included. */
  maxAttempts?: number;
  /** Waits after secondly 429s before giving up with crm.rate_limited. */
  maxRateLimitRetries?: number;
  backoffMs?: number;
  clock?: Clock;
  log?: Logger;
}

export interface HubSpotResponse<T> {
  status: number;
  data: T;
}

export interface ClientStats {
  calls: number;
  searchCalls: number;
  rateLimited: number;
  retries: number;
}

export interface HubSpotClient {
  send<S extends z.ZodType>(request: HubSpotRequest, schema: S): Promise<HubSpotResponse<z.output<S>>>;
  readonly stats: ClientStats;
}

const CODE_BY_STATUS: Record<number, HubSpotErrorCode> = {
  400: 'crm.bad_request',
  401: 'crm.unauthorized',
  403: 'crm.forbidden',
  404: 'crm.not_found',
  409: 'crm.conflict',
};

export function createHubSpotClient(options: HubSpotClientOptions): HubSpotClient {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLogger;
  const staticToken = typeof options.accessToken === 'string' ? options.accessToken : undefined;
  const transport = createTransport({ ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}), ...(staticToken ? { staticToken } : {}) });
  const limiter =
    options.limiter ??
    createLocalCallLimiter({ limit: options.rateLimit ?? 100, windowMs: options.windowMs ?? 10_000, searchLimit: options.searchRateLimit ?? 5, searchWindowMs: options.searchWindowMs ?? 1000 }, clock);
  const maxAttempts = options.maxAttempts ?? 3;
  const maxRateLimitRetries = options.maxRateLimitRetries ?? 6;
  const backoffMs = options.backoffMs ?? 500;
  const stats: ClientStats = { calls: 0, searchCalls: 0, rateLimited: 0, retries: 0 };

  const token = async (renew: boolean): Promise<string | undefined> => {
    const source = options.accessToken;
    if (source === undefined || typeof source === 'string') return source;
    return renew && source.renew ? source.renew() : source.get();
  };

  async function once(request: HubSpotRequest): Promise<Exchange> {
    const search = isSearchPath(request.path);
    const sent = await limiter.acquire(search);
    stats.calls += 1;
    if (search) stats.searchCalls += 1;
    const exchange = await transport(request, request.auth === false ? undefined : (request.bearer ?? (await token(false))));
    sent.answered(clock.now());
    return exchange;
  }

  async function send<S extends z.ZodType>(request: HubSpotRequest, schema: S): Promise<HubSpotResponse<z.output<S>>> {
    let failures = 0;
    let rateLimits = 0;
    let renewed = false;
    for (;;) {
      let result: Exchange;
      try {
        result = await once(request);
      } catch (error) {
        if (error instanceof HubSpotError) throw error;
        failures += 1;
        if (failures >= maxAttempts) throw new HubSpotError('crm.unavailable', `${request.method} ${request.path}: ${(error as Error).message}`);
        stats.retries += 1;
        await clock.sleep(backoffMs * 2 ** (failures - 1));
        continue;
      }
      const { status, headers, body } = result;
      if (status >= 200 && status < 300) {
        const parsed = schema.safeParse(body);
        if (!parsed.success) {
          throw new HubSpotError('crm.bad_response', `${request.method} ${request.path}: unexpected response (${parsed.error.issues[0]?.message ?? 'invalid'})`, { status, body });
        }
        return { status, data: parsed.data };
      }
      const message = describe(request, status, body);
      if (status === 429) {
        stats.rateLimited += 1;
        const policy = policyName(body);
        if (policy === 'DAILY') throw new HubSpotError('crm.daily_limit', message, { status, body });
        rateLimits += 1;
        if (rateLimits > maxRateLimitRetries) throw new HubSpotError('crm.rate_limited', message, { status, body });
        // Without Retry-After, wait a tenth of the window that refused us: the rolling window
        // frees calls continuously, and the pacer adds whatever our own count still requires.
        const searchWindow = isSearchPath(request.path) && policy !== 'TEN_SECONDLY_ROLLING';
        const retryAfter = Number(headers.get('retry-after'));
        const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : limiter.windowMs(searchWindow) / 10;
        await limiter.refused(searchWindow, wait);
        log.warn({ path: request.path, policy, waitMs: wait }, 'hubspot rate limit hit; waiting');
        stats.retries += 1;
        continue;
      }
      if (status >= 500) {
        failures += 1;
        if (failures >= maxAttempts) throw new HubSpotError('crm.unavailable', message, { status, body });
        stats.retries += 1;
        await clock.sleep(backoffMs * 2 ** (failures - 1));
        continue;
      }
      if (status === 401 && !renewed && typeof options.accessToken === 'object' && options.accessToken.renew) {
        renewed = true;
        await token(true);
        continue;
      }
      throw new HubSpotError(CODE_BY_STATUS[status] ?? 'crm.bad_request', message, { status, body });
    }
  }

  return { send, stats };
}

function policyName(body: unknown): string | null {
  return typeof body === 'object' && body !== null && 'policyName' in body && typeof body.policyName === 'string' ? body.policyName : null;
}

function describe(request: HubSpotRequest, status: number, body: unknown): string {
  const detail = typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string' ? body.message : typeof body === 'string' ? body.slice(0, 200) : '';
  return `${request.method} ${request.path} → ${status}${detail ? `: ${detail}` : ''}`;
}
