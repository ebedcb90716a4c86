// POST /webhooks/hubspot: verify the signature on the raw body (v3 only: HubSpot sends it with
// every webhook, and v1/v2 have no timestamp), validate the event array, drop repeats — which is
// also what a replay within the 5 minutes meets: its events were seen — queue the dirty objects
// durably and answer 204, with no CRM call in the request, so it stays fast under load. Refusals
// are { error: { code, message } } with a log line that holds neither the secret nor the payload.
import express, { Router, type ErrorRequestHandler, type Response } from 'express';
import type { Logger } from '../../src/app/ports/logger.port.ts';
import { noMetrics, type Metrics } from '../../src/app/ports/metrics.port.ts';
import type { WorkQueue } from '../../src/app/ports/queue.port.ts';
import type { TenantId } from '../../src/app/ports/store.port.ts';
import { deliveriesOf } from './dirty-objects.ts';
import { parseEvents } from './events.ts';
import { rawBodyOf, signedRequestOf } from './signed-request.ts';
import { verifySignature } from './signature.ts';

export interface HubSpotWebhookOptions {
  /** HUBSPOT_CLIENT_SECRET: the app's client secret, which signs every request. */
  clientSecret: string;
  /** PUBLIC_URL: the address HubSpot calls (the v3 signature covers it). */
  publicUrl?: string;
  queue: Pick<WorkQueue, 'acceptEvents'>;
  /** Whether a tenant (hubspot:<portal id>) is connected; events of other portals are refused. */
  isConnected: (tenant: TenantId) => boolean | Promise<boolean>;
  log: Logger;
  metrics?: Metrics;
  now?: () => number;
  path?: string;
}

const SOURCE = 'hubspot';
export const WEBHOOK_BODY_LIMIT = '1mb';

export function hubspotWebhookRoutes(options: HubSpotWebhookOptions): Router {
  const { log } = options;
  const metrics = options.metrics ?? noMetrics;
  const now = options.now ?? Date.now;
  const path = options.path ?? '/webhooks/hubspot';
  const router = Router();

  const refuse = (res: Response, status: number, code: string, message: string, fields: object = {}) => {
    metrics.webhookRejected(SOURCE, code);
    log.warn({ code, status, path, ...fields }, `hubspot webhook refused: ${message}`);
    res.status(status).json({ error: { code, message } });
  };

  router.post(path, express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const raw = rawBodyOf(req);
    const signature = verifySignature(signedRequestOf(req, raw, options.publicUrl), options.clientSecret, now());
    if (!signature.ok) return refuse(res, 401, signature.code, signature.reason, { bytes: raw.length });
    const parsed = parseEvents(raw);
    if (!parsed.ok) {
      const code = parsed.reason === 'the body is not valid JSON' ? 'webhook.malformed_json' : 'webhook.invalid_events';
      return refuse(res, 400, code, parsed.reason, { bytes: raw.length });
    }

    const deliveries = deliveriesOf(parsed.events);
    const connected = new Map<TenantId, boolean>();
    for (const tenant of new Set(deliveries.map((d) => d.tenant))) connected.set(tenant, await options.isConnected(tenant));
    const known = deliveries.filter((d) => connected.get(d.tenant));
    const strangers = [...connected].filter(([, ok]) => !ok).map(([tenant]) => tenant);
    if (known.length === 0) return refuse(res, 403, 'webhook.unknown_portal', `no connected portal among ${strangers.join(', ')}`, { events: deliveries.length });
    if (strangers.length > 0) {
      metrics.webhookRejected(SOURCE, 'webhook.unknown_portal');
      log.warn({ code: 'webhook.unknown_portal', tenants: strangers, dropped: deliveries.length - known.length }, 'hubspot webhook events of portals that are not connected were dropped');
    }

    let outcome;
    try {
      outcome = await options.queue.acceptEvents(known);
    } catch (err) {
      // A 5xx makes HubSpot deliver again later: nothing is lost while the queue is down.
      log.error({ err, events: known.length }, 'hubspot webhook events could not be queued');
      return refuse(res, 503, 'queue.unavailable', 'the events could not be queued; HubSpot will retry');
    }
    metrics.webhookAccepted(SOURCE, known.length, outcome.duplicates);
    log.debug({ events: known.length, accepted: outcome.accepted, duplicates: outcome.duplicates }, 'hubspot webhook accepted');
    res.status(204).end();
  });

  const bodyErrors: ErrorRequestHandler = (error: { type?: string }, _req, res, next) => {
    if (error.type === 'entity.too.large') return refuse(res, 413, 'webhook.too_large', `the body is larger than ${WEBHOOK_BODY_LIMIT}`);
    if (typeof error.type === 'string') return refuse(res, 400, 'webhook.bad_body', 'the body could not be read');
    next(error);
  };
  router.use(path, bodyErrors);
  return router;
}
