// klantwaarde recalc — recompute segments and values, from the store or straight from a
// folder of CSV exports (no store needed), and print them.
import { computePortfolio } from '../../domain/engine.ts';
import { EXIT, parseDateOption, progress, UsageError, write, type Command } from '../command.ts';
import { formatResults, OUTPUT_FORMATS, type OutputFormat } from '../output.ts';
import { loadPortfolioFolder, openRuntime, writeBackAll } from '../../composition/runtime.ts';
import { recomputeAll, recomputeCompanies } from '../../app/recompute.ts';

export const recalcCommand: Command = {
  name: 'recalc',
  summary: 'recompute customer value and segments, and print them',
  usage: 'klantwaarde recalc [--company ID] [--as-of DATE] [--config FILE] [--input DIR] [--format table|json|csv] [--dry-run]',
  options: {
    company: { type: 'string', multiple: false },
    'as-of': { type: 'string' },
    config: { type: 'string' },
    input: { type: 'string' },
    format: { type: 'string', default: 'table' },
    'dry-run': { type: 'boolean', default: false },
  },
  async run(values, _positionals, io) {
    const format = String(values.format) as OutputFormat;
    if (!OUTPUT_FORMATS.includes(format)) throw new UsageError(`--format ${format}: expected one of ${OUTPUT_FORMATS.join(', ')}`);
    const asOfOption = parseDateOption('as-of', values['as-of']);
    const step = progress(io);

    if (typeof values.input === 'string') {
      // In memory: read the export, compute, print. Nothing is stored or written anywhere.
      const { config, portfolio } = await loadPortfolioFolder(values.input, typeof values.config === 'string' ? values.config : undefined, io);
      const asOf = asOfOption ?? Date.now();
      step(`computing ${portfolio.companies.length} companies`);
      let { results } = computePortfolio(portfolio, config, asOf);
      if (typeof values.company === 'string') results = results.filter((r) => r.companyId === values.company);
      write(io.stdout, formatResults(results, asOf, format));
      return EXIT.ok;
    }

    const runtime = await openRuntime({ configPath: typeof values.config === 'string' ? values.config : undefined, io, step });
    try {
      const dryRun = values['dry-run'] === true;
      const asOf = asOfOption;
      let exit: number = EXIT.ok;
      for (const tenant of await runtime.tenants()) {
        step(`recomputing ${tenant}`);
        const outcome =
          typeof values.company === 'string'
            ? await recomputeCompanies(runtime.recompute, tenant, [values.company], { asOf, dryRun })
            : await recomputeAll(runtime.recompute, tenant, { asOf, dryRun });
        step(`${outcome.results.length} companies computed, ${outcome.updates.length} with changed values`);
        if (!dryRun) {
          const report = await writeBackAll(runtime, tenant, outcome.updates, step, outcome.run, (m) => io.stderr.write(`${tenant}: ${m}\n`));
          if (report && (report.failed.length > 0 || report.stoppedBy)) exit = EXIT.failure;
        }
        write(io.stdout, formatResults(outcome.results, outcome.asOf, format));
      }
      return exit;
    } finally {
      await runtime.close();
    }
  },
};
