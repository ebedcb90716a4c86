// Every Salesforce path, default and per-call limit the connector uses, in one place: a new
// API version or a moved endpoint is a change to this file only.

/** The version the connector is built and tested against (config salesforce.apiVersion). jsforce's own default, 50.0, is too old. */
export const DEFAULT_API_VERSION = '62.0';
export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';

/** Paths relative to the version root (/services/data/vXX.X), as jsforce's request takes them. */
export const SALESFORCE_PATHS = {
  query: (soql: string) => `/query?q=${encodeURIComponent(soql)}`,
  queryAll: (soql: string) => `/queryAll?q=${encodeURIComponent(soql)}`,
  /** Approximate record counts of many objects in one call (refreshed by Salesforce every few hours). */
  recordCount: (objects: readonly string[]) => `/limits/recordCount?sObjects=${objects.map(encodeURIComponent).join(',')}`,
  compositeSObjects: '/composite/sobjects',
  /** Deletes up to 200 records by id, each on its own (allOrNone false). */
  compositeDelete: (ids: readonly string[]) => `/composite/sobjects?ids=${ids.map(encodeURIComponent).join(',')}&allOrNone=false`,
  queryJobs: '/jobs/query',
  queryJob: (id: string) => `/jobs/query/${id}`,
} as const;

/** OAuth endpoints on the login host (or the org's My Domain). */
export const OAUTH_PATHS = {
  authorize: '/services/oauth2/authorize',
  token: '/services/oauth2/token',
} as const;

export const SALESFORCE_LIMITS = {
  /** Records per sObject Collections call. */
  collection: 200,
  /** Rows per REST query batch (Sforce-Query-Options: batchSize). */
  queryBatch: 2000,
  /** Components per Metadata API read or upsert. */
  metadataBatch: 10,
  /** Ids per IN (...) list, keeping a GET's URL well under 16 KB. */
  idsPerQuery: 300,
  /** Task markers (about 60 characters each) per IN (...) list, for the same reason. */
  markersPerQuery: 100,
  /** Notifications in one outbound message. */
  notifications: 100,
  /** Rows jsforce may collect for one autoFetch query; its default, 10,000, would silently cut reads short. */
  maxFetch: 5_000_000,
  /** Bulk API 2.0 ingest data per job (the API takes 100 MB of CSV; kept below for the encoding's overhead). */
  ingestBytes: 90 * 1024 * 1024,
} as const;
