// The HTTP side of the Salesforce connector as express Routers the server mounts (before its
// JSON parser; each route reads its own body): POST /webhooks/salesforce/<token> for Outbound
// Messages and POST /actions/salesforce/recalculate for a Flow's HTTP callout. Both are verified
// with the org's shared secret: the callout sends it, the message's URL carries a token derived
// from it. Nothing of an unverified message is kept — its notification ids are not marked as seen.
import express, { type Router } from 'express';
import { z } from 'zod';
import { isAppError } from '../../../../app/errors.ts';
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import { noMetrics, type Metrics } from '../../../../app/ports/metrics.port.ts';
import type { Delivery, WorkQueue } from '../../../../app/ports/queue.port.ts';
import type { TenantId } from '../../../../app/ports/store.port.ts';
import { isSalesforceId, tenantOfOrg, toId18 } from '../client/salesforce.ids.ts';
import { dirtyObjectOf } from './salesforce.changes.ts';
import { ACK_RESPONSE, parseOutboundMessage, soapFault } from './salesforce.outbound-message.ts';
import { SALESFORCE_LIMITS } from '../client/salesforce.paths.ts';
import { CALLOUT_SECRET_HEADER, OUTBOUND_MESSAGE_PATH, outboundMessageToken, secretMatches } from './salesforce.secret.ts';

export interface SalesforceWebhookDeps {
  /** The tenant of a connected org ("salesforce:<orgId>"), or null for an org we do not serve. */
  orgs: (orgId: string) => Promise<TenantId | null> | TenantId | null;
  /** The org's shared secret (its Flow callout secret), or null when none was issued: its messages are then refused. */
  secretFor: (tenant: TenantId) => Promise<string | null>;
  /**
   * The durable work queue: each notification is one event (its id deduplicates Salesforce's
   * redeliveries) whose record is queued in the same transaction; the worker finds the record's
   * account in Salesforce (an opportunity's AccountId is read again, the payload is not used).
   */
  queue: Pick<WorkQueue, 'acceptEvents'>;
  log?: Logger;
  metrics?: Metrics;
}

const SOURCE = 'salesforce';

