// CSV records written straight into blocks (csvBlocks) are the bytes the lines make
// (csvLine, made terminal-safe and encoded by encodeBlocks): for every value at every scale,
// for text a spreadsheet or CSV must escape, for text beyond ASCII, and for text with control
// characters and escape sequences, which go as terminalText takes them out, and lone surrogates,
// which UTF-8 writes as U+FFFD.
import { describe, expect, it } from 'vitest';
import { generatePortfolio } from '../../src/app/sample/generate-portfolio.ts';
import { csvBlocks, recordBlocks } from '../../src/cli/csv-blocks.ts';
import { encodeBlocks, formatRecords } from '../../src/cli/output.ts';
import { accumulatePortfolio, companyIndex } from '../../src/domain/company-figures.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { rankedResults } from '../../src/domain/engine.ts';
import type { CompanyResult } from '../../src/domain/results.ts';

const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const CALCULATED_AT = Date.parse('2026-12-05T10:11:12.345Z');

function results(companies: number, seed: number): CompanyResult[] {
  const portfolio = generatePortfolio({ companies, seed, asOf: AS_OF });
  const indexOf = companyIndex(portfolio.companies);
  return [...rankedResults(portfolio, accumulatePortfolio(portfolio, indexOf, DEFAULT_MODEL_CONFIG, AS_OF), indexOf, DEFAULT_MODEL_CONFIG, AS_OF)];
}

/** The bytes as the lines make them. */
const fromLines = (rs: Iterable<CompanyResult>) => Buffer.concat([...encodeBlocks(formatRecords(rs, CALCULATED_AT, 'csv', true))]);

describe('CSV records written straight into blocks', () => {
  it('are the bytes of the lines, for the run’s own results', () => {
    const run = results(400, 3);
    const blocks = [...csvBlocks(run, CALCULATED_AT)];
    expect(Buffer.concat(blocks).equals(fromLines(run))).toBe(true);
    // Blocks of about 64 kB, each its own buffer.
    expect(blocks.length).toBeGreaterThan(1);
    expect(new Set(blocks.map((b) => b.buffer)).size).toBe(blocks.length);
  });

  it('are the bytes of the lines for every value at every scale, and any text', () => {
    let seed = 5;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const amount = () => [0, -0, 0.004, -0.004, 0.005, -0.005, 0.05, -0.5, 1e13, -1e13, 123456789012.345, 2 ** 53, 1e22, -1e22, Number.NaN, Number.POSITIVE_INFINITY][Math.floor(random() * 16)]! * (random() < 0.5 ? 1 : random() * 3);
    const texts = ['', 'plain', '=HYPERLINK("x")', '-37393.12', '+cmd|x', '@sum', 'a, b', 'say "hi"', 'two\nlines', '\tlead', 'cr\rhere', 'Ünïcode, “quotes”', '中文 🙂', '\x1b[31mred\x1b[0m', 'bell\x07', 'csi \x9b2J here', 'nul\x00', 'del\x7f', 'é\x1b]0;title\x07é', '\u0085next line', 'lone \ud800 high', 'lone low \udc00', 'ends high \ud83d', 'pair \ud83d\ude00, and a comma', 'two\r\nbreaks, \u00e9'];
    const run = results(300, 9).map((base, k) => {
      const r = { ...base };
      if (k % 3 === 0) return r;
      for (const key of ['revenue', 'grossMargin', 'costToServe', 'netContribution', 'clv', 'strategicValue', 'totalValue', 'growthPotential'] as const) r[key] = random() < 0.5 ? amount() : (random() - 0.5) * 10 ** Math.floor(random() * 16);
      r.shareOfWallet = random() < 0.2 ? null : random() < 0.5 ? amount() : random();
      r.valueRank = random() < 0.2 ? null : random() < 0.1 ? 2 ** 60 : Math.floor(random() * 1e6);
      r.nextContactDate = random() < 0.2 ? null : r.nextContactDate;
      r.companyId = texts[k % texts.length]! || 'c-1';
      r.explanation = texts[(k >> 1) % texts.length]!;
      r.contactPlan = texts[(k >> 2) % texts.length]!;
      r.override = random() < 0.5 ? null : { companyId: r.companyId, segment: 'A', reason: texts[(k >> 3) % texts.length]!, by: 'rep', at: AS_OF };
      return r;
    });
    for (const [k, r] of run.entries()) expect(Buffer.concat([...csvBlocks([r], CALCULATED_AT)]).toString('utf8'), `result ${k}`).toBe(fromLines([r]).toString('utf8'));
    expect(Buffer.concat([...csvBlocks(run, CALCULATED_AT)]).equals(fromLines(run))).toBe(true);
  });

  it('takes a line longer than a block whole, in a block of its own size', () => {
    const [first, second] = results(20, 4);
    const long = { ...first!, explanation: `${'x'.repeat(70_000)}, é ${'y'.repeat(30_000)}` };
    const blocks = [...csvBlocks([second!, long, second!], CALCULATED_AT)];
    expect(Buffer.concat(blocks).equals(fromLines([second!, long, second!]))).toBe(true);
  });

  it('are what encodeBlocks makes of the records for JSON too (recordBlocks)', () => {
    const run = results(60, 2);
    for (const first of [true, false]) {
      expect(Buffer.concat([...recordBlocks(run, CALCULATED_AT, 'json', first)]).equals(Buffer.concat([...encodeBlocks(formatRecords(run, CALCULATED_AT, 'json', first))]))).toBe(true);
    }
    expect(Buffer.concat([...recordBlocks(run, CALCULATED_AT, 'csv', true)]).equals(fromLines(run))).toBe(true);
  });
});
