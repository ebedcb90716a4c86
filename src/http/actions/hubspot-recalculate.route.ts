// POST /actions/hubspot/recalculate: HubSpot's workflow action. Verify the signature, parse the
// execution request, run the use case, answer { outputFields: { …, hs_execution_state } }.
// v3 when HubSpot sends it (a repeated signature and timestamp is a replay); v2 without it, as the
// guide documents actions signed — v2 has no timestamp, so an execution (its callbackId) is served
// once: remembered after it was answered, so HubSpot's retry of a failed delivery still gets through.
import express, { Router, type ErrorRequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Logger } from '../../app/ports/logger.port.ts';
import { noMetrics, type Metrics } from '../../app/ports/metrics.port.ts';
import type { TenantId } from '../../app/ports/store.port.ts';
import type { WorkflowActions } from '../../app/workflow-action.ts';
import { rawBodyOf, signedRequestOf } from '../../../webhooks/hubspot/signed-request.ts';
import { verifySignature } from '../../../webhooks/hubspot/signature.ts';
import { ledgerKey, memoryLedger, type SeenLedger } from '../seen-ledger.ts';

export interface HubSpotActionOptions {
  clientSecret: string;
  publicUrl?: string;
  isConnected: (tenant: TenantId) => boolean | Promise<boolean>;
  actions: WorkflowActions;
  log: Logger;
  metrics?: Metrics;
  now?: () => number;
  /** Requests already served; this process only unless the server passes the queue's (shared) ledger. */
  replays?: SeenLedger;
}

/** How long the memory ledger keeps an execution; the queue's ledger keeps its ids as long (a week). */
const KEEP_MS = 7 * 24 * 3600_000;

const executionRequest = z.looseObject({
  callbackId: z.string().min(1),
  origin: z.looseObject({ portalId: z.number().int(), actionDefinitionId: z.number().int().optional(), actionDefinitionVersion: z.number().int().optional() }),
  object: z.looseObject({ objectId: z.union([z.number().int(), z.string().regex(/^\d+$/)]), objectType: z.string() }),
  inputFields: z.record(z.string(), z.unknown()).optional(),
});

export const ACTION_PATH = '/actions/hubspot/recalculate';

export function hubspotActionRoutes(options: HubSpotActionOptions): Router {
  const { log } = options;
  const metrics = options.metrics ?? noMetrics;
  const now = options.now ?? Date.now;
  const replays = options.replays ?? memoryLedger({ keepMs: KEEP_MS, now });
  const router = Router();

  const refuse = (res: Response, status: number, code: string, message: string) => {
    metrics.webhookRejected('hubspot-action', code);
    log.warn({ code, status, path: ACTION_PATH }, `hubspot workflow action refused: ${message}`);
    res.status(status).json({ error: { code, message } });
  };

  router.post(ACTION_PATH, express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const raw = rawBodyOf(req);
    const signed = signedRequestOf(req, raw, options.publicUrl);
    const signature = verifySignature(signed, options.clientSecret, now(), { legacyV2: true });
    if (!signature.ok) return refuse(res, 401, signature.code, signature.reason);
    if (signature.version === 'v3' && !(await replays.firstSight(ledgerKey('hubspot-v3', signed.headers.signatureV3!, signed.headers.timestamp!)))) {
      return refuse(res, 401, 'webhook.replayed', 'this signed request was served already');
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return refuse(res, 400, 'request.malformed_json', 'the body is not valid JSON');
    }
    const parsed = executionRequest.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return refuse(res, 400, 'request.invalid', `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    const { callbackId, origin, object } = parsed.data;
    const tenant = `hubspot:${origin.portalId}`;
    const execution = ledgerKey('hubspot-action-v2', tenant, callbackId);
    if (signature.version === 'v2' && (await replays.seen(execution))) return refuse(res, 401, 'webhook.replayed', `execution ${callbackId} was answered already`);
    const answered = async () => {
      if (signature.version === 'v2') await replays.firstSight(execution);
    };
    if (!(await options.isConnected(tenant))) return refuse(res, 403, 'webhook.unknown_portal', `portal ${origin.portalId} is not connected`);
    if (object.objectType.toUpperCase() !== 'COMPANY') {
      metrics.workflowAction('FAIL_CONTINUE');
      await answered();
      res.json({ outputFields: { hs_execution_state: 'FAIL_CONTINUE', errorCode: 'action.not_a_company', errorMessage: `Only companies can be recalculated, not ${object.objectType}.` } });
      return;
    }
    const outputFields = await options.actions.recalculate({ tenant, companyId: String(object.objectId), callbackId });
    await answered();
    res.json({ outputFields });
  });

  const bodyErrors: ErrorRequestHandler = (error: { type?: string }, _req, res, next) => {
    if (error.type === 'entity.too.large') return refuse(res, 413, 'request.too_large', 'the body is larger than 1mb');
    if (typeof error.type === 'string') return refuse(res, 400, 'request.bad_body', 'the body could not be read');
    next(error);
  };
  router.use(ACTION_PATH, bodyErrors);
  return router;
}
