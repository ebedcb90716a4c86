// A run that computes a CSV folder reads its companies with every field (everyCompanyField), so
// that they are of one shape; a plain read keeps only the fields that are there. Both must be
// the same companies, and compute the same results.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_CONFIG } from '../../../domain/default-model-config.ts';
import { computePortfolio } from '../../../domain/engine.ts';
import type { Company } from '../../../domain/records.ts';
import { readPortfolioCsv } from './csv.reader.ts';

const SAMPLE = join(import.meta.dirname, '../../../../examples/sample-portal');
const AS_OF = Date.parse('2026-11-01T00:00:00Z');
/** Every field of Company, in the order a company of one shape has them. */
const EVERY_FIELD = ['id', 'name', 'createdAt', 'parentId', 'industry', 'employees', 'annualRevenue', 'lifecycleStage', 'ownerId', 'isReference', 'codevelopment', 'estimatedWallet', 'satisfaction', 'satisfactionResponses'] satisfies (keyof Company)[];

async function read(everyCompanyField: boolean) {
  const read = await readPortfolioCsv(SAMPLE, { everyCompanyField });
  if (!read.ok) throw new Error('the sample portal did not read');
  return read.portfolio;
}

describe('companies read with every field', () => {
  it('are of one shape, and the companies a plain read gives, which has only the fields that are there', async () => {
    const [every, plain] = [await read(true), await read(false)];
    expect(every.companies.length).toBeGreaterThan(100);
    for (const company of every.companies) expect(Object.keys(company)).toEqual(EVERY_FIELD);
    // The plain read: no field without a value, and several shapes.
    for (const company of plain.companies) expect(Object.values(company)).not.toContain(undefined);
    expect(new Set(plain.companies.map((c) => Object.keys(c).join())).size).toBeGreaterThan(3);
    // The same values (toEqual reads a field that is undefined as one that is not there).
    expect(every.companies).toEqual(plain.companies);
  });

  it('compute the same results as the companies a plain read gives', async () => {
    const [every, plain] = [await read(true), await read(false)];
    expect(computePortfolio(every, DEFAULT_MODEL_CONFIG, AS_OF)).toStrictEqual(computePortfolio(plain, DEFAULT_MODEL_CONFIG, AS_OF));
  });
});
