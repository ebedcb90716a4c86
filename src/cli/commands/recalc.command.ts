// klantwaarde recalc — recompute segments and values, from the store or straight from a
// folder of CSV exports (no store needed), and print them. With --as-of it is a what-if
// (PRODUCT.md §3.7): printed, never stored as the live results nor written to the CRM.
import { computePortfolio } from '../../domain/engine.ts';
import { EXIT, parseDateOption, progress, UsageError, write, type Command } from '../command.ts';
import { formatResults, OUTPUT_FORMATS, type OutputFormat } from '../output.ts';
import { loadPortfolioFolder, openRuntime, writeBackAll } from '../../composition/runtime.ts';
import { recomputeAll, recomputeCompanies } from '../../app/recompute.ts';
import type { CompanyResult } from '../../domain/results.ts';

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

    const company = typeof values.company === 'string' ? values.company : undefined;
    const shown = (results: CompanyResult[]) => (company === undefined ? results : results.filter((r) => r.companyId === company));

    if (typeof values.input === 'string') {
      // In memory: read the export, compute, print. Nothing is stored or written anywhere.
      const { config, portfolio } = await loadPortfolioFolder(values.input, typeof values.config === 'string' ? values.config : undefined, io);
      const calculatedAt = (io.now ?? Date.now)();
      const asOf = asOfOption ?? calculatedAt;
      step(`computing ${portfolio.companies.length} companies`);
      write(io.stdout, formatResults(shown(computePortfolio(portfolio, config, asOf).results), calculatedAt, format));
      return EXIT.ok;
    }

    const runtime = await openRuntime({ configPath: typeof values.config === 'string' ? values.config : undefined, io, step });
    try {
      const dryRun = values['dry-run'] === true;
      const asOf = asOfOption;
      let exit: number = EXIT.ok;
      for (const tenant of await runtime.tenants()) {
        step(`recomputing ${tenant}`);
        // --company recomputes the companies that depend on it too (and writes them back); it prints the one asked for.
        const outcome =
          company !== undefined
            ? await recomputeCompanies(runtime.recompute, tenant, [company], { asOf, dryRun })
            : await recomputeAll(runtime.recompute, tenant, { asOf, dryRun });
        step(`${outcome.results.length} companies computed, ${outcome.updates.length} with changed values`);
        if (outcome.whatIf) {
          io.stderr.write(`${tenant}: a what-if as of ${new Date(outcome.asOf).toISOString()}: printed only; the live results and the CRM are left as they were.\n`);
        } else if (!dryRun) {
          const report = await writeBackAll(runtime, tenant, outcome.updates, step);
          if (report && (report.failed.length > 0 || report.stoppedBy)) exit = EXIT.failure;
        }
        write(io.stdout, formatResults(shown(outcome.results), outcome.calculatedAt, format));
      }
      return exit;
    } finally {
      await runtime.close();
    }
  },
};
