// The whale curve (seed 004): how the net contribution piles up over the customers ranked from
// most to least profitable, and its peak — the share the profitable ones earn before the rest give some back.
import type { Segment } from './records.ts';

export interface WhalePoint {
  rank: number;
  companyId: string;
  segment: Segment;
  /** Cumulative share of customers (0..1] and of net contribution (can pass 1). */
  customerShare: number;
  contributionShare: number;
}

export type WhalePeak = { rank: number; customerShare: number; contributionShare: number };

/** A customer on the whale curve. */
export interface WhaleEntry {
  companyId: string;
  segment: Segment;
  netContribution: number;
}

/**
 * The whale curve: customers ranked by net contribution (highest first, then by id), each
 * point the cumulative share of the total; its peak is the highest point.
 */
export function whaleCurve(entries: readonly WhaleEntry[]): { curve: WhalePoint[]; peak: WhalePeak | null; total: number } {
  const ranked = [...entries].sort((a, b) => b.netContribution - a.netContribution || a.companyId.localeCompare(b.companyId));
  const total = ranked.reduce((s, r) => s + r.netContribution, 0);
  let cumulative = 0;
  const curve = ranked.map((r, i): WhalePoint => {
    cumulative += r.netContribution;
    return {
      rank: i + 1,
      companyId: r.companyId,
      segment: r.segment,
      customerShare: (i + 1) / ranked.length,
      contributionShare: total !== 0 ? cumulative / total : 0,
    };
  });
  const top = curve.reduce<WhalePoint | null>((best, p) => (best === null || p.contributionShare > best.contributionShare ? p : best), null);
  return { curve, peak: top && { rank: top.rank, customerShare: top.customerShare, contributionShare: top.contributionShare }, total };
}
