import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { DEFAULT_CONFIG } from './config.defaults.ts';
import { configCheck } from './config-check.ts';
import { configHash } from './config-hash.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klantwaarde-check-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('configCheck', () => {
  it('prints the effective config as YAML under the file it came from, exit 0', async () => {
    const file = join(dir, 'tuned.yaml');
    await writeFile(file, 'costs:\n  travelCost: 60\n');
    const check = await configCheck(file, {}, dir);
    expect(check.exitCode).toBe(0);
    expect(check.output.split('\n')[0]).toBe(`# ${file}`);
    const expected = { ...DEFAULT_CONFIG, costs: { ...DEFAULT_CONFIG.costs, travelCost: 60 } };
    expect(check.output).toContain(`# config hash ${configHash(expected)}`);
    expect(YAML.parse(check.output)).toEqual(expected);
  });

  it('reads the deprecated dashboard.retentionGoal as goals.retention and says what to write instead', async () => {
    const file = join(dir, 'old.yaml');
    await writeFile(file, 'dashboard:\n  retentionGoal: 0.85\n');
    const check = await configCheck(file, {}, dir);
    expect(check.exitCode).toBe(0);
    expect(check.output.split('\n')[2]).toBe('# note: dashboard.retentionGoal is deprecated: it is read as goals.retention; move it there (goals: { retention: … })');
    expect(YAML.parse(check.output).goals.retention).toBe(0.85);
    expect(YAML.parse(check.output)).not.toHaveProperty('dashboard');
  });

  it('says when there is no file and all defaults apply', async () => {
    const check = await configCheck(undefined, {}, dir);
    expect(check.exitCode).toBe(0);
    expect(check.output.split('\n')[0]).toBe('# no config file: all defaults');
    expect(YAML.parse(check.output)).toEqual(DEFAULT_CONFIG);
  });

  it('follows KLANTWAARDE_CONFIG', async () => {
    await writeFile(join(dir, 'env.yaml'), 'window: { months: 6 }\n');
    const check = await configCheck(undefined, { KLANTWAARDE_CONFIG: 'env.yaml' }, dir);
    expect(YAML.parse(check.output).window).toEqual({ months: 6 });
  });

  it('prints every refused value and exits 2', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'window:\n  months: 0\nschedule:\n  full: every night\n');
    const check = await configCheck(file, {}, dir);
    expect(check.exitCode).toBe(2);
    expect(check.output.split('\n')).toEqual([
      `# ${file}: not valid (2 errors); nothing will run on it`,
      'window.months: got 0 — expected a whole number ≥ 1',
      expect.stringMatching(/^schedule\.full: got "every night" — expected a cron expression/),
      '',
    ]);
  });

  it('exits 2 for a file that does not exist', async () => {
    const check = await configCheck(join(dir, 'missing.yaml'), {}, dir);
    expect(check).toEqual({ exitCode: 2, output: expect.stringContaining(`config file not found: ${join(dir, 'missing.yaml')}`) });
  });
});
