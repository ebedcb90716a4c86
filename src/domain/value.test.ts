import { describe, expect, it } from 'vitest';
import { dealMargin } from './deal-figures.ts';
import { computePortfolio } from './engine.ts';
import { AS_OF, company, config, costFreeConfig, portfolio, relation, won } from './testing/builders.ts';
import { customerLifetimeValue, growthPotential } from './wallet.ts';

const one = (p: ReturnType<typeof portfolio>, cfg = config()) => computePortfolio(p, cfg, AS_OF).results;

describe('gross margin', () => {
  const cfg = config({ margin: { defaultPct: 0.2, pipelines: { service: 0.6 } } });
  it('takes actual cost first, then the deal margin, then the pipeline default, then the global default', () => {
    expect(dealMargin(won('c', 1000, '2026-06-01', { cost: 700, marginPct: 0.9, pipeline: 'service' }), cfg)).toBe(300);
    expect(dealMargin(won('c', 1000, '2026-06-01', { marginPct: 0.4, pipeline: 'service' }), cfg)).toBe(400);
    expect(dealMargin(won('c', 1000, '2026-06-01', { pipeline: 'service' }), cfg)).toBe(600);
    expect(dealMargin(won('c', 1000, '2026-06-01', { pipeline: 'unknown' }), cfg)).toBe(200);
    expect(dealMargin(won('c', 1000, '2026-06-01', { pipeline: 'constructor' }), cfg)).toBe(200);
  });
});

describe('retention', () => {
  const retention = (deals: ReturnType<typeof won>[]) => one(portfolio({ companies: [company('c')], deals }))[0]!.retention;

  it('is the share of 12-month periods back to the first won deal that hold one, capped at max', () => {
    // Periods (Nov→Nov): 0 holds a deal, 1 is empty, 2 holds the first deal → 2/3.
    expect(retention([won('c', 10, '2026-06-01'), won('c', 10, '2024-06-01')])).toBeCloseTo(2 / 3, 12);
    expect(retention([won('c', 10, '2026-06-01'), won('c', 10, '2025-06-01')])).toBe(0.95);
  });

  it('counts at most retention.years periods', () => {
    // First deal ten years back; only the last three periods count, one of which holds a deal.
    expect(retention([won('c', 10, '2026-06-01'), won('c', 10, '2016-06-01')])).toBeCloseTo(1 / 3, 12);
  });

  it('uses the default for a company that never won', () => {
    expect(one(portfolio({ companies: [company('c')] }))[0]!.retention).toBe(0.5);
  });
});

describe('CLV, wallet and growth potential', () => {
  it('applies the Gupta–Lehmann margin multiple, never below zero', () => {
    expect(customerLifetimeValue(1000, 0.8, 0.1)).toBeCloseTo(1000 * 0.8 / 0.3, 9);
    expect(customerLifetimeValue(-500, 0.8, 0.1)).toBe(0);
  });

  it('estimates the wallet from the company own figure, else employees × the industry rate', () => {
    const cfg = config({ wallet: { perEmployee: { default: 1000, retail: 400 } } });
    const rs = one(
      portfolio({
        companies: [company('own', { estimatedWallet: 50_000, employees: 10 }), company('retail', { employees: 100, industry: 'retail' }), company('other', { employees: 10 }), company('unknown')],
        deals: [won('own', 10_000), won('retail', 10_000), won('other', 10_000), won('unknown', 10_000)],
      }),
      cfg,
    );
    const get = (id: string) => rs.find((r) => r.companyId === id)!;
    expect(get('own').estimatedWallet).toBe(50_000);
    expect(get('own').shareOfWallet).toBeCloseTo(0.2, 12);
    expect(get('retail').estimatedWallet).toBe(40_000);
    expect(get('other').estimatedWallet).toBe(10_000);
    expect(get('unknown').estimatedWallet).toBeNull();
    expect(get('unknown').shareOfWallet).toBeNull();
    expect(get('unknown').growthPotential).toBe(0);
    // (0.8 × 50,000 − 10,000) × 25% margin rate = 7,500
    expect(get('own').growthPotential).toBeCloseTo(7500, 9);
  });

  it('uses the default margin rate for growth when nothing was sold', () => {
    expect(growthPotential(0, 0, 10_000, config())).toBe(0.8 * 10_000 * 0.25);
  });

  it('adds referral, reference and knowledge value to the strategic value', () => {
    const cfg = costFreeConfig({ strategic: { referenceBonus: 1000, knowledgeBonus: 2000 } });
    const rs = one(
      portfolio({
        companies: [company('referrer', { isReference: true, codevelopment: true }), company('referred')],
        deals: [won('referrer', 100), won('referred', 40_000)],
        relations: [relation('referrer', 'referred', 'referral')],
      }),
      cfg,
    );
    const r = rs.find((x) => x.companyId === 'referrer')!;
    expect(r.referralValue).toBe(40_000 * 0.25 * 0.25); // their margin × referral share
    expect(r.referenceValue).toBe(1000);
    expect(r.knowledgeValue).toBe(2000);
    expect(r.strategicValue).toBe(2500 + 1000 + 2000);
  });

  it('counts a parent group influence only when parentInfluence is on', () => {
    const records = portfolio({
      companies: [company('holding'), company('daughter', { parentId: 'holding' })],
      deals: [won('holding', 100), won('daughter', 10_000)],
    });
    expect(one(records).find((r) => r.companyId === 'holding')!.influenceValue).toBe(0);
    const on = one(records, config({ strategic: { parentInfluence: true } }));
    expect(on.find((r) => r.companyId === 'holding')!.influenceValue).toBe(500);
  });

  it('adds half the growth potential to the total value by default', () => {
    const [r] = one(portfolio({ companies: [company('c', { estimatedWallet: 100_000 })], deals: [won('c', 10_000)] }));
    expect(r!.totalValue).toBeCloseTo(r!.clv + r!.strategicValue + 0.5 * r!.growthPotential, 9);
  });
});
