// The first half of the engine: every company's own figures — value (§3.1), cost-to-serve
// (§3.2) and strategic value — before any comparison with the rest of the portfolio. The
// records have been added to a FigureAccumulator; this reads it per company.
import { totalCost } from './cost-to-serve.ts';
import type { DealFigures } from './deal-figures.ts';
import { FigureAccumulator } from './figure-accumulator.ts';
import type { ValueModelConfig } from './model-config.ts';
import type { RankedFigures } from './ranking.ts';
import type { Company, Instant, Portfolio, Relation } from './records.ts';
import type { CostBreakdown } from './results.ts';
import { computeStrategicValues, type StrategicValue } from './strategic-value.ts';
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
}

/** What a company brings and costs by itself: everything but strategic value, CLV and total value. */
type OwnFigures = { deal: DealFigures } & Pick<
  CompanyFigures,
  'company' | 'costBreakdown' | 'costToServe' | 'netContribution' | 'costToServeRatio' | 'estimatedWallet' | 'shareOfWallet' | 'growthPotential' | 'revenue' | 'grossMargin'
>;

/** Company id → its slot in portfolio.companies: every per-company array below is in that order. */
export function companyIndex(companies: readonly Company[]): Map<string, number> {
  const indexOf = new Map<string, number>();
  for (let i = 0; i < companies.length; i++) indexOf.set(companies[i]!.id, i);
  return indexOf;
}

/** Every deal and activity of the portfolio added, in order, to its company's running figures. */
export function accumulatePortfolio(portfolio: Portfolio, indexOf: ReadonlyMap<string, number>, config: ValueModelConfig, asOf: Instant): FigureAccumulator {
  const accumulator = new FigureAccumulator(portfolio.companies.length, config, asOf);
  // Records of companies not in the portfolio are left out (the connectors report them as dangling).
  for (const deal of portfolio.deals) {
    const slot = indexOf.get(deal.companyId);
    if (slot !== undefined) accumulator.addDeal(slot, deal);
  }
  for (const activity of portfolio.activities) {
    const slot = indexOf.get(activity.companyId);
    if (slot !== undefined) accumulator.addActivity(slot, activity);
  }
  return accumulator;
}

/**
 * Figures for every company, in the accumulator's slot order. Strategic value reads the
 * revenue and margin of related companies, so every company a relation points at must be
 * among `companies` (the store's loadCompanies brings them along for incremental runs).
 */
export function computeCompanyFigures(
  companies: readonly Company[],
  relations: readonly Relation[],
  accumulator: FigureAccumulator,
  indexOf: ReadonlyMap<string, number>,
  config: ValueModelConfig,
): CompanyFigures[] {
  const own = ownFigures(companies, accumulator, config);
  const strategic = computeStrategicValues(
    companies,
    relations,
    (id) => {
      const i = indexOf.get(id);
      return i === undefined ? undefined : own[i];
    },
    indexOf,
    config,
  );
  return totalValues(own, strategic, config);
}

/** Net contribution, cost ratio, wallet, share of wallet and growth potential (§3.1–3.2). */
function ownFigures(companies: readonly Company[], accumulator: FigureAccumulator, config: ValueModelConfig): OwnFigures[] {
  return companies.map((company, i) => {
    const d = accumulator.dealFigures(i);
    const b = accumulator.costBreakdown(i);
    const costToServe = totalCost(b);
    const wallet = estimatedWallet(company, config);
    return {
      deal: d,
      company,
      costBreakdown: b,
      costToServe,
      netContribution: d.grossMargin - costToServe,
      costToServeRatio: d.grossMargin > 0 ? costToServe / d.grossMargin : null,
      estimatedWallet: wallet,
      shareOfWallet: shareOfWallet(d.revenue, wallet),
      growthPotential: growthPotential(d.revenue, d.grossMargin, wallet, config),
      revenue: d.revenue,
      grossMargin: d.grossMargin,
    };
  });
}

/** CLV and total value = CLV + strategic value + weights.potential × growth potential (§3.1). */
function totalValues(own: readonly OwnFigures[], strategic: readonly StrategicValue[], config: ValueModelConfig): CompanyFigures[] {
  // One object per company with every figure (no spreads: this runs for every company).
  return own.map((f, i): CompanyFigures => {
    const s = strategic[i]!;
    const d = f.deal;
    const clv = customerLifetimeValue(f.netContribution, d.retention, config.clv.discountRate);
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
      company: f.company,
      isCustomer: d.revenue > 0,
      costBreakdown: f.costBreakdown,
      costToServe: f.costToServe,
      netContribution: f.netContribution,
      costToServeRatio: f.costToServeRatio,
      estimatedWallet: f.estimatedWallet,
      shareOfWallet: f.shareOfWallet,
      growthPotential: f.growthPotential,
      clv,
      totalValue: clv + s.strategicValue + config.weights.potential * f.growthPotential,
    };
  });
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
