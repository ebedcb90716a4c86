// klantwaarde sample — writes a deterministic synthetic portal as a CSV folder.
import { writeSamplePortal } from '../../adapters/crm/file/sample.ts';
import { EXIT, outputFolder, parseDateOption, UsageError, type Command } from '../command.ts';
import { createProgress, type Meter } from '../progress.ts';

export const sampleCommand: Command = {
  name: 'sample',
  summary: 'write a synthetic portal (CSV) for trying things out',
  usage: 'klantwaarde sample --out DIR [--companies N] [--seed S] [--as-of DATE] [--force]',
  options: {
    companies: { type: 'string', default: '300' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string' },
    'as-of': { type: 'string' },
    force: { type: 'boolean', default: false },
  },
  help: {
    options: {
      out: { value: 'DIR', text: 'the folder to write the CSV files to (made when missing)', default: 'required', example: '--out /tmp/portal' },
      companies: { value: 'N', text: 'how many companies', default: '300', example: '--companies 100000' },
      seed: { value: 'S', text: 'the random seed: the same seed gives the same portal', default: '42', example: '--seed 7' },
      'as-of': { value: 'DATE', text: 'the day the portal is generated around (ISO 8601), kept in sample.json: loading the folder moves its dates on to the day computed', default: 'today', example: '--as-of 2026-11-01' },
      force: { text: 'write over CSV files already in --out', default: 'off: refused when --out holds CSV files', example: '--force' },
    },
    examples: ['klantwaarde sample --out /tmp/portal', 'klantwaarde sample --companies 100000 --seed 7 --as-of 2026-11-01 --out /tmp/big --force'],
  },
  async run(values, _positionals, io) {
    const companies = Number(values.companies);
    const seed = Number(values.seed);
    if (!Number.isInteger(companies) || companies < 1) throw new UsageError(`--companies ${String(values.companies)}: expected a whole number ≥ 1`);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed ${String(values.seed)}: expected a whole number`);
    if (typeof values.out !== 'string') throw new UsageError('--out DIR is required: the folder to write the CSV files to');
    const asOf = parseDateOption('as-of', values['as-of']) ?? Date.now();
    const out = await outputFolder('out', values.out, values.force === true);
    const progress = createProgress(io);
    let writing: Meter | null = null;
    progress.step(`generating ${companies} companies`);
    const summary = await writeSamplePortal({
      companies,
      seed,
      out,
      asOf,
      onGenerated: (rows) => (writing = progress.meter('writing', 'rows', rows)),
      onProgress: (rows) => writing?.update(rows),
    }).finally(() => progress.stop());
    io.stdout.write(
      `Wrote ${summary.companies} companies, ${summary.deals} deals, ${summary.activities} activities, ${summary.relations} relations and ${summary.overrides} overrides to ${values.out}\n`,
    );
    return EXIT.ok;
  },
};
