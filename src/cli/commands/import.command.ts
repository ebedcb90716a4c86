// klantwaarde import — loads a folder of CSV exports into the store (tenant "local"), all or
// nothing, then recomputes the tenant as `npm start` does, so the results match the import.
// The folder is a snapshot: re-importing updates records by id and removes what the folder
// no longer has.
import { folderPages } from '../../adapters/crm/file/folder-pages.ts';
import { numberFormatOf } from '../../adapters/crm/file/number-format.ts';
import { readSampleDay } from '../../adapters/crm/file/sample.ts';
import { recomputeAll } from '../../app/recompute.ts';
import { loadFolder } from '../../app/sample/living-sample.ts';
import { SEGMENTS } from '../../domain/records.ts';
import { isoDate } from '../../domain/time.ts';
import { CONFIG_HELP, EXIT, inputFolder, UsageError, type Command } from '../command.ts';
import { count, counted } from '../output.ts';
import { createProgress, type Meter } from '../progress.ts';
import { LOCAL_TENANT, openRuntime } from '../../composition/runtime.ts';

export const importCommand: Command = {
  name: 'import',
  summary: 'import a folder of CSV exports into the store and recompute',
  usage: 'klantwaarde import --input DIR [--no-recalc] [--config FILE]',
  options: { input: { type: 'string' }, 'no-recalc': { type: 'boolean', default: false }, config: { type: 'string' } },
  help: {
    options: {
      input: { value: 'DIR', text: 'the folder with companies.csv, deals.csv, activities.csv and optionally relations.csv and overrides.csv (docs/reference.md)', default: 'required (or give DIR as the argument)', example: '--input exports/2026-11' },
      'no-recalc': { text: 'only import; the results stay as they were until `klantwaarde recalc`', default: 'off: the tenant is recomputed after the import', example: '--no-recalc' },
      config: CONFIG_HELP,
    },
    examples: ['klantwaarde import --input examples/sample-portal', 'klantwaarde import --input exports/2026-11 --no-recalc'],
  },
  async run(values, positionals, io) {
    const given = typeof values.input === 'string' ? values.input : positionals[0];
    if (!given) throw new UsageError('--input DIR is required: the folder with companies.csv, deals.csv and activities.csv');
    const dir = await inputFolder('input', given);
    // A sample folder (sample.json) moves on to today with every recalculation; read it before anything is stored.
    const sampleDay = await readSampleDay(dir);
    const progress = createProgress(io);
    const runtime = await openRuntime({ configPath: typeof values.config === 'string' ? values.config : undefined, io, step: progress.step });
    try {
      progress.step(`reading ${dir}`);
      let reading: Meter | null = null;
      const pages = folderPages(dir, {
        numbers: numberFormatOf(runtime.config.csv),
        onNote: (note) => io.stderr.write(`note: ${note}\n`),
        onProgress: ({ rows, bytes, totalBytes }) => {
          reading ??= progress.meter('reading', 'rows', totalBytes);
          reading.update(bytes, rows);
          if (bytes === totalBytes) progress.step(`read ${count(rows)} rows; storing them`);
        },
      });
      const outcome = await loadFolder(runtime.store, LOCAL_TENANT, pages, sampleDay);
      const companies = await runtime.store.countCompanies(LOCAL_TENANT);
      progress.stop();
      const r = outcome.removed;
      io.stdout.write(`Imported ${count(outcome.records)} records (${count(companies)} companies) from ${dir} into tenant ${LOCAL_TENANT}.\n`);
      const removed = [counted(r.companies, 'company', 'companies'), counted(r.deals, 'deal'), counted(r.activities, 'activity', 'activities'), counted(r.relations, 'relation'), counted(r.overrides, 'override')];
      io.stdout.write(`Removed what the folder no longer has: ${removed.join(', ')}.\n`);
      if (values['no-recalc'] === true) {
        io.stdout.write('The results are as they were: run `klantwaarde recalc` to update the results.\n');
        return EXIT.ok;
      }
      progress.step(`computing ${count(companies)} companies`);
      const { counts, asOf } = await recomputeAll(runtime.recompute, LOCAL_TENANT, { onResults: () => undefined });
      progress.stop();
      const perSegment = SEGMENTS.map((s) => `${s} ${count(counts[s] ?? 0)}`).join(', ');
      io.stdout.write(`Computed ${count(counts.companies ?? 0)} companies as of ${isoDate(asOf)}: ${perSegment}. See them with \`klantwaarde report\`, \`klantwaarde show ID\` or the dashboard (\`klantwaarde serve\`).\n`);
      return EXIT.ok;
    } finally {
      progress.stop();
      await runtime.close();
    }
  },
};
