// Every HubSpot API path and per-call limit the connector uses, in one place: the move to
// HubSpot's date-based API versions (/crm/objects/2026-03/…) is a change to this file only.

export const DEFAULT_BASE_URL = 'https://api.hubapi.com';
export const AUTHORIZE_URL = 'https://app.hubspot.com/oauth/authorize';

export type ObjectType = 'companies' | 'deals' | 'line_items' | 'calls' | 'meetings' | 'emails' | 'notes' | 'tasks' | 'tickets';

export const HUBSPOT_PATHS = {
  list: (type: ObjectType) => `/crm/v3/objects/${type}`,
  search: (type: ObjectType) => `/crm/v3/objects/${type}/search`,
  batchRead: (type: ObjectType) => `/crm/v3/objects/${type}/batch/read`,
  batchUpdate: (type: ObjectType) => `/crm/v3/objects/${type}/batch/update`,
  associationsBatchRead: (from: ObjectType, to: ObjectType) => `/crm/v4/associations/${from}/${to}/batch/read`,
  associationLabels: (from: ObjectType, to: ObjectType) => `/crm/v4/associations/${from}/${to}/labels`,
  properties: (type: ObjectType) => `/crm/v3/properties/${type}`,
  propertyGroups: (type: ObjectType) => `/crm/v3/properties/${type}/groups`,
  /** Token metadata (hub id, scopes). v1 is announced for removal on 16 Feb 2027. */
  tokenMetadata: (token: string) => `/oauth/v1/access-tokens/${encodeURIComponent(token)}`,
  /** Completes a workflow action execution that answered BLOCK. */
  actionCallbackComplete: (callbackId: string) => `/automation/v4/actions/callbacks/${encodeURIComponent(callbackId)}/complete`,
  /** Authorization-code exchange and refresh (form-encoded body). */
  token: '/oauth/v3/token',
} as const;

/** True for the CRM search endpoints, which have their own, lower per-second limit. */
export function isSearchPath(path: string): boolean {
  return /\/search$/.test(path);
}

export const HUBSPOT_LIMITS = {
  /** Inputs per batch read/update/upsert of objects. */
  batch: 100,
  /** Inputs per batch read when property history is asked for. */
  batchWithHistory: 50,
  /** Inputs per v4 association batch read (since Feb 2025). */
  associationsBatch: 1000,
  /** Results per search page. */
  searchPage: 200,
  /** Results one search query can reach through paging (then a 400). */
  searchCap: 10_000,
  /** Results per page of the list endpoints. */
  listPage: 100,
} as const;
