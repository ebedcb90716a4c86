// Share of wallet and growth potential (§3.1, seed 001: a preferred supplier reaches ~80%).
import type { ValueModelConfig } from './model-config.ts';
import { own } from './lookup.ts';
import type { Company } from './records.ts';

/** The company's own estimate when known, else employees × the industry's spend per employee. */
export function estimatedWallet(company: Company, config: ValueModelConfig): number | null {
  if (company.estimatedWallet !== undefined) return company.estimatedWallet;
  if (company.employees === undefined) return null;
  const perEmployee = own(config.wallet.perEmployee, company.industry) ?? config.wallet.perEmployee.default;
  return company.employees * perEmployee;
}

export function shareOfWallet(revenue: number, wallet: number | null): number | null {
  return wallet !== null && wallet > 0 ? revenue / wallet : null;
}

/**
 * Margin still to be earned up to the preferred-supplier cap of the wallet. The margin
 * rate is the company's own (never below zero: selling more at a loss is no potential),
 * else the default.
 */
export function growthPotential(revenue: number, grossMargin: number, wallet: number | null, config: ValueModelConfig): number {
  if (wallet === null) return 0;
  const marginRate = revenue > 0 ? Math.max(0, grossMargin / revenue) : config.margin.defaultPct;
  return Math.max(0, config.wallet.preferredSupplierCap * wallet - revenue) * marginRate;
}

/** Gupta–Lehmann margin multiple: an existing customer's lifetime value from its yearly contribution. */
export function customerLifetimeValue(netContribution: number, retention: number, discountRate: number): number {
  return (Math.max(0, netContribution) * retention) / (1 + discountRate - retention);
}
