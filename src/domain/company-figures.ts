// The first half of the engine: every company's own figures — value (§3.1), cost-to-serve
// (§3.2) and strategic value — before any comparison with the rest of the portfolio. The
// records have been added to a FigureAccumulator; this reads it per company.
import { totalCost } from './cost-to-serve.ts';
import type { DealFigures } from './deal-figures.ts';
import { FigureAccumulator } from './figure-accumulator.ts';
import type { ValueModelConfig } from './model-config.ts';
import type { RankedFigures } from './ranking.ts';
import type { Company, Instant, Portfolio, Relation, SlotIndex } from './records.ts';
import type { ActivityCounts, CostBreakdown } from './results.ts';
import { strategicShares, strategicValueOf, type StrategicShares, type StrategicValue } from './strategic-value.ts';
import { customerLifetimeValue, estimatedWallet, growthPotential, shareOfWallet } from './wallet.ts';

export interface CompanyFigures extends DealFigures, StrategicValue {
  company: Company;
  isCustomer: boolean;
  costBreakdown: CostBreakdown;
  costToServe: number;
  netContribution: number;
  costToServeRatio: number | null;
  estimatedWallet: number | null;
  shareOfWallet: number | null;
  growthPotential: number;
  clv: number;
  totalValue: number;
  activityCounts: ActivityCounts;
  /** The referral and influence value other companies draw from this one. */
  valueToOthers: number;
}

/** Company id → its slot in portfolio.companies: every per-company array below is in that order. */
export function companyIndex(companies: readonly Company[]): Map<string, number> {
  const indexOf = new Map<string, number>();
  for (let i = 0; i < companies.length; i++) indexOf.set(companies[i]!.id, i);
  return indexOf;
}

/** Every deal and activity of the portfolio added, in order, to its company's running figures. */
export function accumulatePortfolio(portfolio: Portfolio, indexOf: SlotIndex, config: ValueModelConfig, asOf: Instant): FigureAccumulator {
  const accumulator = new FigureAccumulator(portfolio.companies.length, config, asOf);
  // Records of companies not in the portfolio are left out (the connectors report them as dangling).
  // A company's records mostly come one after another: its slot is looked up once per run of them.
  let company: string | null = null;
  let slot: number | undefined;
  for (const deal of portfolio.deals) {
    if (deal.companyId !== company) slot = indexOf.get((company = deal.companyId));
    if (slot !== undefined) accumulator.addDeal(slot, deal);
  }
  company = null;
  for (const activity of portfolio.activities) {
    if (activity.companyId !== company) slot = indexOf.get((company = activity.companyId));
    if (slot !== undefined) accumulator.addActivity(slot, activity);
  }
  return accumulator;
}

/**
 * Every company's figures, one at a time by slot: the running figures of its records, its
 * strategic value from the others', CLV and total value. Nothing is kept per company but the
 * strategic shares, so a run can rank 100,000 companies and then make their results one by
 * one. Strategic value reads the revenue and margin of related companies, so every company a
 * relation points at must be among `companies` (loadCompanies brings them for incremental runs).
 */
export class PortfolioFigures {
  readonly #companies: readonly Company[];
  readonly #accumulator: FigureAccumulator;
  readonly #config: ValueModelConfig;
  readonly #shares: StrategicShares;

  /** `shares`: the strategic shares by slot, as strategicShares makes them (fromRelations) or as a part of a run carries them. */
  constructor(companies: readonly Company[], accumulator: FigureAccumulator, shares: StrategicShares, config: ValueModelConfig) {
    this.#companies = companies;
    this.#accumulator = accumulator;
    this.#config = config;
    this.#shares = shares;
  }

  /** The figures with strategic value from the relations between the companies (each related company's revenue and margin). */
  static fromRelations(companies: readonly Company[], relations: readonly Relation[], accumulator: FigureAccumulator, indexOf: SlotIndex, config: ValueModelConfig): PortfolioFigures {
    const shares = strategicShares(
      companies,
      relations,
      (id) => {
        const slot = indexOf.get(id);
        return slot === undefined ? undefined : { revenue: accumulator.revenueOf(slot), grossMargin: accumulator.grossMarginOf(slot) };
      },
      indexOf,
      config,
    );
    return new PortfolioFigures(companies, accumulator, shares, config);
  }

  get shares(): StrategicShares {
    return this.#shares;
  }

  get count(): number {
    return this.#companies.length;
  }

  /** The company's every figure (§3.1–3.2 and strategic value). */
  of(slot: number): CompanyFigures {
    const config = this.#config;
    const company = this.#companies[slot]!;
    const d = this.#accumulator.dealFigures(slot);
    const b = this.#accumulator.costBreakdown(slot);
    const s = strategicValueOf(company, this.#shares, slot, config);
    const costToServe = totalCost(b);
    const netContribution = d.grossMargin - costToServe;
    const wallet = estimatedWallet(company, config);
    const potential = growthPotential(d.revenue, d.grossMargin, wallet, config);
    const clv = customerLifetimeValue(netContribution, d.retention, config.clv.discountRate);
    // One object with every figure (no spreads: this runs for every company).
    return {
      revenue: d.revenue,
      grossMargin: d.grossMargin,
      wonDeals: d.wonDeals,
      orders: d.orders,
      discounts: d.discounts,
      wonEver: d.wonEver,
      hasOpenDeal: d.hasOpenDeal,
      retention: d.retention,
      revenueYearBefore: d.revenueYearBefore,
      referralValue: s.referralValue,
      influenceValue: s.influenceValue,
      referenceValue: s.referenceValue,
      knowledgeValue: s.knowledgeValue,
      strategicValue: s.strategicValue,
      company,
      isCustomer: d.revenue > 0,
      costBreakdown: b,
      costToServe,
      netContribution,
      costToServeRatio: d.grossMargin > 0 ? costToServe / d.grossMargin : null,
      estimatedWallet: wallet,
      shareOfWallet: shareOfWallet(d.revenue, wallet),
      growthPotential: potential,
      clv,
      totalValue: clv + s.strategicValue + config.weights.potential * potential,
      activityCounts: this.#accumulator.activityCountsOf(slot),
      valueToOthers: this.#shares.toOthers[slot]!,
    };
  }
}

/** What ranking needs of a company's figures. */
export function rankedFigures(f: CompanyFigures): RankedFigures {
  return {
    companyId: f.company.id,
    isCustomer: f.isCustomer,
    revenue: f.revenue,
    grossMargin: f.grossMargin,
    netContribution: f.netContribution,
    clv: f.clv,
    strategicValue: f.strategicValue,
    growthPotential: f.growthPotential,
    totalValue: f.totalValue,
    shareOfWallet: f.shareOfWallet,
    retention: f.retention,
    satisfaction: f.company.satisfaction ?? null,
  };
}
