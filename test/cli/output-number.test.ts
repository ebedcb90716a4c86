// CSV output prints a numeric property as the number its text holds (String(Number(text))),
// trimmed straight from the text: the same characters for every money, rank and percent value;
// a line made straight from a result (csvLine) is the line its CRM properties make.
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, moneyCell, numberText } from '../../src/cli/output.ts';
import { accumulatePortfolio, companyIndex } from '../../src/domain/company-figures.ts';
import { money, NUMERIC_PROPERTIES, PROPERTY_NAMES, resultProperties } from '../../src/domain/crm-properties.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { rankedResults } from '../../src/domain/engine.ts';
import type { CompanyResult } from '../../src/domain/results.ts';
import { generatePortfolio } from '../../src/app/sample/generate-portfolio.ts';

describe('numberText', () => {
  it('is String(Number(text)) for money, whole numbers and edge cases', () => {
    const cases = ['0.00', '-0.00', '12.50', '-12.50', '3.00', '100', '0', '-0', '007', '0.05', '1e+21', '123456789012.34', '9999999999999999', '-1234567890123.45', '12345678901234567.00'];
    for (const text of cases) expect(numberText(text), text).toBe(String(Number(text)));
  });

  it('agrees with the round trip on 200,000 random amounts at every scale', () => {
    let seed = 42;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 200_000; i++) {
      const value = (random() - 0.5) * 10 ** Math.floor(random() * 16);
      for (const text of [money(value), String(Math.round(value)), value.toFixed(4)]) {
        if (numberText(text) !== String(Number(text))) expect(numberText(text), text).toBe(String(Number(text)));
      }
    }
  });
});

/** A CSV line as it was made from the CRM properties: each numeric one through numberText, the rest through csvCell. */
function lineFromProperties(result: CompanyResult, calculatedAt: number): string {
  const properties = resultProperties(result, calculatedAt);
  const cells = [csvCell(result.companyId), ...PROPERTY_NAMES.map((name) => (properties[name] !== null && NUMERIC_PROPERTIES.has(name) ? numberText(properties[name]) : csvCell(properties[name])))];
  return `${cells.join(',')}\n`;
}

describe('a CSV line made straight from a result', () => {
  it('is the line its CRM properties make, for every value at every scale and any text', () => {
    const asOf = Date.parse('2026-11-01T00:00:00Z');
    const calculatedAt = Date.parse('2026-12-05T10:11:12.345Z');
    const portfolio = generatePortfolio({ companies: 300, seed: 9, asOf });
    const indexOf = companyIndex(portfolio.companies);
    const results = [...rankedResults(portfolio, accumulatePortfolio(portfolio, indexOf, DEFAULT_MODEL_CONFIG, asOf), indexOf, DEFAULT_MODEL_CONFIG, asOf)];
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const amount = () => [0, -0, 0.004, -0.004, 0.005, -0.005, 1e13, -1e13, 123456789012.345, 2 ** 53, 1e22][Math.floor(random() * 11)]! * (random() < 0.5 ? 1 : random() * 3);
    const texts = ['', 'plain', '=HYPERLINK("x")', '-37393.12', '+cmd|x', '@sum', 'a, b', 'say "hi"', 'two\nlines', '\tlead'];
    const at = csvCell(new Date(calculatedAt).toISOString());
    for (const [k, base] of results.entries()) {
      const r = { ...base };
      // The run's own values first; then every money value at random scales, and texts a spreadsheet or CSV must escape.
      if (k % 2 === 1) {
        for (const key of ['revenue', 'grossMargin', 'costToServe', 'netContribution', 'clv', 'strategicValue', 'totalValue', 'growthPotential'] as const) r[key] = random() < 0.5 ? amount() : (random() - 0.5) * 10 ** Math.floor(random() * 16);
        r.shareOfWallet = random() < 0.2 ? null : random() < 0.5 ? amount() : random();
        r.valueRank = random() < 0.2 ? null : Math.floor(random() * 1e6);
        r.nextContactDate = random() < 0.2 ? null : r.nextContactDate;
        r.companyId = texts[k % texts.length]! || 'c-1';
        r.explanation = texts[(k >> 1) % texts.length]!;
        r.override = random() < 0.5 ? null : { companyId: r.companyId, segment: 'A', reason: texts[(k >> 2) % texts.length]!, by: 'rep', at: asOf };
      }
      expect(csvLine(r, at), `result ${k}`).toBe(lineFromProperties(r, calculatedAt));
    }
  });
});

describe('a money cell', () => {
  it('is numberText(money(value)) for 1,000,000 amounts at every scale, and at the edges', () => {
    let seed = 11;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const edges = [0, -0, 0.004, -0.004, 0.005, -0.005, 0.01, -0.01, 0.1, 0.07, 1.005, 9.995, 99.99, 1e13 - 0.01, 1e13, 1e15, 2 ** 53, 1e21, 1e22, -1e22, Number.NaN, Infinity];
    for (const value of edges) expect(moneyCell(value), String(value)).toBe(numberText(money(value)));
    for (let i = 0; i < 1_000_000; i++) {
      const value = (random() - 0.5) * 2 * 10 ** Math.floor(random() * 23);
      if (moneyCell(value) !== numberText(money(value))) expect(moneyCell(value), String(value)).toBe(numberText(money(value)));
    }
  });
});
