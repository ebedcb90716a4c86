// A large run's second part goes to another thread with its companies as columns
// (company-columns.ts), not as objects. Every field of every company must come back with the
// same value — text of any kind, numbers of any size, yes and no and absent — after the trip
// a thread message makes; columns that do not fit together are refused.
import { describe, expect, it } from 'vitest';
import { companiesOf, companyColumns } from '../../src/cli/company-columns.ts';
import { createRandom } from '../../src/app/sample/prng.ts';
import { generatePortfolio } from '../../src/app/sample/generate-portfolio.ts';
import type { Company } from '../../src/domain/records.ts';

const AS_OF = Date.parse('2026-11-01T00:00:00Z');

/** The company as the columns give it back: every field of Company its own property, undefined where absent. */
function everyField(c: Company): Company {
  return {
    id: c.id,
    name: c.name,
    createdAt: c.createdAt,
    parentId: c.parentId,
    industry: c.industry,
    employees: c.employees,
    annualRevenue: c.annualRevenue,
    lifecycleStage: c.lifecycleStage,
    ownerId: c.ownerId,
    isReference: c.isReference,
    codevelopment: c.codevelopment,
    estimatedWallet: c.estimatedWallet,
    satisfaction: c.satisfaction,
    satisfactionResponses: c.satisfactionResponses,
  };
}

/** Through the columns, cloned as postMessage clones them (their arrays moved, not copied). */
function roundTrip(companies: readonly Company[]): Company[] {
  const columns = companyColumns(companies);
  return companiesOf(structuredClone(columns, { transfer: [columns.textLengths.buffer, columns.numbers.buffer, columns.present.buffer] as ArrayBuffer[] }));
}

describe('companies sent to another thread as columns', () => {
  it('come back with every field, each as it was', () => {
    const full: Company = {
      id: 'c-1',
      name: 'Bakkerij "De Zon", Ålesund — 北京 🍞',
      parentId: 'c-0',
      industry: 'retail',
      employees: 12,
      annualRevenue: 1_234_567.89,
      lifecycleStage: 'customer',
      ownerId: 'owner-7',
      createdAt: Date.parse('2019-03-04T05:06:07.089Z'),
      isReference: true,
      codevelopment: false,
      estimatedWallet: 0,
      satisfaction: 8.333333333333334,
      satisfactionResponses: 3,
    };
    const bare: Company = { id: 'c-2', name: '', createdAt: -1 };
    const odd: Company = { id: '', name: 'x\u0000y\r\n', createdAt: 1.5e300, employees: -0, annualRevenue: Number.MAX_VALUE, isReference: false, codevelopment: true, satisfaction: 0, industry: '', ownerId: '' };
    const back = roundTrip([full, bare, odd]);
    expect(back).toStrictEqual([full, bare, odd].map(everyField));
    expect(Object.is(back[2]!.employees, -0)).toBe(true);
    // One shape for all: the figures read their fields 200,000 times in a run of 100,000.
    expect(new Set(back.map((c) => Object.keys(c).join())).size).toBe(1);
  });

  it('come back as they were for a generated portfolio and random fields', () => {
    const portfolio = generatePortfolio({ companies: 300, seed: 5, asOf: AS_OF });
    const random = createRandom(9);
    const pick = <T,>(value: T): T | undefined => (random.next() < 0.5 ? value : undefined);
    const companies = portfolio.companies.map((c, k) => ({
      ...c,
      parentId: pick(`p-${k}`),
      isReference: pick(random.next() < 0.5),
      codevelopment: pick(random.next() < 0.5),
      satisfaction: pick(random.next() * 10),
      satisfactionResponses: pick(Math.floor(random.next() * 40)),
    }));
    expect(roundTrip(companies)).toStrictEqual(companies.map(everyField));
    expect(roundTrip([])).toStrictEqual([]);
  });

  it('are refused when the columns do not fit together', () => {
    const columns = companyColumns([{ id: 'c-1', name: 'One', createdAt: 0 }, { id: 'c-2', name: 'Two', createdAt: 0 }]);
    expect(() => companiesOf({ ...columns, count: 3 })).toThrow(/company columns of 2, 2 and 2 companies, where 3 were sent/);
    expect(() => companiesOf({ ...columns, text: `${columns.text}!` })).toThrow(/1 characters of text left over/);
  });
});
