// HubSpot request signatures: pure checks of a request's method, public URL, raw body and
// headers against the app's client secret. v3 (HMAC with a timestamp) everywhere; v2 only where
// the caller asks for it — HubSpot documents workflow actions as signed with v2 — because v2 has
// no timestamp and so cannot be bounded in time here (the route bounds its replays instead). v1
// (the body alone, not the method, URL or portal) is never accepted.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** v3 signatures older than this, or this far in the future, are refused (replay protection). */
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

// Only these escapes are decoded in the URI HubSpot signs; everything else stays encoded.
const DECODED: Record<string, string> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'",
  '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

export function decodeSignedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()]!);
}

export interface SignedRequest {
  method: string;
  /** The full public URL HubSpot called: scheme, host, path and query. */
  url: string;
  rawBody: string;
  headers: {
    signature?: string;
    signatureVersion?: string;
    signatureV3?: string;
    timestamp?: string;
  };
}

export type SignatureCheck =
  | { ok: true; version: 'v2' | 'v3' }
  | { ok: false; code: 'webhook.bad_signature' | 'webhook.stale'; reason: string };

export function signV3(secret: string, method: string, url: string, rawBody: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${method.toUpperCase()}${decodeSignedUri(url)}${rawBody}${timestamp}`, 'utf8').digest('base64');
}

export function signV2(secret: string, method: string, url: string, rawBody: string): string {
  return createHash('sha256').update(`${secret}${method.toUpperCase()}${url}${rawBody}`, 'utf8').digest('hex');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks v3 when its header is present (a v2 header beside it is then ignored); without it, the
 * v2 header when `legacyV2` is set. `now` is the caller's clock.
 */
export function verifySignature(request: SignedRequest, secret: string, now: number, options: { legacyV2?: boolean } = {}): SignatureCheck {
  const { headers } = request;
  if (headers.signatureV3 !== undefined) {
    const timestamp = Number(headers.timestamp);
    if (!headers.timestamp || !Number.isFinite(timestamp)) return { ok: false, code: 'webhook.bad_signature', reason: 'X-HubSpot-Request-Timestamp is missing or not a number' };
    if (now - timestamp > MAX_SIGNATURE_AGE_MS) return { ok: false, code: 'webhook.stale', reason: 'the request timestamp is older than 5 minutes' };
    if (timestamp - now > MAX_SIGNATURE_AGE_MS) return { ok: false, code: 'webhook.stale', reason: 'the request timestamp is more than 5 minutes in the future' };
    const expected = signV3(secret, request.method, request.url, request.rawBody, headers.timestamp);
    return sameText(expected, headers.signatureV3) ? { ok: true, version: 'v3' } : { ok: false, code: 'webhook.bad_signature', reason: 'X-HubSpot-Signature-v3 does not match' };
  }
  if (options.legacyV2 && headers.signature !== undefined && (headers.signatureVersion ?? '').toLowerCase() === 'v2') {
    return sameText(signV2(secret, request.method, request.url, request.rawBody), headers.signature) ? { ok: true, version: 'v2' } : { ok: false, code: 'webhook.bad_signature', reason: 'X-HubSpot-Signature (v2) does not match' };
  }
  return { ok: false, code: 'webhook.bad_signature', reason: options.legacyV2 ? 'no X-HubSpot-Signature-v3 or v2 X-HubSpot-Signature header' : 'no X-HubSpot-Signature-v3 header (v1 and v2 signatures are not accepted here)' };
}
