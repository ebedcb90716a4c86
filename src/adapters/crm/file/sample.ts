// The `klantwaarde sample` command's work: a deterministic synthetic portal written as
// the file connector's CSV folder (examples/sample-portal was made this way).
import { generatePortfolio } from '../../../app/sample/generate-portfolio.ts';
import type { Instant } from '../../../domain/records.ts';
import { writePortfolioCsv } from './csv.writer.ts';

export interface SamplePortalOptions {
  companies: number;
  seed: number;
  out: string;
  asOf: Instant;
  dealsPerCompany?: number;
  activitiesPerCompany?: number;
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
  await writePortfolioCsv(options.out, portfolio);
  return {
    companies: portfolio.companies.length,
    deals: portfolio.deals.length,
    activities: portfolio.activities.length,
    relations: portfolio.relations.length,
    overrides: portfolio.overrides.length,
  };
}
