// Card API access with a CRM connected: only requests HubSpot signed with v3 (hubspot.fetch from
// the card carries X-HubSpot-Signature-v3, its timestamp and the portalId/userId/userEmail query
// parameters, all covered by the signature) are served, each for the portal that signed it. v1
// and v2 have no timestamp (v1 does not even cover the method, URL or portal), so they are refused.
// A signed request that changes something is served once: its (signature, timestamp) again is a replay.
import type { Request } from 'express';
import { MAX_SIGNATURE_AGE_MS, verifySignature } from '../../webhooks/hubspot/signature.ts';
import { publicUrlOf } from '../../webhooks/hubspot/signed-request.ts';
import { AppError } from '../app/errors.ts';
import type { CardAuth } from './company.routes.ts';
import { ledgerKey, memoryLedger, type SeenLedger } from './seen-ledger.ts';

/** The raw body express.json kept (see createApp), for signature checks. */
function jsonRawBody(req: Request): string {
  return (req as Request & { rawBody?: Buffer }).rawBody?.toString('utf8') ?? '';
}

const READS = new Set(['GET', 'HEAD']);

export interface SignedCardAuthOptions {
  clientSecret: string;
  /** PUBLIC_URL: the origin HubSpot called (the signature covers it). */
  publicUrl?: string;
  now?: () => number;
  /** Signed changes already served; this process only unless the server passes the queue's (shared) ledger. */
  replays?: SeenLedger;
}

export function signedCardAuth(options: SignedCardAuthOptions): CardAuth {
  const now = options.now ?? Date.now;
  // A timestamp is accepted from 5 minutes back to 5 minutes ahead: 10 minutes of keeping covers it.
  const replays = options.replays ?? memoryLedger({ keepMs: 2 * MAX_SIGNATURE_AGE_MS, now });
  return async (req) => {
    const signatureV3 = req.get('x-hubspot-signature-v3');
    const timestamp = req.get('x-hubspot-request-timestamp');
    const check = verifySignature(
      { method: req.method, url: publicUrlOf(req, options.publicUrl), rawBody: jsonRawBody(req), headers: { signatureV3, timestamp } },
      options.clientSecret,
      now(),
    );
    if (!check.ok) throw new AppError('auth.bad_signature', `Only requests signed by HubSpot (v3) are served: ${check.reason}.`);
    if (!READS.has(req.method) && !(await replays.firstSight(ledgerKey('hubspot-v3', signatureV3!, timestamp!)))) {
      throw new AppError('auth.replayed', 'This signed request was served already: a change is made once per signed request.');
    }
    const portalId = typeof req.query.portalId === 'string' ? req.query.portalId : '';
    if (!/^\d+$/.test(portalId)) throw new AppError('auth.forbidden', 'The signed request names no portal (portalId).');
    return { tenant: `hubspot:${portalId}`, user: signedUser(req) };
  };
}

/** Who signed: the userEmail HubSpot adds, else its userId (both covered by the signature). */
function signedUser(req: Request): string {
  const { userEmail, userId } = req.query;
  if (typeof userEmail === 'string' && userEmail !== '') return userEmail;
  return typeof userId === 'string' && userId !== '' ? `HubSpot user ${userId}` : 'HubSpot user (unknown)';
}
