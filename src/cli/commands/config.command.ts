// klantwaarde config check [FILE] — the effective config, or every error with its path.
import { configCheck } from '../../config/config-check.ts';
import { CONFIG_HELP, EXIT, UsageError, type Command } from '../command.ts';

export const configCommand: Command = {
  name: 'config',
  summary: 'check a config file: print the effective config or its errors',
  usage: 'klantwaarde config check [FILE]',
  options: { config: { type: 'string' } },
  help: {
    arguments: {
      check: { text: 'the one subcommand: check a config file', default: 'required', example: 'klantwaarde config check' },
      FILE: { text: 'the file to check (the same as --config)', default: 'the config the other commands would use', example: 'klantwaarde config check my.yaml' },
    },
    options: { config: CONFIG_HELP },
    examples: ['klantwaarde config check', 'klantwaarde config check ops/klantwaarde.config.yaml'],
  },
  async run(values, positionals, io) {
    const [sub, file] = positionals;
    if (sub !== 'check') throw new UsageError(`unknown config subcommand ${sub ?? '(none)'}; expected: config check [FILE]`);
    const result = await configCheck(file ?? (typeof values.config === 'string' ? values.config : undefined), io.env, io.cwd);
    (result.exitCode === 0 ? io.stdout : io.stderr).write(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
    return result.exitCode === 0 ? EXIT.ok : EXIT.usage;
  },
};
