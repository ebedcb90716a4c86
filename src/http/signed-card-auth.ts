// Card API access with a CRM connected: only requests HubSpot signed (hubspot.fetch from
// the card carries the v3 signature and portalId/userEmail query parameters) are served,
// and only for the portal that signed them.
import type { Request } from 'express';
import { verifySignature } from '../../webhooks/hubspot/signature.ts';
import { AppError } from '../app/errors.ts';
import type { CardAuth } from './company.routes.ts';

/** The raw body express.json kept (see createApp), for signature checks. */
export function rawBodyOf(req: Request): string {
  return (req as Request & { rawBody?: Buffer }).rawBody?.toString('utf8') ?? '';
}

/** The URL HubSpot called: behind a proxy the Host header is not it, so PUBLIC_URL wins. */
export function publicUrlOf(req: Request, publicUrl: string | undefined): string {
  const origin = publicUrl ? publicUrl.replace(/\/+$/, '') : `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return `${origin}${req.originalUrl}`;
}

export function signedCardAuth(options: { clientSecret: string; publicUrl?: string; now?: () => number }): CardAuth {
  const now = options.now ?? Date.now;
  return async (req) => {
    const check = verifySignature(
      {
        method: req.method,
        url: publicUrlOf(req, options.publicUrl),
        rawBody: rawBodyOf(req),
        headers: {
          signatureV3: req.get('x-hubspot-signature-v3'),
          timestamp: req.get('x-hubspot-request-timestamp'),
          signature: req.get('x-hubspot-signature'),
          signatureVersion: req.get('x-hubspot-signature-version'),
        },
      },
      options.clientSecret,
      now(),
    );
    if (!check.ok) throw new AppError('auth.bad_signature', `Only requests signed by HubSpot are served: ${check.reason}.`);
    const portalId = typeof req.query.portalId === 'string' ? req.query.portalId : '';
    if (!/^\d+$/.test(portalId)) throw new AppError('auth.forbidden', 'The signed request names no portal (portalId).');
    const user = typeof req.query.userEmail === 'string' && req.query.userEmail ? req.query.userEmail : `user ${String(req.query.userId ?? 'unknown')}`;
    return { tenant: `hubspot:${portalId}`, user };
  };
}
