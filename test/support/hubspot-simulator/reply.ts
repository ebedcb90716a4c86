// The simulator's request and reply shapes, and HubSpot-style error bodies.

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** The raw body (the OAuth token endpoint is form-encoded). */
  text: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function hubspotError(status: number, category: string, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { status: 'error', message, correlationId: 'simulated', category, ...extra } };
}

export function inputsOf(body: unknown): { id: string; after?: string; properties?: Record<string, string | null> }[] | null {
  if (typeof body !== 'object' || body === null || !('inputs' in body) || !Array.isArray(body.inputs)) return null;
  return body.inputs as { id: string; after?: string; properties?: Record<string, string | null> }[];
}

export function field<T>(body: unknown, name: string): T | undefined {
  return typeof body === 'object' && body !== null && name in body ? ((body as Record<string, unknown>)[name] as T) : undefined;
}
