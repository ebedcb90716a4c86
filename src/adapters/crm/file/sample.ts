// The `klantwaarde sample` command's work: a deterministic synthetic portal written as
// the file connector's CSV folder (examples/sample-portal was made this way), with
// sample.json saying the day it was made around. Whoever loads the folder reads that day
// (readSampleDay) and moves the records on to today (app/sample/living-sample.ts).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../app/errors.ts';
import { generatePortfolio } from '../../../app/sample/generate-portfolio.ts';
import type { Instant } from '../../../domain/records.ts';
import { writePortfolioCsv, type WriteProgress } from './csv.writer.ts';
import { isoDate } from './iso-format.ts';

export const SAMPLE_FILE = 'sample.json';

const sampleFile = z.object({
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').refine((day) => isoDate(Date.parse(`${day}T00:00:00Z`) || 0) === day, 'a date that exists'),
  companies: z.number().int().optional(),
  seed: z.number().int().optional(),
});

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
  let parsed: z.infer<typeof sampleFile>;
  try {
    parsed = sampleFile.parse(JSON.parse(text));
  } catch (error) {
    const why = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.') || 'the file'}: ${i.message}`).join('; ') : (error as Error).message;
    throw new AppError('import.invalid', `${join(dir, SAMPLE_FILE)} is not valid (${why}); it should hold {"asOf": "YYYY-MM-DD"}, the day the sample was made around.`);
  }
  return Date.parse(`${parsed.asOf}T00:00:00Z`);
}
