// Signs requests the way HubSpot does, written out here independently of webhooks/hubspot/signature.ts.
import { createHash, createHmac } from 'node:crypto';
import type { Logger } from '../../src/app/ports/logger.port.ts';

export const SECRET = 'kw-test-client-secret-3f9a';
export const PUBLIC_URL = 'https://kw.example.com';

/** The URI as HubSpot signs it: only these escapes decoded. */
function hubspotUri(url: string): string {
  const decoded: Record<string, string> = { '3A': ':', '2F': '/', '3F': '?', '40': '@', '21': '!', '24': '$', '27': "'", '28': '(', '29': ')', '2A': '*', '2C': ',', '3B': ';' };
  return url.replace(/%([0-9A-Fa-f]{2})/g, (m, hex: string) => decoded[hex.toUpperCase()] ?? m);
}

export function v3Headers(url: string, body: string, options: { method?: string; timestamp?: number; secret?: string } = {}): Record<string, string> {
  const timestamp = String(options.timestamp ?? Date.now());
  const signature = createHmac('sha256', options.secret ?? SECRET)
    .update(`${options.method ?? 'POST'}${hubspotUri(url)}${body}${timestamp}`)
    .digest('base64');
  return { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp };
}

export function v2Headers(url: string, body: string, method = 'POST'): Record<string, string> {
  return { 'content-type': 'application/json', 'x-hubspot-signature': createHash('sha256').update(`${SECRET}${method}${url}${body}`).digest('hex'), 'x-hubspot-signature-version': 'v2' };
}

export function v1Headers(body: string): Record<string, string> {
  return { 'content-type': 'application/json', 'x-hubspot-signature': createHash('sha256').update(`${SECRET}${body}`).digest('hex'), 'x-hubspot-signature-version': 'v1' };
}

export const PORTAL = 62515;

let nextEventId = 1000;
export function hubspotEvent(fields: Record<string, unknown>): Record<string, unknown> {
  return { eventId: nextEventId++, subscriptionId: 11, portalId: PORTAL, appId: 54321, occurredAt: Date.now(), attemptNumber: 0, changeSource: 'CRM_UI', ...fields };
}

/** A logger that keeps every line, to check what reaches the logs. */
export function recordingLogger(): Logger & { lines: { level: string; fields: object; message?: string }[] } {
  const lines: { level: string; fields: object; message?: string }[] = [];
  const at = (level: string) => (fields: object, message?: string) => void lines.push({ level, fields, ...(message !== undefined ? { message } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
