// The portfolio what-if: every D customer's recommended option applied at once (what-if.ts),
// and what that makes of the total net contribution and the whale curve. A customer that parts
// ways leaves the curve; the others keep their place in the ranking by their new figure.
import type { ValueModelConfig } from './model-config.ts';
import { whaleCurve, type WhaleEntry, type WhalePeak, type WhalePoint } from './whale-curve.ts';
import type { CompanyResult } from './results.ts';
import { companyWhatIf, WHAT_IF_OPTIONS, type WhatIfOption } from './what-if.ts';

export interface PortfolioWhatIf {
  /** D customers the recommended option was applied to, per option. */
  applied: Record<WhatIfOption, number>;
  /** Of them, how many part ways (parting, or a minimum annual revenue they do not reach). */
  partingWays: number;
  /** Today's and the projected total net contribution of the customers. */
  today: number;
  totalNetContribution: number;
  effect: number;
  whaleCurve: WhalePoint[];
  whalePeak: WhalePeak | null;
  /** The strategic value lost with the customers that part ways (theirs and what others drew from them). */
  strategicValueLost: number;
}

/** `customers`: the results on today's whale curve (customers with a segment). */
export function portfolioWhatIf(customers: readonly CompanyResult[], config: ValueModelConfig): PortfolioWhatIf | null {
  const applied = Object.fromEntries(WHAT_IF_OPTIONS.map((o) => [o, 0])) as Record<WhatIfOption, number>;
  const entries: WhaleEntry[] = [];
  let today = 0;
  let partingWays = 0;
  let strategicValueLost = 0;
  for (const r of customers) {
    today += r.netContribution;
    if (r.segment !== 'D') {
      entries.push({ companyId: r.companyId, segment: r.segment!, netContribution: r.netContribution });
      continue;
    }
    const whatIf = companyWhatIf(r, config);
    if (whatIf === null) return null;
    const chosen = whatIf.options.find((o) => o.recommended)!;
    applied[chosen.option] += 1;
    if (chosen.partsWays) {
      partingWays += 1;
      strategicValueLost += chosen.strategicValueLost;
    } else {
      entries.push({ companyId: r.companyId, segment: r.segment, netContribution: chosen.netContribution });
    }
  }
  const whale = whaleCurve(entries);
  return {
    applied,
    partingWays,
    today,
    totalNetContribution: whale.total,
    effect: whale.total - today,
    whaleCurve: whale.curve,
    whalePeak: whale.peak,
    strategicValueLost,
  };
}
