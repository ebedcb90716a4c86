// klantwaarde jobs — the webhook work queue: what waits, what runs, and the dead letters
// (work that failed every attempt), which --retry-dead queues again.
import type { DeadLetter, QueueStats } from '../../app/ports/queue.port.ts';
import { AppError } from '../../app/errors.ts';
import { loadSettings } from '../../composition/runtime.ts';
import { CONFIG_HELP, EXIT, UsageError, write, type Command } from '../command.ts';
import { table } from '../output.ts';

const FORMATS = ['table', 'json'] as const;

export const jobsCommand: Command = {
  name: 'jobs',
  summary: 'show the webhook work queue and its dead letters; --retry-dead queues them again',
  usage: 'klantwaarde jobs [--limit N] [--retry-dead [ID ...]] [--format table|json] [--config FILE]',
  options: {
    limit: { type: 'string', default: '20' },
    'retry-dead': { type: 'boolean', default: false },
    format: { type: 'string', default: 'table' },
    config: { type: 'string' },
  },
  help: {
    arguments: { ID: { text: 'dead letters to queue again (with --retry-dead); `klantwaarde jobs` lists their ids', default: 'all dead letters', example: 'klantwaarde jobs --retry-dead 17 18' } },
    options: {
      limit: { value: 'N', text: 'how many dead letters to list, newest first', default: '20', example: '--limit 100' },
      'retry-dead': { text: 'queue dead letters (work that failed every attempt) again with their attempts reset', default: 'off', example: '--retry-dead' },
      format: { value: 'FORMAT', text: 'table (readable) or json', default: 'table', example: '--format json' },
      config: CONFIG_HELP,
    },
    examples: ['klantwaarde jobs', 'klantwaarde jobs --format json --limit 100', 'klantwaarde jobs --retry-dead', 'klantwaarde jobs --retry-dead 17'],
  },
  async run(values, positionals, io) {
    const format = String(values.format);
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format ${format}: expected one of ${FORMATS.join(', ')}`);
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit ${String(values.limit)}: expected a whole number ≥ 1`);
    if (positionals.length > 0 && values['retry-dead'] !== true) throw new UsageError(`unexpected argument ${positionals[0]}: ids go with --retry-dead`);

    const { env } = await loadSettings(typeof values.config === 'string' ? values.config : undefined, io);
    // The queue's modules (pg-boss) are loaded by the command that reads it.
    const { createWorkQueue, QUEUE_FILE } = await import('../../adapters/queue/create-queue.ts');
    const queue = await createWorkQueue({ databaseUrl: env.DATABASE_URL, dataDir: env.KLANTWAARDE_DATA_DIR, maintain: false });
    try {
      if (values['retry-dead'] === true) {
        // Named ids must be dead letters: a typo is said, not answered with "0 queued again".
        const dead = positionals.length > 0 ? new Set((await queue.deadLetters((await queue.stats()).dead)).map((d) => d.id)) : null;
        const unknown = dead ? positionals.filter((id) => !dead.has(id)) : [];
        const ids = dead ? positionals.filter((id) => dead.has(id)) : undefined;
        const count = ids?.length === 0 ? 0 : await queue.retryDead(ids);
        if (ids?.length !== 0) io.stdout.write(`${count} dead letter${count === 1 ? '' : 's'} queued again.\n`);
        if (unknown.length === 0) return EXIT.ok;
        throw new AppError('jobs.not_found', `No dead letter with id ${unknown.join(', ')}; \`klantwaarde jobs\` lists the dead letters and their ids.`);
      }
      const [stats, dead] = await Promise.all([queue.stats(), queue.deadLetters(limit)]);
      if (format === 'json') {
        io.stdout.write(`${JSON.stringify({ queue: stats, deadLetters: dead }, null, 2)}\n`);
        return EXIT.ok;
      }
      write(io.stdout, describe(env.DATABASE_URL ? 'PostgreSQL (pg-boss)' : `SQLite, ${env.KLANTWAARDE_DATA_DIR}/${QUEUE_FILE}`, stats, dead));
      return EXIT.ok;
    } finally {
      await queue.close();
    }
  },
};

function* describe(where: string, stats: QueueStats, dead: DeadLetter[]): Generator<string> {
  const age = stats.oldestWaitingMs === null ? '' : ` (oldest ${Math.round(stats.oldestWaitingMs / 1000)} s)`;
  yield `Work queue: ${where}\n`;
  yield `  waiting      ${stats.waiting}${age}\n`;
  yield `  in progress  ${stats.leased}\n`;
  yield `  dead         ${stats.dead}\n`;
  if (dead.length === 0) return;
  yield `\nDead letters, newest first (klantwaarde jobs --retry-dead [ID ...] queues them again):\n`;
  yield* table(
    ['id', 'tenant', 'object', 'attempts', 'failed at', 'error'],
    dead.map((d) => [d.id, d.tenant, `${d.objectType} ${d.objectId}`, String(d.attempts), new Date(d.failedAt).toISOString().slice(0, 19).replace('T', ' '), d.error.length > 80 ? `${d.error.slice(0, 79)}…` : d.error]),
    [3],
  );
}
