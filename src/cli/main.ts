// The klantwaarde command: parses the command line, runs one command, maps failures to
// exit codes (0 ok, 1 failure, 2 bad usage or config).
import { parseArgs } from 'node:util';
import { isAppError } from '../app/errors.ts';
import { EXIT, UsageError, type CliIo, type Command } from './command.ts';
import { ConfigInvalid, ImportInvalid } from '../composition/command-failures.ts';
import { commandHelp } from './help.ts';
import { isTerminal } from './progress.ts';

/**
 * Each command's module by name, in the order help lists them, loaded when the command runs: a
 * command loads what it needs and nothing of the others (`recalc --input` no store, CRM client or
 * config schema; the runtime with them takes a tenth of a second to load, on one core).
 */
const COMMAND_MODULES: Record<string, () => Promise<Command>> = {
  setup: async () => (await import('./commands/setup.command.ts')).setupCommand,
  import: async () => (await import('./commands/import.command.ts')).importCommand,
  sample: async () => (await import('./commands/sample.command.ts')).sampleCommand,
  sync: async () => (await import('./commands/sync.command.ts')).syncCommand,
  recalc: async () => (await import('./commands/recalc.command.ts')).recalcCommand,
  show: async () => (await import('./commands/show.command.ts')).showCommand,
  report: async () => (await import('./commands/report.command.ts')).reportCommand,
  serve: async () => (await import('./commands/serve.command.ts')).serveCommand,
  config: async () => (await import('./commands/config.command.ts')).configCommand,
  jobs: async () => (await import('./commands/jobs.command.ts')).jobsCommand,
};

/** Every command, in the order help lists them. */
export async function loadCommands(): Promise<Command[]> {
  return Promise.all(Object.values(COMMAND_MODULES).map((load) => load()));
}

async function help(): Promise<string> {
  const COMMANDS = await loadCommands();
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'klantwaarde — customer value, cost-to-serve and A/B/C/D segments for HubSpot and Salesforce',
    '',
    'Usage: klantwaarde <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `klantwaarde <command> --help` for a command\'s options.',
    '',
  ].join('\n');
}

/**
 * On a terminal the progress bars tell what happens; the JSON log lines at info would break
 * them up, so only warnings and errors are logged unless LOG_LEVEL says otherwise. The
 * server logs as configured.
 */
function quietLogsOnTerminal(command: Command, io: CliIo): CliIo {
  if (command.name === 'serve' || io.env.LOG_LEVEL !== undefined || !isTerminal(io)) return io;
  return { ...io, env: { ...io.env, LOG_LEVEL: 'warn' } };
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(await help());
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = Object.hasOwn(COMMAND_MODULES, name) ? COMMAND_MODULES[name] : undefined;
  if (!load) {
    io.stderr.write(`Unknown command "${name}".\n\n${await help()}`);
    return EXIT.usage;
  }
  const command = await load();
  try {
    const { values, positionals } = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    if (values.help) {
      io.stdout.write(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(values as Record<string, string | boolean | undefined>, positionals, quietLogsOnTerminal(command, io));
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`${(error as Error).message}\nUsage: ${command.usage}\n`);
      return EXIT.usage;
    }
    if (error instanceof ConfigInvalid) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof ImportInvalid) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.failure;
    }
    if (isAppError(error)) {
      io.stderr.write(`${error.code}: ${error.message}\n`);
      return EXIT.failure;
    }
    io.stderr.write(`Failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failure;
  }
}
