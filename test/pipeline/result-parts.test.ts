// `recalc --input` makes the second half of its results in another thread, from a part of the
// ranked run as plain data (RankedResults.part → partResults). Each part, cloned as a thread
// message clones it, must give exactly the results the run gives for its companies: the same
// figures to the last bit, strategic value from relations outside the part, the run's ranking
// and the active overrides — on the sample, on random portfolios with relations, parents and
// overrides, under the score method, and for an incremental run's companies.
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/app/sample/prng.ts';
import { generatePortfolio } from '../../src/app/sample/generate-portfolio.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { accumulatePortfolio, companyIndex } from '../../src/domain/company-figures.ts';
import { partResults, rankedResults, type RankedResults } from '../../src/domain/engine.ts';
import { FigureAccumulator } from '../../src/domain/figure-accumulator.ts';
import type { ValueModelConfig } from '../../src/domain/model-config.ts';
import type { Portfolio } from '../../src/domain/records.ts';
import { config as modelConfig } from '../../src/domain/testing/builders.ts';
import { ChangingCrm } from '../support/changing-crm.ts';

const AS_OF = Date.parse('2026-11-01T00:00:00Z');

function ranked(portfolio: Portfolio, config: ValueModelConfig, only?: ReadonlySet<string>): RankedResults {
  const indexOf = companyIndex(portfolio.companies);
  const accumulator = accumulatePortfolio(portfolio, indexOf, config, AS_OF);
  return rankedResults(portfolio, accumulator, indexOf, config, AS_OF, only ? { only } : {});
}

/** The run's results made part by part, each part cloned on its way as postMessage clones it. */
function byParts(run: RankedResults, cuts: readonly number[], config: ValueModelConfig) {
  const edges = [0, ...cuts, run.count];
  return edges.slice(0, -1).flatMap((from, k) => [...partResults(structuredClone(run.part(from, edges[k + 1]!)), structuredClone(run.ranking), config, AS_OF)]);
}

describe('a part of a ranked run', () => {
  it('gives exactly the run’s results for its companies, on the sample with its overrides', () => {
    const portfolio = generatePortfolio({ companies: 400, seed: 7, asOf: AS_OF });
    expect(portfolio.overrides.length).toBeGreaterThan(0);
    const run = ranked(portfolio, DEFAULT_MODEL_CONFIG);
    const whole = [...run];
    expect(byParts(run, [200], DEFAULT_MODEL_CONFIG)).toStrictEqual(whole);
    expect(byParts(run, [1, 133, 134, 399], DEFAULT_MODEL_CONFIG)).toStrictEqual(whole);
    expect([...run.between(150, 260)]).toStrictEqual(whole.slice(150, 260));
    expect(whole.filter((r) => r.override !== null).length).toBeGreaterThan(0);
  });

  it('gives exactly the run’s results on random portfolios with relations and parents across parts, and under the score method', () => {
    const withParents = modelConfig({ strategic: { ...DEFAULT_MODEL_CONFIG.strategic, parentInfluence: true } });
    const score = modelConfig({ segmentation: { ...DEFAULT_MODEL_CONFIG.segmentation, method: 'score' } });
    for (let seed = 1; seed <= 20; seed++) {
      const random = createRandom(seed);
      const portfolio = new ChangingCrm(random, AS_OF, 12 + (seed % 9)).portfolio();
      expect(portfolio.relations.length, `seed ${seed} has relations`).toBeGreaterThan(0);
      const config = [DEFAULT_MODEL_CONFIG, withParents, score][seed % 3]!;
      const run = ranked(portfolio, config);
      const cuts = [...new Set(Array.from({ length: 1 + (seed % 4) }, () => Math.floor(random.next() * run.count)))].sort((a, b) => a - b);
      expect(byParts(run, cuts, config), `seed ${seed}, cuts ${cuts.join(' ')}`).toStrictEqual([...run]);
    }
  });

  it('gives exactly an incremental run’s results for its companies', () => {
    const portfolio = generatePortfolio({ companies: 120, seed: 3, asOf: AS_OF });
    const only = new Set(portfolio.companies.filter((_, i) => i % 3 === 1).map((c) => c.id));
    const run = ranked(portfolio, DEFAULT_MODEL_CONFIG, only);
    expect(run.count).toBe(only.size);
    expect(byParts(run, [17], DEFAULT_MODEL_CONFIG)).toStrictEqual([...run]);
  });

  it('carries running figures that read back exactly, and refuses figures of another width', () => {
    const portfolio = generatePortfolio({ companies: 50, seed: 5, asOf: AS_OF });
    const accumulator = accumulatePortfolio(portfolio, companyIndex(portfolio.companies), DEFAULT_MODEL_CONFIG, AS_OF);
    const slots = [49, 0, 17];
    const copy = FigureAccumulator.fromSlots(accumulator.exportSlots(slots), DEFAULT_MODEL_CONFIG, AS_OF);
    expect(copy.companyCount).toBe(3);
    slots.forEach((slot, k) => expect(copy.exportSlot(k)).toStrictEqual(accumulator.exportSlot(slot)));
    expect(() => FigureAccumulator.fromSlots(new Float64Array(accumulator.slotWidth + 1), DEFAULT_MODEL_CONFIG, AS_OF)).toThrow(/not whole companies/);
  });
});
