// A large `recalc --input` document is made in two threads (writeResultsInParts). Whatever the
// split, the document must be the one a single thread writes, byte for byte, in JSON and in
// CSV; a thread that fails must fail the write with its reason, never leave a document short.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSamplePortal } from '../../src/adapters/crm/file/sample.ts';
import { generatePortfolio } from '../../src/app/sample/generate-portfolio.ts';
import { formatResults, resultPrinter } from '../../src/cli/output.ts';
import { writeResultsInParts } from '../../src/cli/results-in-parts.ts';
import { computePortfolioFolder } from '../../src/composition/portfolio-folder.ts';
import { accumulatePortfolio, companyIndex } from '../../src/domain/company-figures.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { rankedResults, type RankedResults } from '../../src/domain/engine.ts';
import { cli } from './cli-support.ts';

const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const CALCULATED_AT = Date.parse('2026-12-03T09:30:00Z');

/** A stream that keeps what is written, as the bytes it would put out. */
function collector() {
  const chunks: Buffer[] = [];
  return {
    stream: { write: (chunk: Uint8Array | string) => chunks.push(Buffer.from(chunk)) } as unknown as NodeJS.WritableStream,
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

function ranked(companies: number, seed: number): RankedResults {
  const portfolio = generatePortfolio({ companies, seed, asOf: AS_OF });
  const indexOf = companyIndex(portfolio.companies);
  return rankedResults(portfolio, accumulatePortfolio(portfolio, indexOf, DEFAULT_MODEL_CONFIG, AS_OF), indexOf, DEFAULT_MODEL_CONFIG, AS_OF);
}

async function inParts(results: RankedResults, format: 'json' | 'csv' | 'table', share: number): Promise<string> {
  const out = collector();
  await writeResultsInParts(out.stream, results, DEFAULT_MODEL_CONFIG, AS_OF, CALCULATED_AT, format, { threads: 2, minResults: 0, share });
  return out.text();
}

const oneThread = (results: RankedResults, format: 'json' | 'csv' | 'table') => [...formatResults(results, CALCULATED_AT, format)].join('');

describe('a document made in two parts', () => {
  it('is the one-thread document byte for byte, in JSON and CSV, wherever it is split', async () => {
    const results = ranked(250, 4);
    for (const format of ['json', 'csv'] as const) {
      const expected = oneThread(results, format);
      for (const share of [0, 0.004, 0.5, 0.9, 1]) expect(await inParts(results, format, share), `${format}, share ${share}`).toBe(expected);
    }
    // The table sorts every result: it is made on one thread, and is the same too.
    expect(await inParts(results, 'table', 0.5)).toBe(oneThread(results, 'table'));
  });

  it('is the one-thread document when a full run prints it chunk by chunk', () => {
    const results = [...ranked(120, 6)];
    for (const format of ['json', 'csv', 'table'] as const) {
      const out = collector();
      const printer = resultPrinter(out.stream, format);
      for (const [from, to] of [[0, 50], [50, 50], [50, 119], [119, 120]] as const) printer.add(results.slice(from, to), CALCULATED_AT);
      printer.end(CALCULATED_AT);
      expect(out.text(), format).toBe([...formatResults(results, CALCULATED_AT, format)].join(''));
      const none = collector();
      resultPrinter(none.stream, format).end(CALCULATED_AT);
      expect(none.text(), `${format}, no chunk`).toBe([...formatResults([], CALCULATED_AT, format)].join(''));
    }
  });

  it('is an empty document for no results, as one thread writes it', async () => {
    const results = ranked(0, 1);
    for (const format of ['json', 'csv'] as const) expect(await inParts(results, format, 0.5)).toBe(oneThread(results, format));
  });

  it('fails with the thread’s reason when the thread fails, and stops it', async () => {
    const results = ranked(40, 2);
    // A part whose running figures are cut short: the thread cannot make its results.
    const broken: RankedResults = { count: results.count, ranking: results.ranking, between: results.between, [Symbol.iterator]: results[Symbol.iterator], part: (from, to) => ({ ...results.part(from, to), running: new Float64Array(7) }) };
    await expect(writeResultsInParts(collector().stream, broken, DEFAULT_MODEL_CONFIG, AS_OF, CALCULATED_AT, 'csv', { threads: 2, minResults: 0 })).rejects.toThrow(/the thread making the second part of the results failed: running figures of 7 numbers are not whole companies/);
  });

  it('fails at once, leaving no thread behind, when the part cannot be handed over', async () => {
    const results = ranked(40, 2);
    // A config the thread cannot be sent (a function in it): postMessage refuses it.
    const unsendable = { ...DEFAULT_MODEL_CONFIG, extra: () => 1 } as unknown as typeof DEFAULT_MODEL_CONFIG;
    await expect(writeResultsInParts(collector().stream, results, unsendable, AS_OF, CALCULATED_AT, 'csv', { threads: 2, minResults: 0 })).rejects.toThrow(/could not be cloned/);
    // The same in a process of its own: a thread left waiting for its part would keep it from ever ending.
    const src = (path: string) => JSON.stringify(new URL(`../../src/${path}`, import.meta.url).href);
    const script = `
      import { writeResultsInParts } from ${src('cli/results-in-parts.ts')};
      import { generatePortfolio } from ${src('app/sample/generate-portfolio.ts')};
      import { accumulatePortfolio, companyIndex } from ${src('domain/company-figures.ts')};
      import { DEFAULT_MODEL_CONFIG } from ${src('domain/default-model-config.ts')};
      import { rankedResults } from ${src('domain/engine.ts')};
      const p = generatePortfolio({ companies: 40, seed: 2, asOf: ${AS_OF} });
      const indexOf = companyIndex(p.companies);
      const results = rankedResults(p, accumulatePortfolio(p, indexOf, DEFAULT_MODEL_CONFIG, ${AS_OF}), indexOf, DEFAULT_MODEL_CONFIG, ${AS_OF});
      await writeResultsInParts({ write() {} }, results, { ...DEFAULT_MODEL_CONFIG, extra: () => 1 }, ${AS_OF}, 0, 'csv', { threads: 2, minResults: 0 }).catch((e) => console.log('refused:', e.message));`;
    // A file, not -e: a thread takes the process's options, and -e's would be its own.
    const scriptDir = await mkdtemp(join(tmpdir(), 'kw-parts-'));
    await writeFile(join(scriptDir, 'refused.mjs'), script);
    const run = spawnSync(process.execPath, [join(scriptDir, 'refused.mjs')], { encoding: 'utf8', timeout: 30_000 });
    await rm(scriptDir, { recursive: true, force: true });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^refused: .*could not be cloned/);
    expect(run.signal, 'the process ended by itself').toBeNull();
    expect(run.status).toBe(0);
  }, 60_000);

  describe('through `recalc --input` on a folder large enough to be split', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'kw-parts-'));
      await writeSamplePortal({ companies: 20_000, seed: 9, out: dir, asOf: AS_OF });
    }, 120_000);
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('prints what one thread makes of the same folder', async () => {
      const run = await cli(['recalc', '--input', dir, '--as-of', '2026-11-01', '--format', 'csv'], {}, undefined, { now: CALCULATED_AT });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const { results } = await computePortfolioFolder(dir, undefined, { env: {}, cwd: process.cwd() }, AS_OF);
      expect(results.count).toBe(20_000);
      // The run reads its companies with every field, all of one shape (file.mapper.ts everyCompanyField).
      expect(new Set(results.part(0, results.count).companies.map((c) => Object.keys(c).join())).size).toBe(1);
      expect(run.stdout).toBe([...formatResults(results, CALCULATED_AT, 'csv')].join(''));
    }, 120_000);
  });
});
