// The managers' view of one run (CLI `report`, the dashboard): segments, whale curve,
// pyramid with migration, and contact discipline per owner. Pure: results in, figures out.
import { goalProgress, type GoalProgress } from './goals.ts';
import type { ValueModelConfig } from './model-config.ts';
import { overrideAgreement } from './overrides.ts';
import { customerRetention, pyramidMigration, type CustomerRetention, type PyramidMigration } from './pyramid.ts';
import { SEGMENTS, type Segment } from './records.ts';
import { portfolioWhatIf, type PortfolioWhatIf } from './portfolio-what-if.ts';
import { whaleCurve, type WhalePeak, type WhalePoint } from './whale-curve.ts';

export type { WhalePeak, WhalePoint } from './whale-curve.ts';
import { PYRAMID_LEVELS, type CompanyResult, type OverrideAgreement, type PyramidLevel } from './results.ts';

export interface SegmentRow {
  segment: Segment;
  companies: number;
  revenue: number;
  grossMargin: number;
  costToServe: number;
  netContribution: number;
  costToServeRatio: number | null;
}

export interface PyramidRow {
  level: PyramidLevel;
  companies: number;
  revenue: number;
  netContribution: number;
}

export interface OwnerDiscipline {
  ownerId: string;
  overdueTouchpoints: Record<Segment, number>;
  overServed: number;
  /** What the over-served customers cost beyond their segments' budgets. */
  overBudget: number;
}

export interface PortfolioReport {
  customers: number;
  segments: SegmentRow[];
  overrides: OverrideAgreement;
  whaleCurve: WhalePoint[];
  whalePeak: WhalePeak | null;
  totalNetContribution: number;
  /** The recommended action applied to every D customer; null while a D result lacks the volumes (before its next run). */
  whatIf: PortfolioWhatIf | null;
  pyramid: PyramidRow[];
  /** Moves since the previous full run; null before the second full run. */
  migration: PyramidMigration | null;
  /** Last year's customers that are customers now, to hold against goals.retention. */
  retention: CustomerRetention;
  owners: OwnerDiscipline[];
  /** Each configured customer goal (`goals`), met or not by these results. */
  goals: GoalProgress[];
}

const NO_OWNER = '(no owner)';

export function portfolioReport(
  results: readonly CompanyResult[],
  config: ValueModelConfig,
  previousLevels: ReadonlyMap<string, PyramidLevel> | null,
): PortfolioReport {
  const customers = results.filter((r) => r.isCustomer && r.segment !== null);

  const segments = SEGMENTS.map((segment): SegmentRow => {
    const rows = customers.filter((r) => r.segment === segment);
    const sum = (pick: (r: CompanyResult) => number) => rows.reduce((s, r) => s + pick(r), 0);
    const grossMargin = sum((r) => r.grossMargin);
    const costToServe = sum((r) => r.costToServe);
    return {
      segment,
      companies: rows.length,
      revenue: sum((r) => r.revenue),
      grossMargin,
      costToServe,
      netContribution: sum((r) => r.netContribution),
      costToServeRatio: grossMargin > 0 ? costToServe / grossMargin : null,
    };
  });

  const whale = whaleCurve(customers.map((r) => ({ companyId: r.companyId, segment: r.segment!, netContribution: r.netContribution })));

  const pyramid = PYRAMID_LEVELS.map((level): PyramidRow => {
    const rows = results.filter((r) => r.pyramidLevel === level);
    return {
      level,
      companies: rows.length,
      revenue: rows.reduce((s, r) => s + r.revenue, 0),
      netContribution: rows.reduce((s, r) => s + r.netContribution, 0),
    };
  });

  const owners = new Map<string, OwnerDiscipline>();
  const ownerRow = (id: string) => {
    let row = owners.get(id);
    if (!row) {
      row = { ownerId: id, overdueTouchpoints: { A: 0, B: 0, C: 0, D: 0 }, overServed: 0, overBudget: 0 };
      owners.set(id, row);
    }
    return row;
  };
  for (const r of customers) {
    const overdue = r.contacts.filter((c) => c.overdue).length;
    const owner = r.ownerId ?? NO_OWNER;
    if (overdue > 0) ownerRow(owner).overdueTouchpoints[r.segment!] += overdue;
    if (r.serviceFlag === 'over_served') {
      const row = ownerRow(owner);
      row.overServed += 1;
      row.overBudget += r.costToServe - config.service.maxCostRatio[r.segment!] * r.grossMargin;
    }
  }

  const migration = previousLevels ? pyramidMigration(previousLevels, new Map(results.map((r) => [r.companyId, r.pyramidLevel]))) : null;
  const retention = customerRetention(results);
  const goals = goalProgress({ retention, moves: migration?.moves ?? null, dCustomers: segments.find((s) => s.segment === 'D')!.companies, segments }, config.goals);

  return {
    customers: customers.length,
    segments,
    overrides: overrideAgreement(results),
    whaleCurve: whale.curve,
    whalePeak: whale.peak,
    totalNetContribution: whale.total,
    whatIf: portfolioWhatIf(customers, config),
    pyramid,
    migration,
    retention,
    owners: [...owners.values()].sort((a, b) => b.overBudget - a.overBudget || a.ownerId.localeCompare(b.ownerId)),
    goals,
  };
}
