// A HubSpot-signed express request as the signature check needs it: the public URL HubSpot
// called (rebuilt from PUBLIC_URL behind a proxy, where the Host header names the proxy's
// upstream), the raw body and the signature headers.
import type { Request } from 'express';
import type { SignedRequest } from './signature.ts';

/** PUBLIC_URL (scheme, host and any path prefix the proxy strips) + the request's path and query. */
export function publicUrlOf(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return `${publicUrl.replace(/\/+$/, '')}${req.originalUrl}`;
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`;
}

export function signedRequestOf(req: Request, rawBody: string, publicUrl: string | undefined): SignedRequest {
  const header = (name: string) => req.get(name) ?? undefined;
  return {
    method: req.method,
    url: publicUrlOf(req, publicUrl),
    rawBody,
    headers: {
      ...(header('x-hubspot-signature') !== undefined ? { signature: header('x-hubspot-signature') } : {}),
      ...(header('x-hubspot-signature-version') !== undefined ? { signatureVersion: header('x-hubspot-signature-version') } : {}),
      ...(header('x-hubspot-signature-v3') !== undefined ? { signatureV3: header('x-hubspot-signature-v3') } : {}),
      ...(header('x-hubspot-request-timestamp') !== undefined ? { timestamp: header('x-hubspot-request-timestamp') } : {}),
    },
  };
}

/** The body express.raw collected (a Buffer), as the UTF-8 text HubSpot signed. */
export function rawBodyOf(req: Request): string {
  return Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
}
