/// <reference types="vite/client" />
// The card's place in the HubSpot project: its definition, its package, and one source of
// truth for the backend URL — the BACKEND_URL variable of each config profile
// (extensions/src/hsprofile.<name>.json), which app-hsmeta.json's permittedUrls.fetch and the
// card (context.variables) both use.
import { describe, expect, it } from 'vitest';
import { BACKEND_URL_VARIABLE, backendUrlOf } from '../api/client.ts';
import { BUILT_IN_BACKEND_URL } from '../backend-url.ts';
import appMeta from '../../app-hsmeta.json';
import cardMeta from '../customer-value-hsmeta.json';
import cardPackage from '../package.json';

const profiles = import.meta.glob<{ accountId: unknown; variables?: Record<string, unknown> }>('../../../hsprofile.*.json', { eager: true, import: 'default' });
const entrypoints = import.meta.glob('../*.tsx');

describe('card definition', () => {
  it('is a record tab on companies', () => {
    expect(cardMeta).toMatchObject({ type: 'card', uid: 'klantwaarde_customer_value_card', config: { location: 'crm.record.tab', objectTypes: ['companies'] } });
  });

  it('points at the React entry in this folder (entrypoint paths start at the project src/)', () => {
    const entry = cardMeta.config.entrypoint;
    expect(entry).toBe('/app/cards/CustomerValueCard.tsx');
    expect(Object.keys(entrypoints)).toContain(`..${entry.slice('/app/cards'.length)}`);
  });

  it('pins React 18.3.1 and @hubspot/ui-extensions 0.17.0 exactly', () => {
    expect(cardPackage.dependencies).toEqual({ '@hubspot/ui-extensions': '0.17.0', react: '18.3.1' });
  });
});

describe('backend URL', () => {
  it('app-hsmeta.json permits fetches to the profile variable the card reads', () => {
    expect(appMeta.config.permittedUrls.fetch).toEqual([`\${${BACKEND_URL_VARIABLE}}`]);
  });

  it('every config profile sets it to an https origin the card accepts', () => {
    const names = Object.keys(profiles);
    expect(names.length).toBeGreaterThanOrEqual(2);
    for (const [path, profile] of Object.entries(profiles)) {
      const url = profile.variables?.[BACKEND_URL_VARIABLE];
      expect(typeof url, path).toBe('string');
      const parsed = new URL(String(url));
      expect(parsed.protocol, path).toBe('https:');
      // An origin: the card appends /api/companies/…, and HubSpot matches permittedUrls by prefix.
      expect(`${parsed.origin}`, path).toBe(url);
      expect(backendUrlOf(profile.variables), path).toBe(url);
      expect(typeof profile.accountId, path).toBe('number');
    }
  });

  it('the built-in fallback is empty or one of the profiles’ URLs (so permittedUrls allows it)', () => {
    const urls = Object.values(profiles).map((p) => p.variables?.[BACKEND_URL_VARIABLE]);
    if (BUILT_IN_BACKEND_URL !== '') expect(urls).toContain(BUILT_IN_BACKEND_URL);
    expect(backendUrlOf(undefined, 'https://kw.example.org/')).toBe('https://kw.example.org');
    expect(backendUrlOf({ [BACKEND_URL_VARIABLE]: '${BACKEND_URL}' }, '')).toBeNull();
    expect(backendUrlOf({ [BACKEND_URL_VARIABLE]: 'https://a.example.org' }, 'https://b.example.org')).toBe('https://a.example.org');
  });
});
