// The `klantwaarde sample` command's work: a deterministic synthetic portal written as
// the file connector's CSV folder (examples/sample-portal was made this way).
import { generatePortfolio } from '../../../app/sample/generate-portfolio.ts';
import type { Instant } from '../../../domain/records.ts';
import { writePortfolioCsv, type WriteProgress } from './csv.writer.ts';

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
  return summary;
}
