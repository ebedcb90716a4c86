// Runs and result-history rows as both adapters select them (array rows, same column order).
import type { ResultHistoryRow, RunRecord } from '../../app/ports/store.port.ts';
import type { GoalProgress, GoalRecord } from '../../domain/goals.ts';
import type { RankedFigures } from '../../domain/ranking.ts';
import type { CompanyResult } from '../../domain/results.ts';
import { newRunId } from './run-id.ts';

export const RUN_COLUMNS = 'id, tenant, kind, status, started_at, finished_at, as_of, config_hash, counts, agreement_rate, error';

/** The record of a run that has just started. */
export function startedRun(run: Omit<RunRecord, 'id' | 'status' | 'finishedAt' | 'counts' | 'agreementRate' | 'error'>): RunRecord {
  return { id: newRunId(run.startedAt), tenant: run.tenant, kind: run.kind, status: 'running', startedAt: run.startedAt, finishedAt: null, asOf: run.asOf, configHash: run.configHash, counts: {}, agreementRate: null, error: null };
}

export function runFromRow(r: readonly unknown[]): RunRecord {
  return {
    id: r[0] as string,
    tenant: r[1] as string,
    kind: r[2] as RunRecord['kind'],
    status: r[3] as RunRecord['status'],
    startedAt: r[4] as number,
    finishedAt: (r[5] as number | null) ?? null,
    asOf: r[6] as number,
    configHash: r[7] as string,
    // SQLite hands back the JSON text, PostgreSQL the parsed jsonb.
    counts: (typeof r[8] === 'string' ? JSON.parse(r[8]) : r[8]) as Record<string, number>,
    agreementRate: (r[9] as number | null) ?? null,
    error: (r[10] as string | null) ?? null,
  };
}

/** The figures columns after company_id and as_of, in the order historyCells gives them. */
export const HISTORY_FIGURES = ['segment', 'segment_computed', 'pyramid_level', 'total_value', 'net_contribution', 'revenue', 'gross_margin', 'cost_to_serve', 'clv', 'strategic_value'] as const;
export const HISTORY_COLUMNS = `run_id, company_id, as_of, ${HISTORY_FIGURES.join(', ')}`;

export function historyFromRow(r: readonly unknown[]): ResultHistoryRow {
  return {
    runId: r[0] as string,
    companyId: r[1] as string,
    asOf: r[2] as number,
    segment: (r[3] as ResultHistoryRow['segment']) ?? null,
    segmentComputed: (r[4] as ResultHistoryRow['segmentComputed']) ?? null,
    pyramidLevel: r[5] as ResultHistoryRow['pyramidLevel'],
    totalValue: r[6] as number,
    netContribution: r[7] as number,
    // Rows written before migration 3 have no other figures.
    revenue: (r[8] as number | null) ?? null,
    grossMargin: (r[9] as number | null) ?? null,
    costToServe: (r[10] as number | null) ?? null,
    clv: (r[11] as number | null) ?? null,
    strategicValue: (r[12] as number | null) ?? null,
  };
}

/** The history figures of one result, in HISTORY_FIGURES order. */
export function historyCells(r: CompanyResult): [string | null, string | null, string, number, number, number, number, number, number, number] {
  return [r.segment, r.segmentComputed, r.pyramidLevel, r.totalValue, r.netContribution, r.revenue, r.grossMargin, r.costToServe, r.clv, r.strategicValue];
}

/** `col = excluded.col` for every figure, for the history upserts. */
export const HISTORY_UPDATE = HISTORY_FIGURES.map((c) => `${c} = excluded.${c}`).join(', ');

/** One result per company, the last one given winning (a run may list a company twice). */
export function lastPerCompany(results: readonly CompanyResult[]): CompanyResult[] {
  const byCompany = new Map<string, CompanyResult>();
  for (const r of results) byCompany.set(r.companyId, r);
  return byCompany.size === results.length ? [...results] : [...byCompany.values()];
}

/** What ranking reads of a result, as one short JSON array (doubles round-trip exactly through JSON). */
export function rankedCell(r: RankedFigures): string {
  return JSON.stringify([r.isCustomer ? 1 : 0, r.revenue, r.grossMargin, r.netContribution, r.clv, r.strategicValue, r.growthPotential, r.totalValue, r.shareOfWallet, r.retention, r.satisfaction]);
}

/** The ranked figures of a stored row: from its ranked cell, or from the result itself for rows saved before that column. */
export function rankedFromRow(companyId: string, ranked: string | null, result: () => CompanyResult): RankedFigures {
  if (ranked === null) {
    const r = result();
    return { companyId, isCustomer: r.isCustomer, revenue: r.revenue, grossMargin: r.grossMargin, netContribution: r.netContribution, clv: r.clv, strategicValue: r.strategicValue, growthPotential: r.growthPotential, totalValue: r.totalValue, shareOfWallet: r.shareOfWallet, retention: r.retention, satisfaction: r.satisfaction };
  }
  const v = JSON.parse(ranked) as [number, number, number, number, number, number, number, number, number | null, number, number | null];
  return { companyId, isCustomer: v[0] === 1, revenue: v[1], grossMargin: v[2], netContribution: v[3], clv: v[4], strategicValue: v[5], growthPotential: v[6], totalValue: v[7], shareOfWallet: v[8], retention: v[9], satisfaction: v[10] };
}

/** run_id, as_of, progress: SQLite hands back the JSON text, PostgreSQL the parsed jsonb. */
export function goalRecordFromRow(r: readonly unknown[]): GoalRecord {
  return { runId: r[0] as string, asOf: Number(r[1]), goals: (typeof r[2] === 'string' ? JSON.parse(r[2]) : r[2]) as GoalProgress[] };
}
