// tasks.enabled through the real wiring (config file → CLI → CRM connections): off by default,
// and then a live recalc makes not one task call; on, the same recalc keeps the tasks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';
import { cli } from '../cli/cli-support.ts';
import { FAST_LIMITS, seedPortfolio, startHubSpotSimulator, type HubSpotSimulator } from '../support/hubspot-simulator/index.ts';
import { START, taskPortfolio } from './task-rig.ts';

const dir = mkdtempSync(join(tmpdir(), 'kw-tasks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TASKS = `/crm/objects/${API_VERSION}/tasks`;

// Steps of one story on one portal, in this order (kept so under --sequence.shuffle).
describe('tasks.enabled', { shuffle: false }, () => {
  let sim: HubSpotSimulator;
  let env: Record<string, string>;
  const taskCalls = () => Object.entries(sim.counters.byRoute).filter(([route]) => route.includes(TASKS));

  beforeAll(async () => {
    sim = await startHubSpotSimulator({ limits: FAST_LIMITS, hubId: 5151 });
    seedPortfolio(sim.portal, taskPortfolio().portfolio);
    env = { HUBSPOT_ACCESS_TOKEN: 'pat-tasks', HUBSPOT_BASE_URL: sim.url, KLANTWAARDE_DATA_DIR: join(dir, 'data') };
    expect((await cli(['setup', 'hubspot'], env)).code).toBe(0);
    expect((await cli(['sync'], env)).code).toBe(0);
  });
  afterAll(() => sim.close());

  it('is off by default: a live recalc writes the companies back and makes no task call at all', async () => {
    sim.resetCounters();
    const recalc = await cli(['recalc', '--format', 'json'], env, undefined, { now: START });
    expect(recalc.code).toBe(0);
    expect(sim.counters.byRoute[`POST /crm/objects/${API_VERSION}/companies/batch/update`]).toBeGreaterThan(0);
    expect(taskCalls()).toEqual([]);
    expect(sim.portal.table('tasks').records.size).toBe(0);
  });

  it('turned on in the config file, the same recalc keeps the tasks', async () => {
    const config = join(dir, 'tasks-on.yaml');
    writeFileSync(config, 'tasks:\n  enabled: true\nlocale: nl\n');
    sim.resetCounters();
    const recalc = await cli(['recalc', '--config', config, '--format', 'json'], env, undefined, { now: START + 60_000 });
    expect(recalc.code).toBe(0);
    expect(sim.counters.byRoute[`POST ${TASKS}/batch/create`]).toBe(1);
    const subjects = [...sim.portal.table('tasks').records.values()].map((t) => t.properties.hs_task_subject).sort();
    expect(subjects).toEqual(['Accountbezoek — A-klant, elke 30 dagen', 'Belafspraak — C-klant, elke 120 dagen', 'Directieoverleg — A-klant, elke 90 dagen', 'Procesevaluatie — A-klant, elke 90 dagen']);
  });
});
