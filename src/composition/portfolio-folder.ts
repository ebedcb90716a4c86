// `recalc --input DIR`: an export computed as it is read, without any store, CRM client or
// server, and loading none of them. Without a config file the defaults are used as they are:
// the schema that checks a file (zod and the config's, about a tenth of a second on one core,
// while the other waited for the reading threads) is loaded only when there is a file to check.
import { streamPortfolioCsv } from '../adapters/crm/file/csv.reader.ts';
import { formatImportErrors } from '../adapters/crm/file/import-error.ts';
import { numberFormatOf } from '../adapters/crm/file/number-format.ts';
import { readSampleDay } from '../adapters/crm/file/sample.ts';
import { daysBetween, moveFrame } from '../app/sample/living-sample.ts';
import { DEFAULT_CONFIG } from '../config/config.defaults.ts';
import { findConfigFile } from '../config/config-file.ts';
import type { KlantwaardeConfig } from '../config/config.schema.ts';
import { rankedResults, type RankedResults } from '../domain/engine.ts';
import { FigureAccumulator } from '../domain/figure-accumulator.ts';
import type { Instant } from '../domain/records.ts';
import { DAY_MS } from '../domain/time.ts';
import { ConfigInvalid, ImportInvalid } from './command-failures.ts';

/** Where the command runs: its environment (for KLANTWAARDE_CONFIG) and working directory. */
export interface FolderSurroundings {
  env: Record<string, string | undefined>;
  cwd: string;
}

/**
 * The folder's results, ranked, made one by one as they are asked for. Its deals and
 * activities go straight into the engine's running figures and are not kept.
 */
export async function computePortfolioFolder(
  dir: string,
  configPath: string | undefined,
  io: FolderSurroundings,
  asOf: Instant,
): Promise<{ config: KlantwaardeConfig; results: RankedResults; notes: string[] }> {
  const config = await folderConfig(configPath, io);
  // A sample folder is computed as if it had been made on the day asked for: it never ages.
  const sampleDay = await readSampleDay(dir);
  const days = sampleDay === null ? 0 : daysBetween(sampleDay, asOf);
  const by = days * DAY_MS;
  let accumulator: FigureAccumulator | null = null;
  const read = await streamPortfolioCsv(
    dir,
    {
      transient: true,
      companies: (companies) => void (accumulator = new FigureAccumulator(companies.length, config, asOf)),
      // The records are the reader's own, reused for the next row: moving them in place is safe.
      deal: (deal, slot) => {
        deal.closeDate += by;
        accumulator?.addDeal(slot, deal);
      },
      activity: (activity, slot) => {
        activity.occurredAt += by;
        accumulator?.addActivity(slot, activity);
      },
      dealColumns: (columns) => accumulator?.addDeals(columns, by),
      activityColumns: (columns) => accumulator?.addActivities(columns, by),
    },
    // Companies of one shape: the figures read their fields 200,000 times in a run of 100,000.
    { numbers: numberFormatOf(config.csv), everyCompanyField: true },
  );
  if (!read.ok || !accumulator) {
    const notes = read.notes.map((note) => `\nnote: ${note}`).join('');
    const errors = read.ok ? '' : formatImportErrors(read.errors, read.errorCount);
    throw new ImportInvalid(`The CSV folder ${dir} has ${read.ok ? 0 : read.errorCount} error(s); nothing was computed:\n${errors}${notes}`);
  }
  const frame = days === 0 ? read.frame : moveFrame(read.frame, days);
  const results = rankedResults(frame, accumulator, read.slots, config, asOf);
  return { config, results, notes: read.notes };
}

/**
 * The config of `--config FILE`, KLANTWAARDE_CONFIG or a config file in the working directory,
 * checked whole as every command checks it; without one, a copy of the defaults (the schema
 * gives exactly these for an empty file: config.schema.test.ts).
 */
async function folderConfig(configPath: string | undefined, io: FolderSurroundings): Promise<KlantwaardeConfig> {
  const file = await findConfigFile({ path: configPath, env: io.env, cwd: io.cwd });
  if (file === null) return structuredClone(DEFAULT_CONFIG);
  const { formatConfigErrors, loadConfigFile } = await import('../config/load-config.ts');
  const loaded = await loadConfigFile(file);
  if (!loaded.ok) throw ConfigInvalid.refused(loaded.source, formatConfigErrors(loaded.errors));
  return loaded.config;
}
