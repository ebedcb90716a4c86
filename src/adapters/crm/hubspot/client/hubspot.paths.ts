// Every HubSpot API path and per-call limit the connector uses, in one place, all on one of
// HubSpot's date-based API versions. Moving to the next version (they come each March and
// September) is a change of API_VERSION here; the bodies stay the v3/v4 ones.

export const DEFAULT_BASE_URL = 'https://api.hubapi.com';
export const AUTHORIZE_URL = 'https://app.hubspot.com/oauth/authorize';

/**
 * The date version every call uses. 2026-09 is supported until at least March 2028; the
 * numeric v1–v4 paths it replaces stop on 2027-02-16 (OAuth v1), 2027-03-30 (v4) and in
 * September 2027 (v1–v3).
 */
export const API_VERSION = '2026-09';

export type ObjectType = 'companies' | 'deals' | 'line_items' | 'calls' | 'meetings' | 'emails' | 'notes' | 'tasks' | 'tickets' | 'contacts' | 'feedback_submissions';

const v = API_VERSION;
const segment = (value: string) => encodeURIComponent(value);

export const HUBSPOT_PATHS = {
  list: (type: ObjectType) => `/crm/objects/${v}/${type}`,
  search: (type: ObjectType) => `/crm/objects/${v}/${type}/search`,
  batchRead: (type: ObjectType) => `/crm/objects/${v}/${type}/batch/read`,
  batchUpdate: (type: ObjectType) => `/crm/objects/${v}/${type}/batch/update`,
  /** Creates up to 100 records, each with its associations (the contact-schedule tasks). */
  batchCreate: (type: ObjectType) => `/crm/objects/${v}/${type}/batch/create`,
  /** Archives (deletes to the recycle bin) up to 100 records. */
  batchArchive: (type: ObjectType) => `/crm/objects/${v}/${type}/batch/archive`,
  associationsBatchRead: (from: ObjectType, to: ObjectType) => `/crm/associations/${v}/${from}/${to}/batch/read`,
  associationLabels: (from: ObjectType, to: ObjectType) => `/crm/associations/${v}/${from}/${to}/labels`,
  properties: (type: ObjectType) => `/crm/properties/${v}/${type}`,
  propertyGroups: (type: ObjectType) => `/crm/properties/${v}/${type}/groups`,
  /** The portal's users who can own records (id, first and last name), paged by `after`. */
  owners: `/crm/owners/${v}/`,
  /** The portal a token belongs to (portalId), for a static token without hubspot.portalId. */
  accountDetails: `/account-info/${v}/details`,
  /** Completes a workflow action execution that answered BLOCK. */
  actionCallbackComplete: (callbackId: string) => `/automation/actions/callbacks/${v}/${segment(callbackId)}/complete`,
  /** Authorization-code exchange and refresh (form-encoded body). */
  token: `/oauth/${v}/token`,
  /** What a token is (portal, scopes): form-encoded client_id, client_secret, token. */
  tokenIntrospect: `/oauth/${v}/token/introspect`,
} as const;

/** A path on a numeric version (v1, v3, v4…), which HubSpot retires: none of ours should be. */
export function isNumericVersionPath(path: string): boolean {
  return /\/v\d+(\/|$)/.test(path);
}

/** True for the CRM search endpoints, which have their own, lower per-second limit. */
export function isSearchPath(path: string): boolean {
  return /\/search$/.test(path);
}

export const HUBSPOT_LIMITS = {
  /** Inputs per batch read/create/update/archive of objects. */
  batch: 100,
  /** Values in one IN filter of a search. */
  searchInValues: 100,
  /** Inputs per batch read when property history is asked for. */
  batchWithHistory: 50,
  /** Inputs per association batch read (since Feb 2025). */
  associationsBatch: 1000,
  /** Results per search page. */
  searchPage: 200,
  /** Results one search query can reach through paging (then a 400). */
  searchCap: 10_000,
  /** Filter groups per search (ORed), filters per group and in all (ANDed within a group). */
  searchFilterGroups: 5,
  searchFiltersPerGroup: 6,
  searchFilters: 18,
  /** Results per page of the list endpoints. */
  listPage: 100,
  /** Owners per page. */
  ownersPage: 500,
} as const;
