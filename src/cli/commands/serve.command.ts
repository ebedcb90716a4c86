// klantwaarde serve — the same as npm start: the server with the scheduler.
import { CONFIG_HELP, type Command } from '../command.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'start the server: card API, webhooks, dashboard and the scheduler',
  usage: 'klantwaarde serve [--config FILE]',
  options: { config: { type: 'string' } },
  help: {
    options: { config: CONFIG_HELP },
    examples: ['klantwaarde serve', 'klantwaarde serve --config ops/klantwaarde.config.yaml'],
  },
  // The server's modules (express, pg-boss, …) are loaded by the command that starts it, not by every command.
  run: async (values, _positionals, io) => (await import('../../main.ts')).runServe(io, typeof values.config === 'string' ? values.config : undefined),
};
