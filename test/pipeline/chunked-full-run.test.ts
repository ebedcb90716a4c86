// A full run streams the store's records into the engine in chunks and makes its results in
// chunks; it must give exactly what the engine gives over the whole portfolio at once — on
// the sample and on random portfolios whose referrals, influence and parents cross every
// chunk boundary (chunks of a few rows and a few companies make sure they do).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { Store } from '../../src/app/ports/store.port.ts';
import { RankingPopulation } from '../../src/app/ranking-population.ts';
import { recomputeAll, type RecomputeDeps } from '../../src/app/recompute.ts';
import { createRandom } from '../../src/app/sample/prng.ts';
import { generatePortfolio } from '../../src/app/sample/generate-portfolio.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { computePortfolio } from '../../src/domain/engine.ts';
import type { ValueModelConfig } from '../../src/domain/model-config.ts';
import type { CompanyResult } from '../../src/domain/results.ts';
import { ChangingCrm } from '../support/changing-crm.ts';

const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'kw-chunked-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let stores = 0;

async function storeWith(portfolio: Parameters<Store['applyChanges']>[1]): Promise<Store> {
  const store = createSqliteStore({ path: join(dir, `s${stores++}.db`) });
  await store.migrate();
  await store.applyChanges('t', portfolio);
  return store;
}

function deps(store: Store, config: ValueModelConfig = DEFAULT_MODEL_CONFIG): RecomputeDeps {
  return { store, config, configHash: 'c', now: () => AS_OF, log: silentLogger, population: new RankingPopulation(store) };
}

/** The chunked run's results as it hands them over, and what it stored. */
async function chunkedRun(store: Store, config: ValueModelConfig, chunks: { rows: number; companies: number }) {
  const handed: CompanyResult[] = [];
  const sizes: number[] = [];
  const outcome = await recomputeAll(deps(store, config), 't', {
    scanChunkSize: chunks.rows,
    chunkSize: chunks.companies,
    onResults: (chunk) => {
      sizes.push(chunk.length);
      handed.push(...chunk);
    },
  });
  return { outcome, handed, sizes, stored: await store.latestResults('t') };
}

describe('a full run in chunks', () => {
  it('gives exactly the whole-portfolio results on the sample, chunk after chunk', async () => {
    const portfolio = generatePortfolio({ companies: 300, seed: 42, asOf: AS_OF });
    const store = await storeWith(portfolio);
    const whole = computePortfolio(await store.loadPortfolio('t'), DEFAULT_MODEL_CONFIG, AS_OF);
    const { outcome, handed, sizes, stored } = await chunkedRun(store, DEFAULT_MODEL_CONFIG, { rows: 97, companies: 64 });
    expect(sizes).toEqual([64, 64, 64, 64, 44]);
    expect(handed).toStrictEqual(whole.results);
    expect(stored).toStrictEqual(whole.results);
    expect(outcome.results).toEqual([]);
    expect(outcome.agreement).toStrictEqual(whole.agreement);
    expect(outcome.counts).toMatchObject({ companies: 300, customers: whole.results.filter((r) => r.isCustomer).length });
    await store.close();
  });

  it('gives exactly the whole-portfolio results on random portfolios with relations across chunks', async () => {
    const withParents = { ...DEFAULT_MODEL_CONFIG, strategic: { ...DEFAULT_MODEL_CONFIG.strategic, parentInfluence: true } };
    for (let seed = 1; seed <= 25; seed++) {
      const crm = new ChangingCrm(createRandom(seed), AS_OF, 12 + (seed % 9));
      const portfolio = crm.portfolio();
      const config = seed % 2 === 0 ? withParents : DEFAULT_MODEL_CONFIG;
      expect(portfolio.relations.length, `seed ${seed} has relations`).toBeGreaterThan(0);
      const store = await storeWith(portfolio);
      const whole = computePortfolio(await store.loadPortfolio('t'), config, AS_OF);
      const { handed, stored } = await chunkedRun(store, config, { rows: 1 + (seed % 3), companies: 1 + (seed % 4) });
      expect(handed, `seed ${seed}`).toStrictEqual(whole.results);
      expect(stored, `seed ${seed}`).toStrictEqual([...whole.results].sort((a, b) => (a.companyId < b.companyId ? -1 : 1)));
      await store.close();
    }
  });
});
