// `klantwaarde recalc --input DIR` works on an export with no store at all.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli } from './cli-support.ts';

const SAMPLE = 'examples/sample-portal';

describe('recalc --input', () => {
  it('prints one JSON object per company with the PRODUCT.md names', async () => {
    const ranAt = Date.parse('2026-12-03T09:30:00Z');
    const run = await cli(['recalc', '--input', SAMPLE, '--as-of', '2026-11-01', '--format', 'json'], {}, undefined, { now: ranAt });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(300);
    const keys = Object.keys(rows[0]!);
    expect(keys.slice(0, 2)).toEqual(['company_id', 'segment']);
    for (const name of ['segment_computed', 'pyramid_level', 'revenue_12m', 'gross_margin_12m', 'cost_to_serve_12m', 'net_contribution_12m', 'clv', 'strategic_value', 'total_value', 'growth_potential', 'share_of_wallet', 'value_rank', 'next_contact_date', 'contact_overdue', 'contact_plan', 'service_flag', 'recommended_action', 'explanation', 'calculated_at']) {
      expect(keys).toContain(name);
    }
    const segments = new Set(rows.map((r) => r.segment));
    expect([...segments].filter((s) => s !== null).sort()).toEqual(['A', 'B', 'C', 'D']);
    // When the figures were computed (the run's wall-clock time), not the asOf they are for.
    expect(rows.every((r) => r.calculated_at === '2026-12-03T09:30:00.000Z')).toBe(true);
  });

  it('gives the same figures as a CSV and as a table', async () => {
    const json = JSON.parse((await cli(['recalc', '--input', SAMPLE, '--as-of', '2026-11-01', '--format', 'json'])).stdout) as Record<string, unknown>[];
    const csv = (await cli(['recalc', '--input', SAMPLE, '--as-of', '2026-11-01', '--format', 'csv'])).stdout.trim().split('\n');
    expect(csv).toHaveLength(301);
    expect(csv[0]!.split(',').slice(0, 3)).toEqual(['company_id', 'segment', 'segment_computed']);
    const table = (await cli(['recalc', '--input', SAMPLE, '--as-of', '2026-11-01'])).stdout;
    const top = json.find((r) => r.value_rank === 1)!;
    expect(table.split('\n')[2]).toContain(String(top.company_id));
  });

  it('computes a sample folder as if it had been made on the day asked for: a year on, the same figures', async () => {
    const figures = (stdout: string) =>
      (JSON.parse(stdout) as Record<string, unknown>[]).map(({ company_id, segment, total_value, net_contribution_12m, service_flag, recommended_action, value_rank }) => ({ company_id, segment, total_value, net_contribution_12m, service_flag, recommended_action, value_rank }));
    const onItsDay = await cli(['recalc', '--input', SAMPLE, '--as-of', '2026-11-01T09:30:00Z', '--format', 'json']);
    const aYearOn = await cli(['recalc', '--input', SAMPLE, '--format', 'json'], {}, undefined, { now: Date.parse('2027-11-20T09:30:00Z') });
    expect(aYearOn.code).toBe(0);
    expect(figures(aYearOn.stdout)).toEqual(figures(onItsDay.stdout));
  });

  it('limits the output to one company with --company', async () => {
    const run = await cli(['recalc', '--input', SAMPLE, '--as-of', '2026-11-01', '--format', 'json', '--company', 'c-000001']);
    expect((JSON.parse(run.stdout) as unknown[]).map((r) => (r as { company_id: string }).company_id)).toEqual(['c-000001']);
  });

  it('names the file and line of a bad row and exits 1 without output', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kw-bad-'));
    await cp(SAMPLE, dir, { recursive: true });
    await writeFile(join(dir, 'deals.csv'), 'id,company_id,amount,close_date,status\nd1,c-000001,12x,2026-01-01,won\n');
    const run = await cli(['recalc', '--input', dir, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('deals.csv:2 column amount value "12x"');
  });

  it('refuses a bad option or config with exit code 2 and says what is allowed', async () => {
    const format = await cli(['recalc', '--input', SAMPLE, '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('expected one of table, json, csv');
    const dir = await mkdtemp(join(tmpdir(), 'kw-cfg-'));
    await writeFile(join(dir, 'bad.yaml'), 'costs:\n  travelCost: -5\n');
    const config = await cli(['recalc', '--input', SAMPLE, '--config', join(dir, 'bad.yaml')]);
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('costs.travelCost');
    expect(await cli(['frobnicate']).then((r) => r.code)).toBe(2);
  });

  it('loads no store, CRM client or config schema without a config file, and the schema to check one', async () => {
    // A tenth of a second on one core at the start of every run: what a newcomer's first `recalc --input` waits for.
    const root = resolve(import.meta.dirname, '../..');
    const cwd = await mkdtemp(join(tmpdir(), 'kw-loads-'));
    const loaded = async (...extra: string[]) => {
      const record = join(cwd, `imports-${extra.length}.txt`);
      await writeFile(record, '');
      const args = ['--import', join(root, 'test/cli/record-imports.mjs'), join(root, 'bin/klantwaarde.js'), 'recalc', '--input', join(root, SAMPLE), '--as-of', '2026-11-01', '--format', 'csv', ...extra];
      const { stdout } = await promisify(execFile)(process.execPath, args, { cwd, env: { PATH: process.env.PATH, RECORD_IMPORTS: record }, maxBuffer: 64 << 20 });
      expect(stdout.trim().split('\n')).toHaveLength(301);
      return (await readFile(record, 'utf8')).split('\n');
    };
    const plain = await loaded();
    expect(plain.some((url) => url.endsWith('/src/adapters/crm/file/csv.reader.ts'))).toBe(true);
    for (const heavy of ['/node_modules/zod/', '/node_modules/pg/', '/node_modules/@hubspot/', '/node_modules/jsforce/', '/node_modules/express/', '/src/composition/runtime.ts']) {
      expect(plain.find((url) => url.includes(heavy)), heavy).toBeUndefined();
    }
    await writeFile(join(cwd, 'checked.yaml'), 'costs:\n  travelCost: 45\n');
    const checked = await loaded('--config', 'checked.yaml');
    expect(checked.some((url) => url.includes('/node_modules/zod/'))).toBe(true);
  });
});
