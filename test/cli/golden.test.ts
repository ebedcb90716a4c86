// Golden output of the CLI on the committed sample portal: a change in any figure, rule or
// format shows up as a diff of these files (update them with `npx vitest -u` when intended).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './cli-support.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'kw-golden-'));
const env = { KLANTWAARDE_DATA_DIR: dataDir };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
/** The runs happen on the sample portal's date: the live run is as of it. */
const NOW = Date.parse('2026-11-01T00:00:00Z');
const cwd = process.cwd();

describe('CLI golden output on the sample portal', () => {
  it('recalc --input … --format csv', async () => {
    const run = await cli(['recalc', '--input', 'examples/sample-portal', '--as-of', '2026-11-01', '--format', 'csv'], {}, cwd, { now: NOW });
    expect(run.code).toBe(0);
    await expect(run.stdout).toMatchFileSnapshot('golden/recalc.csv');
  });

  it('import, recalc, report, show', async () => {
    // --no-recalc: the one run is recalc's, at the pinned clock.
    expect((await cli(['import', '--input', 'examples/sample-portal', '--no-recalc'], env, cwd, { now: NOW })).code).toBe(0);
    const recalc = await cli(['recalc'], env, cwd, { now: NOW });
    expect(recalc.code).toBe(0);
    await expect(recalc.stdout).toMatchFileSnapshot('golden/recalc.table.txt');
    const report = await cli(['report'], env, cwd, { now: NOW });
    expect(report.code).toBe(0);
    await expect(report.stdout).toMatchFileSnapshot('golden/report.txt');
    const show = await cli(['show', 'c-000001'], env, cwd, { now: NOW });
    expect(show.code).toBe(0);
    await expect(show.stdout).toMatchFileSnapshot('golden/show-c-000001.txt');
    // A loss-maker: its what-if options ranked by effect.
    const loss = await cli(['show', 'c-000002'], env, cwd, { now: NOW });
    expect(loss.code).toBe(0);
    expect(loss.stdout).toContain('What-if');
    await expect(loss.stdout).toMatchFileSnapshot('golden/show-c-000002.txt');
  });

  it('show of an unknown company fails with its code', async () => {
    const run = await cli(['show', 'c-999999'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('company.not_found');
  });
});
