// Pass one of the engine: every company's own figures — value, cost and strategic value —
// before any comparison with the rest of the portfolio.
import { addActivityCosts, emptyBreakdown, totalCost } from './cost-to-serve.ts';
import { computeDealFigures, type DealFigures } from './deal-figures.ts';
import type { ValueModelConfig } from './model-config.ts';
import type { Company, Instant, Portfolio } from './records.ts';
import type { CostBreakdown } from './results.ts';
import { computeStrategicValues, type StrategicValue } from './strategic-value.ts';
import { trailingWindow } from './time.ts';
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

/**
 * Figures for every company of the portfolio. Strategic value reads the revenue and
 * margin of related companies, so every company a relation points at must be in the
 * portfolio (the store's loadCompanies brings them along for incremental runs).
 */
export function computeCompanyFigures(portfolio: Portfolio, config: ValueModelConfig, asOf: Instant): CompanyFigures[] {
  const { companies } = portfolio;
  const indexOf = new Map<string, number>();
  companies.forEach((c, i) => indexOf.set(c.id, i));
  const window = trailingWindow(asOf, config.window.months);

  const deals = computeDealFigures(portfolio.deals, indexOf, companies.length, config, asOf, window);
  const breakdowns = companies.map(() => emptyBreakdown());
  addActivityCosts(breakdowns, portfolio.activities, indexOf, config, window);

  const own = companies.map((company, i) => {
    const d = deals[i]!;
    const b = breakdowns[i]!;
    b.orderHandling = d.orders * config.costs.orderHandling;
    b.discounts = d.discounts;
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

  const strategic = computeStrategicValues(
    companies,
    portfolio.relations,
    (id) => {
      const i = indexOf.get(id);
      return i === undefined ? undefined : own[i];
    },
    indexOf,
    config,
  );

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
