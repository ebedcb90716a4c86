// Progress on long work: bars with a rate and an ETA when a person watches, nothing when the
// output goes to a pipe or a log. "A person watches" is injected, so no real TTY is needed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.ts';
import { cli } from './cli-support.ts';

const SAMPLE = 'examples/sample-portal';
const root = mkdtempSync(join(tmpdir(), 'kw-progress-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function captured(terminal?: boolean) {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  const io = { stdout: stream, stderr: stream, env: {}, cwd: root, ...(terminal === undefined ? {} : { terminal }) };
  return { io, text: () => text };
}

/** What a terminal shows last on each line: the bar redraws itself after a carriage return. */
function screen(text: string): string {
  // eslint-disable-next-line no-control-regex
  const columnOne = /\x1b\[1G/g;
  // eslint-disable-next-line no-control-regex
  const otherEscapes = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g;
  return text.replace(columnOne, '\r').replace(otherEscapes, '').split('\n').map((line) => line.split('\r').at(-1)).join('\n');
}

describe('createProgress', () => {
  it('draws a bar with count, rate and ETA when the total is known', () => {
    let now = 0;
    const out = captured(true);
    const progress = createProgress(out.io, () => now);
    const meter = progress.meter('reading', 'rows', 1000);
    now = 2000;
    meter.update(500);
    now = 4000;
    meter.update(1000);
    meter.done();
    expect(screen(out.text())).toMatch(/reading \[=+\] 100% \| 1,000 rows \| 250 rows\/s \| ETA \S+/);
  });

  it('shows a count and a rate without a bar when the total is unknown', () => {
    let now = 0;
    const out = captured(true);
    const progress = createProgress(out.io, () => now);
    const add = progress.counter('stored', 'records', null);
    add(300);
    now = 1000;
    add(300);
    progress.stop();
    const shown = screen(out.text());
    expect(shown).toMatch(/stored 600 records \| 600 records\/s/);
    expect(shown).not.toContain('ETA');
  });

  it('prints steps with the time since the start', () => {
    let now = 0;
    const out = captured(true);
    const progress = createProgress(out.io, () => now);
    now = 1500;
    progress.step('opening the SQLite store');
    expect(out.text()).toBe('[1.5s] opening the SQLite store\n');
  });

  it('writes nothing when no one watches', () => {
    const out = captured(false);
    const progress = createProgress(out.io);
    progress.step('a step');
    progress.meter('reading', 'rows', 10).update(5);
    progress.counter('stored', 'records', null)(3);
    progress.stop();
    expect(out.text()).toBe('');
  });

  it('asks the stream when the caller does not say', () => {
    const out = captured();
    createProgress(out.io).step('a step');
    expect(out.text()).toBe('');
    const tty = captured();
    Object.assign(tty.io.stderr, { isTTY: true });
    createProgress(tty.io).step('a step');
    expect(tty.text()).toContain('a step');
  });
});

describe('progress of the commands', () => {
  it('import shows the rows read with a rate and an ETA, then the steps', async () => {
    const run = await cli(['import', '--input', SAMPLE], { KLANTWAARDE_DATA_DIR: join(root, 'import') }, undefined, { terminal: true });
    expect(run.code).toBe(0);
    const shown = screen(run.stderr);
    expect(shown).toMatch(/reading \[=+\] 100% \| [\d,]+ rows \| [\d,]+ rows\/s \| ETA/);
    expect(shown).toMatch(/\] computing 300 companies/);
    // The results go to stdout, untouched by the bar.
    expect(run.stdout).toContain('Computed 300 companies');
  });

  it('sample shows the rows written', async () => {
    const run = await cli(['sample', '--companies', '20', '--out', join(root, 'sample')], {}, undefined, { terminal: true });
    expect(run.code).toBe(0);
    expect(screen(run.stderr)).toMatch(/writing \[=+\] 100% \| [\d,]+ rows \| [\d,]+ rows\/s/);
  });

  it('keeps stderr empty in a pipe', async () => {
    const run = await cli(['sample', '--companies', '20', '--out', join(root, 'quiet')], {}, undefined, { terminal: false });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});
