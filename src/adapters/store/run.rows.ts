// Runs and result-history rows as both adapters select them (array rows, same column order).
import type { ResultHistoryRow, RunRecord } from '../../app/ports/store.port.ts';
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

export const HISTORY_COLUMNS = 'run_id, company_id, as_of, segment, segment_computed, pyramid_level, total_value, net_contribution';

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
  };
}

/** The slim history columns of one result, after company_id, in HISTORY_COLUMNS order. */
export function historyCells(result: CompanyResult): [string | null, string | null, string, number, number] {
  return [result.segment, result.segmentComputed, result.pyramidLevel, result.totalValue, result.netContribution];
}

/** One result per company, the last one given winning (a run may list a company twice). */
export function lastPerCompany(results: readonly CompanyResult[]): CompanyResult[] {
  const byCompany = new Map<string, CompanyResult>();
  for (const r of results) byCompany.set(r.companyId, r);
  return byCompany.size === results.length ? [...results] : [...byCompany.values()];
}
