// The simulator's request and reply shapes, and Salesforce-style error bodies.

export interface SimRequest {
  method: string;
  /** Path below /services/data/vXX.X (or the full path for OAuth and SOAP). */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  apiVersion: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** Sent as is (CSV, XML) instead of JSON. */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** REST errors are a list of { message, errorCode }. */
export function sfError(status: number, errorCode: string, message: string): Reply {
  return { status, body: [{ message, errorCode }] };
}

export function jsonBody(request: SimRequest): unknown {
  try {
    return request.text === '' ? undefined : JSON.parse(request.text);
  } catch {
    return undefined;
  }
}
