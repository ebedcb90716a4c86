// The HubSpot project under extensions/ read by HubSpot's own project parser (the library the
// HubSpot CLI uses before `hs project upload`), once per config profile: every component is
// found with its type, the profile's BACKEND_URL is filled in everywhere, nothing is left
// unresolved — and the platform version is the newest the parser supports. (The schema check
// that follows needs a HubSpot account and happens at upload.)
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LATEST_SUPPORTED_PLATFORM_VERSION } from '@hubspot/project-parsing-lib/projects';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { describe, expect, it } from 'vitest';

const PROJECT = resolve(import.meta.dirname, '../../extensions');
const SRC = resolve(PROJECT, 'src');
const project = JSON.parse(readFileSync(resolve(PROJECT, 'hsproject.json'), 'utf8')) as { name: string; srcDir: string; platformVersion: string };
const profiles = readdirSync(SRC).flatMap((f) => /^hsprofile\.(.+)\.json$/.exec(f)?.slice(1, 2) ?? []);

describe('the HubSpot project, as the HubSpot CLI parses it', () => {
  it('is on the newest platform version the CLI supports, with its sources in src/', () => {
    expect(project.platformVersion).toBe(LATEST_SUPPORTED_PLATFORM_VERSION);
    expect(project.srcDir).toBe('src');
  });

  it('has a dev and a prod profile', () => {
    expect(profiles.sort()).toEqual(['dev', 'prod']);
  });

  for (const profile of profiles) {
    it(`builds with the ${profile} profile: app, card, webhooks and workflow action on its BACKEND_URL`, async () => {
      const backend = (JSON.parse(readFileSync(resolve(SRC, `hsprofile.${profile}.json`), 'utf8')) as { variables: { BACKEND_URL: string } }).variables.BACKEND_URL;
      const { intermediateRepresentation } = await translate({ projectSourceDir: SRC, platformVersion: project.platformVersion, accountId: 1 }, { skipValidation: true, profile });
      const nodes = intermediateRepresentation.intermediateNodesIndexedByUid as Record<string, { componentType: string; config: Record<string, unknown> }>;
      const byType = Object.fromEntries(Object.values(nodes).map((n) => [n.componentType, n.config]));
      expect(Object.keys(byType).sort()).toEqual(['APPLICATION', 'CARD', 'WEBHOOKS', 'WORKFLOW_ACTION'].sort());

      expect((byType.APPLICATION as { permittedUrls: { fetch: string[] } }).permittedUrls.fetch).toEqual([backend]);
      expect(byType.CARD).toMatchObject({ location: 'crm.record.tab', objectTypes: ['companies'] });
      expect((byType.WEBHOOKS as { settings: { targetUrl: string } }).settings.targetUrl).toBe(`${backend}/webhooks/hubspot`);
      expect((byType.WORKFLOW_ACTION as { actionUrl: string }).actionUrl).toBe(`${backend}/actions/hubspot/recalculate`);
      expect(JSON.stringify(nodes)).not.toContain('${');
    });
  }
});