export function salesforceWebhookRoutes(deps: SalesforceWebhookDeps): Router {
  const log = deps.log ?? silentLogger;
  const metrics = deps.metrics ?? noMetrics;
  const router = express.Router();
  const reply = (res: express.Response, status: number, body: string) => res.status(status).type('text/xml; charset=utf-8').send(body);
  const refuse = (res: express.Response, status: number, code: string, side: 'Client' | 'Server', message: string) => {
    metrics.webhookRejected(SOURCE, code);
    reply(res, status, soapFault(side, message));
  };
  const unverified = 'the endpoint URL does not carry this organization\'s token, or the organization is not connected';
  router.post([OUTBOUND_MESSAGE_PATH, `${OUTBOUND_MESSAGE_PATH}/:token`], express.text({ type: () => true, limit: '1mb' }), async (req, res) => {
    let message;
    try {
      message = parseOutboundMessage(typeof req.body === 'string' ? req.body : '');
    } catch (error) {
      if (!isAppError(error)) throw error;
      log.warn({ code: error.code }, error.message);
      refuse(res, error.code === 'webhook.too_large' ? 413 : 400, error.code, 'Client', error.message);
      return;
    }
    let tenant;
    let secret;
    try {
      tenant = await deps.orgs(message.organizationId);
      secret = tenant ? await deps.secretFor(tenant) : null;
    } catch (error) {
      log.error({ err: error }, 'could not tell whether the org of a salesforce outbound message is connected');
      refuse(res, 503, 'store.unavailable', 'Server', 'could not check the organization; send again');
      return;
    }
    // A stranger org and a wrong token are answered alike; the log says which (never the token).
    const token = typeof req.params.token === 'string' ? req.params.token : undefined;
    if (!tenant || !secret || !secretMatches(token, outboundMessageToken(secret))) {
      const why = !tenant ? 'an org that is not connected' : !secret ? 'an org without a shared secret (set SALESFORCE_CALLOUT_SECRET, or TOKEN_ENCRYPTION_KEY and run `klantwaarde setup salesforce`)' : token === undefined ? 'an endpoint URL without the org\'s token' : 'a wrong token in the endpoint URL';
      log.warn({ organizationId: message.organizationId }, `salesforce outbound message refused: ${why}`);
      refuse(res, 401, 'webhook.unverified', 'Client', unverified);
      return;
    }
    // Notifications about objects Klantwaarde does not read are recorded (acknowledged) with nothing to queue.
    const deliveries: Delivery[] = [
      ...message.notifications.map((n) => ({ tenant, eventId: n.id, objects: [dirtyObjectOf(tenant, n.record)] })),
      ...message.ignored.map((n) => ({ tenant, eventId: n.id, objects: [] })),
    ];
    let outcome;
    try {
      outcome = await deps.queue.acceptEvents(deliveries);
    } catch (error) {
      log.error({ tenant, err: error }, 'salesforce outbound message could not be queued; Salesforce will send it again');
      refuse(res, 500, 'queue.unavailable', 'Server', 'could not queue the notifications; send again');
      return;
    }
    metrics.webhookAccepted(SOURCE, deliveries.length, outcome.duplicates);
    if (message.ignored.length > 0) log.info({ tenant, ignored: message.ignored }, 'salesforce notifications about objects Klantwaarde does not read');
    log.info({ tenant, accepted: outcome.accepted, duplicates: outcome.duplicates }, 'salesforce outbound message');
    reply(res, 200, ACK_RESPONSE);
  });
  const bodyErrors: express.ErrorRequestHandler = (error: { type?: string }, _req, res, next) => {
    if (error.type === 'entity.too.large') return refuse(res, 413, 'webhook.too_large', 'Client', 'the message is larger than 1mb');
    if (typeof error.type === 'string') return refuse(res, 400, 'webhook.bad_body', 'Client', 'the body could not be read');
    next(error);
  };
  router.use(OUTBOUND_MESSAGE_PATH, bodyErrors);
  return router;
}

export interface SalesforceRecalculateDeps {
  /** The org's callout secret, or null when none was issued. */
  secretFor: (tenant: TenantId) => Promise<string | null>;
  /** Pulls and recomputes the accounts; answers one result object per account. */
  recalculate: (tenant: TenantId, accountIds: string[]) => Promise<object[]>;
  log?: Logger;
}

const salesforceId = z.string().refine(isSalesforceId, { error: 'expected a Salesforce id' }).transform(toId18);
const calloutBody = z.object({ orgId: salesforceId, accountIds: z.array(salesforceId).min(1).max(SALESFORCE_LIMITS.collection) });

export function salesforceRecalculateRoutes(deps: SalesforceRecalculateDeps): Router {
  const log = deps.log ?? silentLogger;
  const router = express.Router();
  const refuse = (res: express.Response, status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });
  router.post('/actions/salesforce/recalculate', express.json({ limit: '256kb' }), async (req, res, next) => {
    const body = calloutBody.safeParse(req.body);
    if (!body.success) {
      refuse(res, 400, 'request.invalid', `expected { orgId, accountIds: [1 to ${SALESFORCE_LIMITS.collection} account ids] }: ${body.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    const tenant = tenantOfOrg(body.data.orgId);
    const secret = await deps.secretFor(tenant);
    if (!secret || !secretMatches(req.get(CALLOUT_SECRET_HEADER), secret)) {
      log.warn({ tenant }, 'salesforce callout with a missing or wrong secret');
      refuse(res, 401, 'auth.bad_secret', `missing or wrong ${CALLOUT_SECRET_HEADER} header for this org`);
      return;
    }
    try {
      const results = await deps.recalculate(tenant, [...new Set(body.data.accountIds)]);
      res.json({ results });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
