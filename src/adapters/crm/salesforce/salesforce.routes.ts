// The HTTP side of the Salesforce connector as express Routers the server mounts (before its
// JSON parser; each route reads its own body): POST /webhooks/salesforce for Outbound Messages
// and POST /actions/salesforce/recalculate for a Flow's HTTP callout.
import express, { type Router } from 'express';
import { z } from 'zod';
import { isAppError } from '../../../app/errors.ts';
import { silentLogger, type Logger } from '../../../app/ports/logger.port.ts';
import type { TenantId } from '../../../app/ports/store.port.ts';
import { isSalesforceId, tenantOfOrg, toId18 } from './salesforce.ids.ts';
import { ACK_RESPONSE, parseOutboundMessage, soapFault, type ChangedRecord } from './salesforce.outbound-message.ts';
import { SALESFORCE_LIMITS } from './salesforce.paths.ts';
import { CALLOUT_SECRET_HEADER, secretMatches } from './salesforce.secret.ts';

export interface SalesforceWebhookDeps {
  /** The tenant of a connected org ("salesforce:<orgId>"), or null for an org we do not serve. */
  orgs: (orgId: string) => Promise<TenantId | null> | TenantId | null;
  /** Queues the changed records; the worker finds their accounts in Salesforce (an opportunity's AccountId is read again). */
  enqueue: (tenant: TenantId, records: ChangedRecord[]) => Promise<void>;
  /** Whether a notification was handled before (Salesforce delivers at least once). */
  seen: (notificationId: string) => Promise<boolean>;
  /** Marks notifications handled, once they are queued: a failed enqueue must stay retryable. */
  remember: (notificationIds: string[]) => Promise<void>;
  log?: Logger;
}

export function salesforceWebhookRoutes(deps: SalesforceWebhookDeps): Router {
  const log = deps.log ?? silentLogger;
  const router = express.Router();
  const reply = (res: express.Response, status: number, body: string) => res.status(status).type('text/xml; charset=utf-8').send(body);
  router.post('/webhooks/salesforce', express.text({ type: () => true, limit: '1mb' }), async (req, res) => {
    let message;
    try {
      message = parseOutboundMessage(typeof req.body === 'string' ? req.body : '');
    } catch (error) {
      if (!isAppError(error)) throw error;
      log.warn({ code: error.code }, error.message);
      reply(res, error.code === 'webhook.too_large' ? 413 : 400, soapFault('Client', error.message));
      return;
    }
    const tenant = await deps.orgs(message.organizationId);
    if (!tenant) {
      log.warn({ organizationId: message.organizationId }, 'salesforce outbound message from an org that is not connected');
      reply(res, 403, soapFault('Client', 'organization not connected'));
      return;
    }
    try {
      const fresh: typeof message.notifications = [];
      for (const notification of message.notifications) if (!(await deps.seen(notification.id))) fresh.push(notification);
      if (fresh.length > 0) await deps.enqueue(tenant, fresh.map((n) => n.record));
      await deps.remember([...fresh, ...message.ignored].map((n) => n.id));
      if (message.ignored.length > 0) log.info({ tenant, ignored: message.ignored }, 'salesforce notifications about objects Klantwaarde does not read');
      log.info({ tenant, queued: fresh.length, duplicates: message.notifications.length - fresh.length }, 'salesforce outbound message');
      reply(res, 200, ACK_RESPONSE);
    } catch (error) {
      log.error({ tenant, err: error }, 'salesforce outbound message could not be queued; Salesforce will send it again');
      reply(res, 500, soapFault('Server', 'could not queue the notifications; send again'));
    }
  });
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
