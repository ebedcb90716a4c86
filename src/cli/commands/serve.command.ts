// klantwaarde serve — the same as npm start: the server with the scheduler.
import { runServe } from '../../main.ts';
import type { Command } from '../command.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'start the server: card API, webhooks, dashboard and the scheduler',
  usage: 'klantwaarde serve [--config FILE]',
  options: { config: { type: 'string' } },
  run: (values, _positionals, io) => runServe(io, typeof values.config === 'string' ? values.config : undefined),
};
