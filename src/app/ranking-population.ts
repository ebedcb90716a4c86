// Keeps, per tenant, the latest figures every company was ranked with, so an incremental
// run can measure a few dirty companies against the whole portfolio without reloading it.
import type { RankedFigures } from '../domain/ranking.ts';
import type { Store, TenantId } from './ports/store.port.ts';

interface Entry {
  /** The full run the figures descend from; a newer full run (any instance) invalidates them. */
  fullRunId: string | null;
  figures: Map<string, RankedFigures>;
}

// Loaded from the store's small ranked lines (store.latestRanked), not from the results: cold, an
// incremental run of a few companies in a portfolio of 100,000 reads a few megabytes, not gigabytes.

export class RankingPopulation {
  readonly #entries = new Map<TenantId, Entry>();
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The stored figures of every company except `exclude`. */
  async others(tenant: TenantId, exclude: ReadonlySet<string>): Promise<RankedFigures[]> {
    const entry = await this.#current(tenant);
    const out: RankedFigures[] = [];
    for (const [id, f] of entry.figures) if (!exclude.has(id)) out.push(f);
    return out;
  }

  /** Records a run's results; an incremental one patches the population, a full one replaces it. */
  async update(tenant: TenantId, results: readonly RankedFigures[], fullRunId: string | null): Promise<void> {
    if (fullRunId !== null) {
      this.#entries.set(tenant, { fullRunId, figures: new Map(results.map((r) => [r.companyId, slimRanked(r)])) });
      return;
    }
    const entry = await this.#current(tenant);
    for (const r of results) entry.figures.set(r.companyId, slimRanked(r));
  }

  /** A full run replaced every company's figures: they are read from the store when an incremental run next asks. */
  replaced(tenant: TenantId): void {
    this.#entries.delete(tenant);
  }

  forget(tenant: TenantId, companyIds: readonly string[]): void {
    const entry = this.#entries.get(tenant);
    for (const id of companyIds) entry?.figures.delete(id);
  }

  async #current(tenant: TenantId): Promise<Entry> {
    const lastFull = await this.#store.lastRun(tenant, 'full', 'succeeded');
    const fullRunId = lastFull?.id ?? null;
    const cached = this.#entries.get(tenant);
    if (cached && cached.fullRunId === fullRunId) return cached;
    // A loop rather than new Map(ranked.map(…)): no pair array per company (100,000 of them cold).
    const figures = new Map<string, RankedFigures>();
    for (const r of await this.#store.latestRanked(tenant)) figures.set(r.companyId, r);
    const entry = { fullRunId, figures };
    this.#entries.set(tenant, entry);
    return entry;
  }
}

/** What the population keeps of a result: the figures ranking reads, nothing else. */
function slimRanked(r: RankedFigures): RankedFigures {
  return {
    companyId: r.companyId,
    isCustomer: r.isCustomer,
    revenue: r.revenue,
    grossMargin: r.grossMargin,
    netContribution: r.netContribution,
    clv: r.clv,
    strategicValue: r.strategicValue,
    growthPotential: r.growthPotential,
    totalValue: r.totalValue,
    shareOfWallet: r.shareOfWallet,
    retention: r.retention,
    satisfaction: r.satisfaction,
  };
}
