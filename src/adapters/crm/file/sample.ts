// The `klantwaarde sample` command's work: a deterministic synthetic portal written as
// the file connector's CSV folder (examples/sample-portal was made this way), with
// sample.json saying the day it was made around. Whoever loads the folder reads that day
// (readSampleDay) and moves the records on to today (app/sample/living-sample.ts).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../app/errors.ts';
import { generatePortfolio } from '../../../app/sample/generate-portfolio.ts';
import type { Instant } from '../../../domain/records.ts';
import { writePortfolioCsv, type WriteProgress } from './csv.writer.ts';
import { isoDate } from './iso-format.ts';

export const SAMPLE_FILE = 'sample.json';

/**
 * sample.json's day, or what is wrong with the file: an object with asOf, a date as YYYY-MM-DD
 * that exists, and optionally companies and seed, whole numbers. Checked by hand: `recalc
 * --input` of a sample loads no schema library.
 */
function sampleDayText(content: unknown): { day: string } | { problem: string } {
  if (typeof content !== 'object' || content === null || Array.isArray(content)) return { problem: 'the file: an object' };
  const { asOf, companies, seed } = content as Record<string, unknown>;
  if (typeof asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return { problem: 'asOf: a date as YYYY-MM-DD' };
  if (isoDate(Date.parse(`${asOf}T00:00:00Z`) || 0) !== asOf) return { problem: 'asOf: a date that exists' };
  if (companies !== undefined && !Number.isInteger(companies)) return { problem: 'companies: a whole number' };
  if (seed !== undefined && !Number.isInteger(seed)) return { problem: 'seed: a whole number' };
  return { day: asOf };
}

export interface SamplePortalOptions {
  companies: number;
  seed: number;
  out: string;
  asOf: Instant;
  dealsPerCompany?: number;
  activitiesPerCompany?: number;
  /** Before the files are written: how many rows they will hold. */
  onGenerated?: (rows: number) => void;
  onProgress?: WriteProgress;
}

export interface SamplePortalSummary {
  companies: number;
  deals: number;
  activities: number;
  relations: number;
  overrides: number;
}

export async function writeSamplePortal(options: SamplePortalOptions): Promise<SamplePortalSummary> {
  const portfolio = generatePortfolio(options);
  const summary: SamplePortalSummary = {
    companies: portfolio.companies.length,
    deals: portfolio.deals.length,
    activities: portfolio.activities.length,
    relations: portfolio.relations.length,
    overrides: portfolio.overrides.length,
  };
  options.onGenerated?.(Object.values(summary).reduce((sum, n) => sum + n, 0));
  await writePortfolioCsv(options.out, portfolio, options.onProgress);
  const about = { asOf: isoDate(options.asOf), companies: options.companies, seed: options.seed };
  await writeFile(join(options.out, SAMPLE_FILE), `${JSON.stringify(about, null, 2)}\n`);
  return summary;
}

/** The day a sample folder was made around (midnight UTC), or null for a folder of real exports. */
export async function readSampleDay(dir: string): Promise<Instant | null> {
  let text: string;
  try {
    text = await readFile(join(dir, SAMPLE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let checked: ReturnType<typeof sampleDayText>;
  try {
    checked = sampleDayText(JSON.parse(text));
  } catch (error) {
    checked = { problem: (error as Error).message };
  }
  if ('problem' in checked) throw new AppError('import.invalid', `${join(dir, SAMPLE_FILE)} is not valid (${checked.problem}); it should hold {"asOf": "YYYY-MM-DD"}, the day the sample was made around.`);
  return Date.parse(`${checked.day}T00:00:00Z`);
}
