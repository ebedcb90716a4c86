// Every command explains itself: `<command> --help` describes each option with its default
// and an example, the examples are valid calls, and the README's command table lists every
// option. Derived from the commands' own option lists, so a new option must be documented.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/cli/main.ts';
import { cli } from './cli-support.ts';

const COMMANDS = await loadCommands();
const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe.each(COMMANDS.map((c) => [c.name, c] as const))('klantwaarde %s --help', (name, command) => {
  it('explains every option with its default and an example', async () => {
    const run = await cli([name, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: klantwaarde ${name}`);
    expect(Object.keys(command.help.options).sort()).toEqual(Object.keys(command.options).sort());
    const lines = run.stdout.split('\n');
    for (const option of Object.keys(command.options)) {
      const at = lines.findIndex((line) => new RegExp(`^\\s+(-\\w, )?--${option}\\b`).test(line));
      expect(at, `--${option} in ${name} --help`).toBeGreaterThan(-1);
      expect(lines[at + 1]).toMatch(/Default: .+\. Example: .*--/);
    }
    for (const argument of Object.keys(command.help.arguments ?? {})) expect(run.stdout).toMatch(new RegExp(`^\\s+${argument}\\s`, 'm'));
  });

  it('gives examples that are valid calls', () => {
    expect(command.help.examples.length).toBeGreaterThan(0);
    for (const example of command.help.examples) {
      const [program, commandName, ...args] = example.split(' #')[0]!.trim().split(/\s+/);
      expect([program, commandName]).toEqual(['klantwaarde', name]);
      expect(() => parseArgs({ args, options: command.options, allowPositionals: true, strict: true })).not.toThrow();
    }
  });

  it('has every option in the README command table', () => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}`));
    expect(row, `README row for ${name}`).toBeDefined();
    for (const option of Object.keys(command.options)) expect(row, `--${option} of ${name}`).toContain(`--${option}`);
  });
});
