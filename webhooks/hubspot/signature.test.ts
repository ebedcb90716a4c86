import { createHash, createHmac } from 'node:crypto';
import { Signature } from '@hubspot/api-client';
import { describe, expect, it } from 'vitest';
import { decodeSignedUri, verifySignature, type SignedRequest } from './signature.ts';

const secret = 'klantwaarde-test-secret';
const now = 1_795_000_000_000;
const body = '[{"eventId":1,"subscriptionType":"deal.propertyChange","objectId":42}]';

/** The v3 signature computed by hand, as HubSpot documents it. */
function v3(method: string, uri: string, raw: string, timestamp: string, key = secret): string {
  return createHmac('sha256', key).update(method + uri + raw + timestamp).digest('base64');
}

function request(overrides: Partial<SignedRequest> & { headers?: SignedRequest['headers'] } = {}): SignedRequest {
  const url = 'https://kw.example.com/webhooks/hubspot';
  const timestamp = String(now - 1000);
  return {
    method: 'POST',
    url,
    rawBody: body,
    headers: { signatureV3: v3('POST', url, body, timestamp), timestamp },
    ...overrides,
  };
}

describe('HubSpot signature v3', () => {
  it('accepts a correctly signed request, as @hubspot/api-client does', () => {
    const r = request();
    expect(verifySignature(r, secret, now)).toEqual({ ok: true, version: 'v3' });
    const realNow = Date.now();
    const fresh = String(realNow - 1000);
    expect(
      Signature.isValid({ signatureVersion: 'v3', signature: v3('POST', r.url, body, fresh), clientSecret: secret, requestBody: body, url: r.url, method: 'POST', timestamp: Number(fresh) }),
    ).toBe(true);
  });

  it('signs the URI with only the listed escapes decoded', () => {
    const url = 'https://kw.example.com/actions/hubspot/recalculate?portalId=123&returnUrl=https%3A%2F%2Fapp.hubspot.com%2Fx%3Fa%3D1&name=caf%C3%A9%20bar';
    expect(decodeSignedUri(url)).toBe('https://kw.example.com/actions/hubspot/recalculate?portalId=123&returnUrl=https://app.hubspot.com/x?a%3D1&name=caf%C3%A9%20bar');
    const timestamp = String(now);
    const signed = v3('GET', 'https://kw.example.com/actions/hubspot/recalculate?portalId=123&returnUrl=https://app.hubspot.com/x?a%3D1&name=caf%C3%A9%20bar', '', timestamp);
    expect(verifySignature({ method: 'GET', url, rawBody: '', headers: { signatureV3: signed, timestamp } }, secret, now).ok).toBe(true);
  });

  it('refuses a timestamp older than five minutes', () => {
    const url = 'https://kw.example.com/webhooks/hubspot';
    const timestamp = String(now - 5 * 60 * 1000 - 1);
    expect(verifySignature({ method: 'POST', url, rawBody: body, headers: { signatureV3: v3('POST', url, body, timestamp), timestamp } }, secret, now)).toMatchObject({ ok: false, code: 'webhook.stale' });
  });

  it('refuses a timestamp more than five minutes in the future', () => {
    const url = 'https://kw.example.com/webhooks/hubspot';
    const signed = (timestamp: string) => ({ method: 'POST', url, rawBody: body, headers: { signatureV3: v3('POST', url, body, timestamp), timestamp } });
    expect(verifySignature(signed(String(now + 5 * 60 * 1000 + 1)), secret, now)).toMatchObject({ ok: false, code: 'webhook.stale', reason: expect.stringContaining('future') });
    expect(verifySignature(signed(String(now + 60 * 1000)), secret, now)).toEqual({ ok: true, version: 'v3' });
  });

  it('refuses a body with one byte changed', () => {
    const r = request();
    expect(verifySignature({ ...r, rawBody: r.rawBody.replace('42', '43') }, secret, now)).toMatchObject({ ok: false, code: 'webhook.bad_signature' });
  });

  it('refuses a signature made with another secret, and a request without one', () => {
    const r = request();
    expect(verifySignature(r, 'another-secret', now).ok).toBe(false);
    expect(verifySignature({ ...r, headers: {} }, secret, now)).toMatchObject({ ok: false, code: 'webhook.bad_signature' });
    expect(verifySignature({ ...r, headers: { signatureV3: r.headers.signatureV3 } }, secret, now)).toMatchObject({ ok: false });
  });
});

describe('legacy signatures', () => {
  const url = 'https://kw.example.com/webhooks/hubspot';
  const v2 = createHash('sha256').update(`${secret}POST${url}${body}`).digest('hex');

  it('refuses v1 and v2 unless told to take v2 (HubSpot signs workflow actions with v2)', () => {
    const v1 = createHash('sha256').update(secret + body).digest('hex');
    expect(verifySignature({ method: 'POST', url, rawBody: body, headers: { signature: v1, signatureVersion: 'v1' } }, secret, now)).toMatchObject({ ok: false, code: 'webhook.bad_signature' });
    expect(verifySignature({ method: 'POST', url, rawBody: body, headers: { signature: v1, signatureVersion: 'v1' } }, secret, now, { legacyV2: true })).toMatchObject({ ok: false, code: 'webhook.bad_signature' });
    expect(verifySignature({ method: 'POST', url, rawBody: body, headers: { signature: v2, signatureVersion: 'v2' } }, secret, now)).toMatchObject({ ok: false, code: 'webhook.bad_signature', reason: expect.stringContaining('X-HubSpot-Signature-v3') });
  });

  it('accepts v2 when told to: sha256 of secret, method, URI and body', () => {
    expect(verifySignature({ method: 'POST', url, rawBody: body, headers: { signature: v2, signatureVersion: 'v2' } }, secret, now, { legacyV2: true })).toEqual({ ok: true, version: 'v2' });
    expect(Signature.isValid({ signatureVersion: 'v2', signature: v2, clientSecret: secret, requestBody: body, url, method: 'POST' })).toBe(true);
    expect(verifySignature({ method: 'POST', url, rawBody: `${body} `, headers: { signature: v2, signatureVersion: 'v2' } }, secret, now, { legacyV2: true }).ok).toBe(false);
  });

  it('checks v3 alone when both are sent: a good v2 does not make up for a bad v3', () => {
    const headers = { signature: v2, signatureVersion: 'v2', signatureV3: 'AAAA', timestamp: String(now) };
    expect(verifySignature({ method: 'POST', url, rawBody: body, headers }, secret, now, { legacyV2: true })).toMatchObject({ ok: false, code: 'webhook.bad_signature' });
  });
});
