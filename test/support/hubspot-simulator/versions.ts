// HubSpot's API versions as the simulator serves them: the date-based ones it knows, and the
// numeric v1–v4 paths, which it refuses as HubSpot does once they are retired.

/** The date versions HubSpot has released (March and September each year). */
export const KNOWN_VERSIONS: readonly string[] = ['2026-03', '2026-09'];

/** The APIs the simulator plays, each followed in the path by its version. */
const APIS = ['crm/objects', 'crm/associations', 'crm/properties', 'crm/owners', 'crm/pipelines', 'account-info', 'automation/actions/callbacks', 'oauth'];

export interface VersionedPath {
  api: string;
  /** The date version, or null for a numeric or missing one. */
  version: string | null;
  numeric: boolean;
  /** What follows the version ('/companies/search'). */
  rest: string;
}

export function versionOf(path: string): VersionedPath {
  // Numeric: /crm/v3/objects/…, /crm/v4/associations/…, /oauth/v1/…, /automation/v4/…
  if (/^\/[a-z-]+\/v\d+(\/|$)/.test(path)) return { api: '', version: null, numeric: true, rest: path };
  for (const api of APIS) {
    const m = new RegExp(`^/${api}/(\\d{4}-\\d{2})(/.*)?$`).exec(path);
    if (m) return { api, version: m[1]!, numeric: false, rest: m[2] ?? '' };
  }
  return { api: '', version: null, numeric: false, rest: path };
}
