// The portfolio what-if on the sample portal, against an independent recomputation: each D
// customer's recommended option is applied to its records themselves (fewer orders, smaller
// discounts, a fee deal, a lift deal, calls and e-mails instead of visits and meetings, no
// records at all), the real engine runs over the changed records, and its total net
// contribution and whale curve must be what the what-if projected, to the cent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portfolioOverview } from '../src/app/portfolio-overview.ts';
import { dealMargin } from '../src/domain/deal-figures.ts';
import { DEFAULT_MODEL_CONFIG } from '../src/domain/default-model-config.ts';
import { computePortfolio } from '../src/domain/engine.ts';
import { portfolioReport } from '../src/domain/portfolio-report.ts';
import type { Activity, Deal, Instant, Portfolio } from '../src/domain/records.ts';
import type { CompanyResult } from '../src/domain/results.ts';
import { trailingWindow } from '../src/domain/time.ts';
import { companyWhatIf, type WhatIfOption } from '../src/domain/what-if.ts';
import { samplePortal, TENANT, type SamplePortal } from './support/sample-portal.ts';

const config = DEFAULT_MODEL_CONFIG;
let portal: SamplePortal;

beforeAll(async () => {
  portal = await samplePortal();
});
afterAll(async () => {
  await portal?.close();
});

/** One company's records changed the way an option changes them. */
function applyOption(records: { deals: Deal[]; activities: Activity[] }, option: WhatIfOption, asOf: Instant): { deals: Deal[]; activities: Activity[] } {
  const window = trailingWindow(asOf, config.window.months);
  const inWindow = (at: Instant) => at > window.start && at <= window.end;
  const sold = records.deals.filter((d) => d.status === 'won' && inWindow(d.closeDate));
  const revenue = sold.reduce((s, d) => s + d.amount, 0);
  const orders = sold.reduce((s, d) => s + (d.orderCount ?? 1), 0);
  const counted = (type: Activity['type']) => records.activities.filter((a) => a.type === type && inWindow(a.occurredAt)).length;
  const companyId = sold[0]!.companyId;
  const extraDeal = (id: string, fields: Partial<Deal>): Deal => ({ id: `${companyId}-${id}`, companyId, amount: 0, closeDate: asOf, status: 'won', orderCount: 0, ...fields });
  const s = config.scenarios;
  switch (option) {
    case 'minimum_order_size': {
      // The same revenue in as many orders of at least the minimum as it fills (and no more than before).
      const consolidated = Math.min(orders, Math.max(1, Math.floor(revenue / s.minimumOrder.value)));
      return { ...records, deals: records.deals.map((d) => (sold.includes(d) ? { ...d, orderCount: d === sold[0] ? consolidated : 0 } : d)) };
    }
    case 'revised_discount': {
      const discounts = sold.reduce((sum, d) => sum + (d.discount ?? 0), 0);
      const factor = discounts > 0 ? Math.min(1, (s.discount.maxShare * revenue) / discounts) : 1;
      return { ...records, deals: records.deals.map((d) => (sold.includes(d) && d.discount !== undefined ? { ...d, discount: d.discount * factor } : d)) };
    }
    case 'service_fee': {
      const fee = s.serviceFee.perOrder * orders + s.serviceFee.perVisit * counted('visit') + s.serviceFee.perTicket * counted('ticket');
      return { ...records, deals: [...records.deals, extraDeal('fee', { amount: fee, cost: 0 })] };
    }
    case 'minimum_annual_revenue': {
      const yearly = (revenue * 12) / config.window.months;
      const minimum = s.minimumAnnualRevenue.amount;
      if (yearly >= minimum) return records;
      if (yearly < s.minimumAnnualRevenue.liftFrom * minimum) return { deals: [], activities: [] };
      const margin = sold.reduce((sum, d) => sum + dealMargin(d, config), 0);
      const lift = (minimum * config.window.months) / 12 - revenue;
      return { ...records, deals: [...records.deals, extraDeal('lift', { amount: lift, marginPct: margin / revenue })] };
    }
    case 'digital_channel': {
      const replaced = records.activities.filter((a) => (a.type === 'visit' || a.type === 'meeting') && inWindow(a.occurredAt));
      const digital = replaced.flatMap((a) => [
        ...Array.from({ length: s.digital.callsPerContact }, (_, k): Activity => ({ id: `${a.id}-call-${k}`, companyId, type: 'call', occurredAt: a.occurredAt, ownerRole: s.digital.role })),
        ...Array.from({ length: s.digital.emailsPerContact }, (_, k): Activity => ({ id: `${a.id}-email-${k}`, companyId, type: 'email', occurredAt: a.occurredAt, ownerRole: s.digital.role })),
      ]);
      return { deals: records.deals, activities: [...records.activities.filter((a) => !replaced.includes(a)), ...digital] };
    }
    case 'part_ways':
      return { deals: [], activities: [] };
  }
}

