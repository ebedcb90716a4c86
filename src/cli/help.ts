// `klantwaarde <command> --help`: the usage line, then each argument and option with what it
// does, its default and an example, then whole calls to copy.
import type { Command, HelpEntry } from './command.ts';

export function commandHelp(command: Command): string {
  const options = Object.entries(command.help.options).map(([name, entry]) => {
    const short = command.options[name]?.short;
    return [`${short ? `-${short}, ` : ''}--${name}${entry.value ? ` ${entry.value}` : ''}`, entry] as const;
  });
  const args = Object.entries(command.help.arguments ?? {});
  const width = Math.max(...[...args, ...options, ['-h, --help']].map(([label]) => label.length));
  const entry = ([label, e]: readonly [string, HelpEntry]) =>
    [`  ${label.padEnd(width)}  ${e.text}`, `  ${' '.repeat(width)}  Default: ${e.default}. Example: ${e.example}`];
  return [
    `Usage: ${command.usage}`,
    '',
    `${command.summary.charAt(0).toUpperCase()}${command.summary.slice(1)}.`,
    ...(args.length > 0 ? ['', 'Arguments:', ...args.flatMap(entry)] : []),
    '',
    'Options:',
    ...options.flatMap(entry),
    `  ${'-h, --help'.padEnd(width)}  this help`,
    '',
    'Examples:',
    ...command.help.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
}
