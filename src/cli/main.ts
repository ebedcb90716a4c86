// The klantwaarde command: parses the command line, runs one command, maps failures to
// exit codes (0 ok, 1 failure, 2 bad usage or config).
import { parseArgs } from 'node:util';
import { isAppError } from '../app/errors.ts';
import { EXIT, UsageError, type CliIo, type Command } from './command.ts';
import { configCommand } from './commands/config.command.ts';
import { importCommand } from './commands/import.command.ts';
import { jobsCommand } from './commands/jobs.command.ts';
import { recalcCommand } from './commands/recalc.command.ts';
import { reportCommand } from './commands/report.command.ts';
import { sampleCommand } from './commands/sample.command.ts';
import { serveCommand } from './commands/serve.command.ts';
import { setupCommand } from './commands/setup.command.ts';
import { showCommand } from './commands/show.command.ts';
import { syncCommand } from './commands/sync.command.ts';
import { ConfigInvalid, ImportInvalid } from '../composition/runtime.ts';
import { commandHelp } from './help.ts';
import { isTerminal } from './progress.ts';

export const COMMANDS: Command[] = [setupCommand, importCommand, sampleCommand, syncCommand, recalcCommand, showCommand, reportCommand, serveCommand, configCommand, jobsCommand];

function help(): string {
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
  if (command === serveCommand || io.env.LOG_LEVEL !== undefined || !isTerminal(io)) return io;
  return { ...io, env: { ...io.env, LOG_LEVEL: 'warn' } };
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${help()}`);
    return EXIT.usage;
  }
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