function changedPortfolio(records: Portfolio, results: readonly CompanyResult[], asOf: Instant): { portfolio: Portfolio; options: Map<string, WhatIfOption> } {
  const options = new Map<string, WhatIfOption>();
  for (const r of results) {
    if (!r.isCustomer || r.segment !== 'D') continue;
    options.set(r.companyId, companyWhatIf(r, config)!.recommended!);
  }
  const deals = new Map<string, Deal[]>();
  const activities = new Map<string, Activity[]>();
  for (const d of records.deals) if (options.has(d.companyId)) deals.set(d.companyId, [...(deals.get(d.companyId) ?? []), d]);
  for (const a of records.activities) if (options.has(a.companyId)) activities.set(a.companyId, [...(activities.get(a.companyId) ?? []), a]);
  const changed = [...options].map(([id, option]) => applyOption({ deals: deals.get(id) ?? [], activities: activities.get(id) ?? [] }, option, asOf));
  return {
    options,
    portfolio: {
      ...records,
      deals: [...records.deals.filter((d) => !options.has(d.companyId)), ...changed.flatMap((c) => c.deals)],
      activities: [...records.activities.filter((a) => !options.has(a.companyId)), ...changed.flatMap((c) => c.activities)],
    },
  };
}

describe('the portfolio what-if on the sample', () => {
  it('gives the total net contribution and whale curve the engine computes over records changed by every D customer\'s recommended option', async () => {
    const overview = await portfolioOverview(portal.store, TENANT, config);
    const asOf = overview.lastFullRun!.asOf;
    const whatIf = overview.report.whatIf!;
    const records = await portal.store.loadPortfolio(TENANT);
    const results = await portal.store.latestResults(TENANT);

    // The records as they are give today's figures: the recomputation starts where the run did.
    const today = portfolioReport(computePortfolio(records, config, asOf).results, config, null);
    expect(today.totalNetContribution.toFixed(2)).toBe(overview.report.totalNetContribution.toFixed(2));
    expect(whatIf.today.toFixed(2)).toBe(overview.report.totalNetContribution.toFixed(2));

    const { portfolio, options } = changedPortfolio(records, results, asOf);
    // The sample's D customers try more than one option, so the check covers more than one change.
    const used = new Set(options.values());
    expect(used.size).toBeGreaterThanOrEqual(4);
    expect(Object.values(whatIf.applied).reduce((s, n) => s + n, 0)).toBe(options.size);

    const projected = portfolioReport(computePortfolio(portfolio, config, asOf).results, config, null);
    expect(whatIf.totalNetContribution.toFixed(2)).toBe(projected.totalNetContribution.toFixed(2));
    expect(whatIf.effect).toBeGreaterThan(0);
    expect(whatIf.whaleCurve.length).toBe(projected.whaleCurve.length);
    expect(whatIf.whaleCurve.length).toBe(overview.report.whaleCurve.length - whatIf.partingWays);
    expect(whatIf.whalePeak!.rank).toBe(projected.whalePeak!.rank);
    expect(whatIf.whalePeak!.contributionShare).toBeCloseTo(projected.whalePeak!.contributionShare, 9);
    // Every D customer's projected figure is the engine's, to the cent; those parting are no customers any more.
    const engine = new Map(computePortfolio(portfolio, config, asOf).results.map((r) => [r.companyId, r]));
    for (const r of results.filter((x) => options.has(x.companyId))) {
      const chosen = companyWhatIf(r, config)!.options.find((o) => o.recommended)!;
      const after = engine.get(r.companyId)!;
      expect(after.isCustomer, r.companyId).toBe(!chosen.partsWays);
      expect(after.netContribution.toFixed(2), `${r.companyId} ${chosen.option}`).toBe(chosen.netContribution.toFixed(2));
    }
    // Fewer losses make the peak lower: less is given back after it.
    expect(whatIf.whalePeak!.contributionShare).toBeLessThan(overview.report.whalePeak!.contributionShare);
  });
});
