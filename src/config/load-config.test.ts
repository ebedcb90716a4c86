import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config.defaults.ts';
import { jsonErrorOffset } from './config-text.ts';
import { formatConfigErrors, loadConfig } from './load-config.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klantwaarde-config-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('gives the defaults when there is no config file', async () => {
    expect(await loadConfig({ cwd: dir })).toEqual({ ok: true, config: DEFAULT_CONFIG, source: 'defaults' });
  });

  it('lays a partial YAML file over the defaults', async () => {
    await writeFile(join(dir, 'klantwaarde.config.yaml'), 'costs:\n  travelCost: 60\nschedule:\n  timezone: UTC\n');
    const result = await loadConfig({ cwd: dir });
    expect(result).toMatchObject({ ok: true, source: join(dir, 'klantwaarde.config.yaml') });
    expect(result.ok && result.config).toEqual({
      ...DEFAULT_CONFIG,
      costs: { ...DEFAULT_CONFIG.costs, travelCost: 60 },
      schedule: { ...DEFAULT_CONFIG.schedule, timezone: 'UTC' },
    });
  });

  it('reads a JSON file', async () => {
    await writeFile(join(dir, 'klantwaarde.config.json'), JSON.stringify({ segmentation: { method: 'score' } }));
    const result = await loadConfig({ cwd: dir });
    expect(result.ok && result.config.segmentation).toEqual({ ...DEFAULT_CONFIG.segmentation, method: 'score' });
  });

  it('prefers .yaml over .yml over .json', async () => {
    await writeFile(join(dir, 'klantwaarde.config.json'), '{ "window": { "months": 6 } }');
    await writeFile(join(dir, 'klantwaarde.config.yml'), 'window: { months: 24 }\n');
    const result = await loadConfig({ cwd: dir });
    expect(result.ok && [result.source, result.config.window.months]).toEqual([join(dir, 'klantwaarde.config.yml'), 24]);
  });

  it('takes the file named by KLANTWAARDE_CONFIG, and an explicit path before it', async () => {
    await mkdir(join(dir, 'etc'));
    await writeFile(join(dir, 'etc', 'from-env.yaml'), 'window: { months: 6 }\n');
    await writeFile(join(dir, 'explicit.yaml'), 'window: { months: 9 }\n');
    const fromEnv = await loadConfig({ cwd: dir, env: { KLANTWAARDE_CONFIG: 'etc/from-env.yaml' } });
    expect(fromEnv.ok && fromEnv.config.window.months).toBe(6);
    const explicit = await loadConfig({ cwd: dir, path: 'explicit.yaml', env: { KLANTWAARDE_CONFIG: 'etc/from-env.yaml' } });
    expect(explicit.ok && explicit.config.window.months).toBe(9);
  });

  it('accepts a plain path', async () => {
    await writeFile(join(dir, 'plain.yaml'), 'pyramid: { topShare: 0.05 }\n');
    const result = await loadConfig(join(dir, 'plain.yaml'));
    expect(result.ok && result.config.pyramid.topShare).toBe(0.05);
  });

  it('refuses a missing explicit file and names it', async () => {
    const missing = join(dir, 'nope.yaml');
    const result = await loadConfig({ cwd: dir, path: missing });
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'config.not_found', message: `config file not found: ${missing}` }] });
  });

  it('reads an empty file as all defaults', async () => {
    await writeFile(join(dir, 'klantwaarde.config.yaml'), '# nothing changed yet\n');
    const result = await loadConfig({ cwd: dir });
    expect(result.ok && result.config).toEqual(DEFAULT_CONFIG);
  });

  it('reports a YAML syntax error with its line and column', async () => {
    const file = join(dir, 'klantwaarde.config.yaml');
    await writeFile(file, 'costs:\n  travelCost: 60\n orderHandling: 40\n');
    const result = await loadConfig({ cwd: dir });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ code: 'config.syntax', path: '' });
    expect(formatConfigErrors(result.errors)).toMatch(new RegExp(`^${file}: .* at line 3, column \\d+$`, 'm'));
  });

  it('reports a JSON syntax error with its line and column', async () => {
    const file = join(dir, 'klantwaarde.config.json');
    await writeFile(file, '{\n  "costs": {\n    "travelCost": }\n}\n');
    const result = await loadConfig({ cwd: dir });
    expect(!result.ok && formatConfigErrors(result.errors)).toBe(`${file}: Unexpected token '}' at line 3, column 19`);
  });

  it('reports the file and every refused value of a YAML file', async () => {
    await writeFile(join(dir, 'klantwaarde.config.yaml'), 'costs:\n  hourlyRate:\n    account_manager: abc\nmargin:\n  defaultPct: 1.5\n');
    const result = await loadConfig({ cwd: dir });
    expect(!result.ok && formatConfigErrors(result.errors).split('\n')).toEqual([
      'margin.defaultPct: got 1.5 — expected a fraction between 0 and 1 (0.25 = 25%)',
      'costs.hourlyRate.account_manager: got "abc" — expected a number ≥ 0',
    ]);
  });
});

describe('jsonErrorOffset', () => {
  it('finds where the text stops being JSON', () => {
    expect(jsonErrorOffset('{"a": [1, 2,]}')).toBe(12);
    expect(jsonErrorOffset('{"a": 1')).toBe(7);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
  });
});
