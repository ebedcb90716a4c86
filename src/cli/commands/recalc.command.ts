// klantwaarde recalc — recompute segments and values, from the store or straight from a
// folder of CSV exports (no store needed), and print them. With --as-of it is a what-if
// (PRODUCT.md §3.7): printed, never stored as the live results nor written to the CRM.
import { CONFIG_HELP, EXIT, inputFolder, parseDateOption, UsageError, write, type Command } from '../command.ts';
import { createProgress } from '../progress.ts';
import { formatResults, OUTPUT_FORMATS, resultPrinter, type OutputFormat } from '../output.ts';
import { writeResultsInParts } from '../results-in-parts.ts';
import { computePortfolioFolder } from '../../composition/portfolio-folder.ts';
import { AppError } from '../../app/errors.ts';
import type { CompanyResult } from '../../domain/results.ts';

function unknownCompany(id: string, where: string): AppError {
  return new AppError('company.not_found', `Company ${id} is not in ${where}; nothing was computed.`);
}

function find<T>(items: Iterable<T>, test: (item: T) => boolean): T | undefined {
  for (const item of items) if (test(item)) return item;
  return undefined;
}

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
  help: {
    options: {
      company: { value: 'ID', text: 'recompute and print only this company (an incremental run)', default: 'every company (a full run)', example: '--company c-000001' },
      'as-of': { value: 'DATE', text: 'compute as of this ISO 8601 date (midnight UTC) or date-time', default: 'now', example: '--as-of 2026-11-01' },
      config: CONFIG_HELP,
      input: { value: 'DIR', text: 'compute straight from a folder of CSV exports; nothing is stored or written to a CRM', default: 'the store', example: '--input examples/sample-portal' },
      format: { value: 'FORMAT', text: 'table (readable), json (one object per company, the CRM property names without kw_) or csv', default: 'table', example: '--format csv' },
      'dry-run': { text: 'compute and print, but store nothing and write nothing to the CRM', default: 'off', example: '--dry-run' },
    },
    examples: [
      'klantwaarde recalc',
      'klantwaarde recalc --company c-000001 --format json',
      'klantwaarde recalc --input examples/sample-portal --as-of 2026-11-01 --format csv',
      'klantwaarde recalc --dry-run --config what-if.yaml',
    ],
  },
  async run(values, _positionals, io) {
    const format = String(values.format) as OutputFormat;
    if (!OUTPUT_FORMATS.includes(format)) throw new UsageError(`--format ${format}: expected one of ${OUTPUT_FORMATS.join(', ')}`);
    const asOfOption = parseDateOption('as-of', values['as-of']);
    const progress = createProgress(io);
    const step = progress.step;

    const company = typeof values.company === 'string' ? values.company : undefined;
    const shown = (results: CompanyResult[]) => (company === undefined ? results : results.filter((r) => r.companyId === company));

    if (typeof values.input === 'string') {
      // In memory: read the export, compute, print. Nothing is stored or written anywhere.
      const calculatedAt = (io.now ?? Date.now)();
      const asOf = asOfOption ?? calculatedAt;
      step('reading and computing');
      const { config, results, notes } = await computePortfolioFolder(await inputFolder('input', values.input), typeof values.config === 'string' ? values.config : undefined, io, asOf);
      for (const note of notes) io.stderr.write(`note: ${note}\n`);
      progress.stop();
      if (company !== undefined) {
        const one = find(results, (r) => r.companyId === company);
        if (!one) throw unknownCompany(company, values.input);
        write(io.stdout, formatResults([one], calculatedAt, format));
      } else {
        // Printed as they are made: a result is written and let go (a large run's second half made by another thread).
        await writeResultsInParts(io.stdout, results, config, asOf, calculatedAt, format);
      }
      return EXIT.ok;
    }

    // The store, the CRM clients and the config schema are loaded for a run on the store only (a CSV folder needs none).
    const [{ keepTasksAfter, openRuntime, writeBackAll }, { recomputeAll, recomputeCompanies }, { pendingUpdates }] = await Promise.all([
      import('../../composition/runtime.ts'),
      import('../../app/recompute.ts'),
      import('../../app/write-back.ts'),
    ]);
    const runtime = await openRuntime({ configPath: typeof values.config === 'string' ? values.config : undefined, io, step });
    try {
      const dryRun = values['dry-run'] === true;
      const asOf = asOfOption;
      let exit: number = EXIT.ok;
      let tenants = await runtime.tenants();
      // An unknown company is refused before any run is recorded.
      if (typeof values.company === 'string') {
        const holding = new Set(await runtime.store.tenantsWithCompany(values.company));
        tenants = tenants.filter((t) => holding.has(t));
        if (tenants.length === 0) throw unknownCompany(values.company, 'the store');
      }
      for (const tenant of tenants) {
        step(`recomputing ${tenant}`);
        // --company recomputes the companies that depend on it too (and writes them back); it prints the one asked for.
        // A full run hands its results over in chunks: printed as they come, none kept; the CRM gets what changed, read back page by page.
        const printer = resultPrinter(io.stdout, format);
        const outcome =
          company !== undefined
            ? await recomputeCompanies(runtime.recompute, tenant, [company], { asOf, dryRun })
            : await recomputeAll(runtime.recompute, tenant, { asOf, dryRun, onResults: (chunk, run) => printer.add(chunk, run.calculatedAt) });
        if (company !== undefined) printer.add(shown(outcome.results), outcome.calculatedAt);
        const changed = outcome.counts.updates ?? 0;
        step(`${outcome.counts.companies ?? 0} companies computed, ${changed} with changed values`);
        if (outcome.whatIf) {
          io.stderr.write(`${tenant}: a what-if as of ${new Date(outcome.asOf).toISOString()}: printed only; the live results and the CRM are left as they were.\n`);
        } else if (!dryRun) {
          const updates = company !== undefined ? outcome.updates : pendingUpdates(runtime.store, tenant);
          const report = await writeBackAll(runtime, tenant, updates, step, {
            run: outcome.run,
            count: changed,
            warn: (m) => io.stderr.write(`${tenant}: ${m}\n`),
            onBatch: progress.counter('writing', 'companies', changed),
          });
          if (report && (report.failed.length > 0 || report.stoppedBy)) exit = EXIT.failure;
          const tasks = await keepTasksAfter(runtime, tenant, outcome, company === undefined, step);
          if (tasks && (tasks.failed > 0 || tasks.stoppedBy)) exit = EXIT.failure;
        }
        progress.stop();
        printer.end(outcome.calculatedAt);
      }
      return exit;
    } finally {
      progress.stop();
      await runtime.close();
    }
  },
};
