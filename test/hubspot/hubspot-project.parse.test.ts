// The HubSpot project under extensions/ read by HubSpot's own project parser (the library the
// HubSpot CLI uses before `hs project upload`), once per config profile: every component is
// found with its type, the profile's BACKEND_URL is filled in everywhere, nothing is left
// unresolved — and the platform version is 2026.09, which HubSpot's parser knows (its
// LATEST_SUPPORTED_PLATFORM_VERSION constant lags: it still says 2026.03). (The schema check
// that follows needs a HubSpot account and happens at upload.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isKnownPlatformVersion, isLegacyProject, meetsMinimumPlatformVersion } from '@hubspot/project-parsing-lib/projects';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { describe, expect, it } from 'vitest';

const PROJECT = resolve(import.meta.dirname, '../../extensions');
const SRC = resolve(PROJECT, 'src');
const project = JSON.parse(readFileSync(resolve(PROJECT, 'hsproject.json'), 'utf8')) as { name: string; srcDir: string; platformVersion: string };
const profiles = readdirSync(SRC).flatMap((f) => /^hsprofile\.(.+)\.json$/.exec(f)?.slice(1, 2) ?? []);

describe('the HubSpot project, as the HubSpot CLI parses it', () => {
  it('is on platform version 2026.09 (bulk actions), a version the parser knows, with its sources in src/', () => {
    expect(project.platformVersion).toBe('2026.09');
    expect(isKnownPlatformVersion(project.platformVersion)).toBe(true);
    expect(isLegacyProject(project.platformVersion)).toBe(false);
    expect(meetsMinimumPlatformVersion(project.platformVersion, '2026.09')).toBe(true);
    expect(project.srcDir).toBe('src');
  });

  it('has a dev and a prod profile', () => {
    expect(profiles.sort()).toEqual(['dev', 'prod']);
  });

  for (const profile of profiles) {
    it(`builds with the ${profile} profile: app, tab and sidebar cards, bulk action, webhooks and workflow action on its BACKEND_URL`, async () => {
      const backend = (JSON.parse(readFileSync(resolve(SRC, `hsprofile.${profile}.json`), 'utf8')) as { variables: { BACKEND_URL: string } }).variables.BACKEND_URL;
      const { intermediateRepresentation } = await translate({ projectSourceDir: SRC, platformVersion: project.platformVersion, accountId: 1 }, { skipValidation: true, profile });
      const nodes = intermediateRepresentation.intermediateNodesIndexedByUid as Record<string, { componentType: string; config: Record<string, unknown> }>;
      const byType = Object.fromEntries(Object.values(nodes).map((n) => [n.componentType, n.config]));
      expect(Object.values(nodes).map((n) => n.componentType).sort()).toEqual(['APPLICATION', 'CARD', 'CARD', 'CRM_BULK_ACTION', 'WEBHOOKS', 'WORKFLOW_ACTION']);

      expect((byType.APPLICATION as { permittedUrls: { fetch: string[] } }).permittedUrls.fetch).toEqual([backend]);
      const cards = Object.values(nodes).filter((n) => n.componentType === 'CARD').map((n) => n.config);
      expect(cards.map((c) => c.location).sort()).toEqual(['crm.record.sidebar', 'crm.record.tab']);
      for (const card of cards) expect(card).toMatchObject({ objectTypes: ['companies'] });
      for (const ui of [...cards, byType.CRM_BULK_ACTION as Record<string, unknown>]) expect(existsSync(resolve(SRC, String(ui.entrypoint).replace(/^\//, ''))), String(ui.entrypoint)).toBe(true);
      expect(byType.CRM_BULK_ACTION).toMatchObject({ name: 'Recalculate customer value', objectTypes: ['companies'], entrypoint: '/app/actions/RecalculateBulkAction.tsx' });
      expect((byType.WEBHOOKS as { settings: { targetUrl: string } }).settings.targetUrl).toBe(`${backend}/webhooks/hubspot`);
      expect((byType.WORKFLOW_ACTION as { actionUrl: string }).actionUrl).toBe(`${backend}/actions/hubspot/recalculate`);
      expect(JSON.stringify(nodes)).not.toContain('${');
    });
  }
});
