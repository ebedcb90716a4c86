// A sharded run stores the tenant's ranking between its ranking job and its result shards:
// what is read back classifies every company exactly as the ranking it was made from.
import { describe, expect, it } from 'vitest';
import { decodeRanking, encodeRanking } from '../../src/adapters/store/postgres/postgres.shards.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { buildRanking, classify, type RankedFigures } from '../../src/domain/ranking.ts';
import { config as modelConfig } from '../../src/domain/testing/builders.ts';

function figures(i: number): RankedFigures {
  const revenue = (i % 7) * 10_000 + i * 13.37;
  return {
    companyId: `c${i}`,
    isCustomer: i % 5 !== 0,
    revenue,
    grossMargin: revenue * 0.3,
    netContribution: revenue * 0.3 - (i % 11) * 1_500,
    clv: revenue * 0.9 + 0.1 / 3,
    strategicValue: i % 13 === 0 ? 2_500 : 0,
    growthPotential: (i % 9) * 1_000,
    totalValue: revenue * 1.1 - (i % 11) * 1_500 + 1 / 3,
    shareOfWallet: i % 4 === 0 ? null : (i % 10) / 10,
    retention: 0.5 + (i % 5) / 10,
    satisfaction: i % 3 === 0 ? null : i % 11,
  };
}

const roundTrip = (ranking: ReturnType<typeof buildRanking>) => {
  const { scalars, columns } = encodeRanking(ranking);
  return decodeRanking(JSON.parse(JSON.stringify(scalars)), Buffer.from(columns));
};

describe('a stored ranking', () => {
  it('reads back equal, score elements included, and classifies alike', () => {
    const population = Array.from({ length: 500 }, (_, i) => figures(i));
    const score = modelConfig({ segmentation: { ...DEFAULT_MODEL_CONFIG.segmentation, method: 'score' } });
    for (const config of [DEFAULT_MODEL_CONFIG, score]) {
      const ranking = buildRanking(population, config);
      const read = roundTrip(ranking);
      expect(read).toEqual(ranking);
      for (const f of population) expect(classify(f, read, config)).toEqual(classify(f, ranking, config));
    }
  });

  it('keeps the infinite bounds of a portfolio without customers', () => {
    const ranking = buildRanking([{ ...figures(5), isCustomer: false }], DEFAULT_MODEL_CONFIG);
    expect(ranking.minA).toBe(Number.POSITIVE_INFINITY);
    expect(roundTrip(ranking)).toEqual(ranking);
  });
});
