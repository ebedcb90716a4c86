// The path table: every HubSpot path the connector calls is on the one date-based version,
// and the list of paths still on a numeric (retired) version is empty.
import { describe, expect, it } from 'vitest';
import { API_VERSION, HUBSPOT_PATHS, isNumericVersionPath, type ObjectType } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';

/** Every path of the table, functions called with sample arguments. */
function everyPath(): [string, string][] {
  return Object.entries(HUBSPOT_PATHS).map(([name, path]): [string, string] => {
    if (typeof path === 'string') return [name, path];
    const call = path as (...args: string[]) => string;
    const args = call.length === 2 ? ['companies', 'deals'] : ['companies'];
    return [name, call(...(args as ObjectType[]))];
  });
}

describe('HubSpot paths', () => {
  it('lists no path still on a numeric version (v1–v4)', () => {
    expect(everyPath().filter(([, path]) => isNumericVersionPath(path))).toEqual([]);
  });

  it('puts every path on the version in API_VERSION', () => {
    expect(API_VERSION).toMatch(/^\d{4}-(03|09)$/);
    for (const [name, path] of everyPath()) expect(path.split('/'), name).toContain(API_VERSION);
  });

  it('tells a numeric path from a dated one', () => {
    expect(isNumericVersionPath('/crm/v3/objects/companies/search')).toBe(true);
    expect(isNumericVersionPath('/crm/v4/associations/companies/deals/batch/read')).toBe(true);
    expect(isNumericVersionPath('/oauth/v1/access-tokens/abc')).toBe(true);
    expect(isNumericVersionPath('/automation/v4/actions/callbacks/1/complete')).toBe(true);
    expect(isNumericVersionPath(HUBSPOT_PATHS.search('companies'))).toBe(false);
  });
});
