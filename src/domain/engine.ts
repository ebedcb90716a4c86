// The value model's entry point: a pure function of (records, config, asOf) giving every
// company's customer value, cost-to-serve, segment, schedule, flag and action (§3).
import { computeCompanyFigures, type CompanyFigures } from './company-figures.ts';
import { indexLastContacts, summarizeSchedule, touchpointStatus } from './contact-schedule.ts';
import { drivers, explanationSentence, type ExplanationFacts } from './explanation.ts';
import type { ValueModelConfig } from './model-config.ts';
import { activeOverrides, overrideAgreement } from './overrides.ts';
import { pyramidLevel } from './pyramid.ts';
import { buildRanking, classify, type RankedFigures } from './ranking.ts';
import type { Instant, Portfolio } from './records.ts';
import { recommendAction } from './recommended-action.ts';
import type { CompanyResult, OverrideAgreement } from './results.ts';
import { serviceLevel } from './service-level.ts';

export interface ComputeOptions {
  /**
   * Compute results for these companies only (an incremental run). The portfolio must
   * still hold every company their relations point at.
   */
  only?: ReadonlySet<string>;
  /**
   * The rest of the population the segments and ranks are measured against: the stored
   * figures of companies not being recomputed. Without it the portfolio is the population.
   */
  population?: readonly RankedFigures[];
}

export interface PortfolioResult {
  asOf: Instant;
  results: CompanyResult[];
  agreement: OverrideAgreement;
}

function ranked(f: CompanyFigures): RankedFigures {
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

export function computePortfolio(
  portfolio: Portfolio,
  config: ValueModelConfig,
  asOf: Instant,
  options: ComputeOptions = {},
): PortfolioResult {
  const figures = computeCompanyFigures(portfolio, config, asOf);
  const indexOf = new Map<string, number>();
  portfolio.companies.forEach((c, i) => indexOf.set(c.id, i));
  const targets = options.only ? figures.filter((f) => options.only!.has(f.company.id)) : figures;

  const targetFigures = targets.map(ranked);
  const population = [...targetFigures];
  if (options.population) {
    const computed = new Set(population.map((p) => p.companyId));
    for (const p of options.population) if (!computed.has(p.companyId)) population.push(p);
  }
  const ranking = buildRanking(population, config);
  const overrides = activeOverrides(portfolio.overrides, asOf);
  const lastContacts = indexLastContacts(portfolio.activities, indexOf, portfolio.companies.length, config, asOf);

  const results = targets.map((f, i): CompanyResult => {
    const c = classify(targetFigures[i]!, ranking, config);
    const override = overrides.get(f.company.id) ?? null;
    const segment = override?.segment ?? c.segmentComputed;
    const level = pyramidLevel({ segmentComputed: c.segmentComputed, inTop: c.inTop, wonEver: f.wonEver, hasOpenDeal: f.hasOpenDeal });

    const touchpoints = segment !== null && f.isCustomer ? config.contacts.schedule[segment] : [];
    const last = touchpoints.length ? lastContacts(indexOf.get(f.company.id)!, segment!) : [];
    const contacts = touchpoints.map((t, k) => touchpointStatus(t, last[k] ?? null, asOf));
    const schedule = summarizeSchedule(f.isCustomer ? segment : null, contacts);

    const service = serviceLevel(f.isCustomer ? segment : null, f.costToServeRatio, f.grossMargin, contacts, config);
    const averageOrderValue = f.orders > 0 ? f.revenue / f.orders : null;
    const action = f.isCustomer
      ? recommendAction(
          {
            segment,
            revenue: f.revenue,
            averageOrderValue,
            costBreakdown: f.costBreakdown,
            costToServe: f.costToServe,
            serviceFlag: service.flag,
            serviceDetail: service.detail,
            shareOfWallet: f.shareOfWallet,
            growthPotential: f.growthPotential,
            growthTopQuartile: c.growthTopQuartile,
          },
          config,
        )
      : { code: 'maintain' as const, text: 'Not a customer in the window: no customer treatment yet.' };

    const explanationFacts: ExplanationFacts = {
      segment,
      segmentComputed: c.segmentComputed,
      override,
      pyramidLevel: level,
      valueRank: c.valueRank,
      valueScore: c.valueScore,
      customers: ranking.customers,
      netContribution: f.netContribution,
      strategicValue: f.strategicValue,
      totalValue: f.totalValue,
      clv: f.clv,
      referralValue: f.referralValue,
      influenceValue: f.influenceValue,
      referenceValue: f.referenceValue,
      knowledgeValue: f.knowledgeValue,
      growthPotential: f.growthPotential,
      costToServe: f.costToServe,
      costBreakdown: f.costBreakdown,
    };
    const driverList = drivers(explanationFacts, config);

    return {
      companyId: f.company.id,
      name: f.company.name,
      ownerId: f.company.ownerId ?? null,
      isCustomer: f.isCustomer,
      revenue: f.revenue,
      grossMargin: f.grossMargin,
      wonDeals: f.wonDeals,
      orders: f.orders,
      averageOrderValue,
      retention: f.retention,
      clv: f.clv,
      estimatedWallet: f.estimatedWallet,
      shareOfWallet: f.shareOfWallet,
      growthPotential: f.growthPotential,
      referralValue: f.referralValue,
      influenceValue: f.influenceValue,
      referenceValue: f.referenceValue,
      knowledgeValue: f.knowledgeValue,
      strategicValue: f.strategicValue,
      totalValue: f.totalValue,
      satisfaction: f.company.satisfaction ?? null,
      costBreakdown: f.costBreakdown,
      costToServe: f.costToServe,
      netContribution: f.netContribution,
      costToServeRatio: f.costToServeRatio,
      segment,
      segmentComputed: c.segmentComputed,
      override,
      valueScore: c.valueScore,
      valueRank: c.valueRank,
      pyramidLevel: level,
      contacts,
      ...schedule,
      serviceFlag: service.flag,
      serviceDetail: service.detail,
      recommendedAction: action.code,
      recommendedActionText: action.text,
      drivers: driverList,
      explanation: explanationSentence(explanationFacts, driverList, config),
    };
  });

  return { asOf, results, agreement: overrideAgreement(results) };
}
