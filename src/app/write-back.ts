// Use case: write changed values to the CRM and record each accepted batch at once, so a
// crash mid-write resumes without writing twice what already went through. Companies the CRM
// refused (a portal's validation rule, a bad value) are kept by name with the CRM's message:
// the run's report shows them and the next run, incremental too, tries them again.
import { changedProperties, resultProperties } from '../domain/crm-properties.ts';
import type { Instant } from '../domain/records.ts';
import type { CompanyResult } from '../domain/results.ts';
import type { CompanyUpdate, CrmWriter, WriteReport } from './ports/crm.port.ts';
import type { Logger } from './ports/logger.port.ts';
import type { RunRecord, Store, TenantId } from './ports/store.port.ts';

/** A company whose values the CRM refused, waiting for the next run. */
export interface RefusedWrite {
  companyId: string;
  name: string;
  code: string;
  message: string;
}

/** Where the refused companies wait (a checkpoint: one small JSON list per tenant). */
export const REFUSED_CHECKPOINT = 'write.refused';

/**
 * Writes the updates — a list, or pages of them (pendingUpdates after a full run) — and
 * records each accepted batch as written. A page the writer stops in (a daily limit) ends it.
 */
export async function writeBack(
  store: Store,
  writer: CrmWriter,
  updates: readonly CompanyUpdate[] | AsyncIterable<readonly CompanyUpdate[]>,
  log: Logger,
  run: RunRecord | null = null,
): Promise<WriteReport> {
  const tenant = writer.tenant;
  const report: WriteReport = { written: [], failed: [], apiCalls: 0, stoppedBy: null };
  let offered = 0;
  for await (const page of isList(updates) ? [updates] : updates) {
    if (page.length === 0) continue;
    offered += page.length;
    const part = await writer.write(page, async (batch) => {
      await store.markWritten(tenant, new Map(batch.map((u) => [u.companyId, u.values])));
    });
    report.written.push(...part.written);
    report.failed.push(...part.failed);
    report.apiCalls += part.apiCalls;
    if (part.stoppedBy) {
      report.stoppedBy = part.stoppedBy;
      break;
    }
  }
  if (offered === 0) return report;
  const refused = await rememberRefused(store, tenant, report);
  for (const failure of refused) log.error({ tenant, ...failure }, 'write-back refused for a company; tried again next run');
  if (report.stoppedBy) log.warn({ tenant, stoppedBy: report.stoppedBy, remaining: offered - report.written.length - report.failed.length }, 'write-back stopped early; the rest goes next run');
  log.info({ tenant, written: report.written.length, failed: report.failed.length, apiCalls: report.apiCalls }, 'write-back finished');
  // The run's counts say what reached the CRM (the run was recorded before the write-back).
  if (run) await addRunCounts(store, run, { written: report.written.length, write_refused: report.failed.length });
  return report;
}

/**
 * Adds to a finished run's counts (what reached the CRM after the run was recorded), and keeps
 * the record in hand current, so whoever adds next (tasks after the write-back) keeps these.
 */
export async function addRunCounts(store: Store, run: RunRecord, extra: Record<string, number>): Promise<void> {
  if (run.status === 'running') return;
  const counts = { ...run.counts };
  for (const [name, n] of Object.entries(extra)) counts[name] = (counts[name] ?? 0) + n;
  await store.finishRun(run.id, { status: run.status, counts, agreementRate: run.agreementRate, error: run.error, finishedAt: run.finishedAt ?? run.startedAt });
  run.counts = counts;
}

function isList(updates: readonly CompanyUpdate[] | AsyncIterable<readonly CompanyUpdate[]>): updates is readonly CompanyUpdate[] {
  return Array.isArray(updates);
}

/** The values to send for each result: those that differ from what the CRM last got, with the run's time. */
export async function changedValues(store: Store, tenant: TenantId, results: readonly { result: CompanyResult; computedAt: Instant }[]): Promise<CompanyUpdate[]> {
  const written = await store.getWritten(tenant, results.map((r) => r.result.companyId));
  const updates: CompanyUpdate[] = [];
  for (const { result, computedAt } of results) {
    const values = changedProperties(resultProperties(result, computedAt), written.get(result.companyId));
    if (Object.keys(values).length > 0) updates.push({ companyId: result.companyId, values });
  }
  return updates;
}

/**
 * What the CRM has not got yet after a full run: every latest result's values against what
 * was last written, a page of companies at a time (a portfolio's updates are never all held).
 * `range`: only the companies with keys in (after, last] (one shard of a sharded run).
 */
export async function* pendingUpdates(store: Store, tenant: TenantId, pageSize = 2000, range?: { after: string | null; last: string }): AsyncGenerator<CompanyUpdate[]> {
  for (let after: string | null = range?.after ?? null; ; ) {
    const read = await store.latestResultsAfter(tenant, after, pageSize);
    const page = range ? read.filter((r) => r.result.companyId <= range.last) : read;
    if (page.length === 0) return;
    const updates = await changedValues(store, tenant, page);
    if (updates.length > 0) yield updates;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.result.companyId;
  }
}

/** The companies refused and not written since, oldest refusal first. */
export async function refusedWrites(store: Store, tenant: TenantId): Promise<RefusedWrite[]> {
  const value = await store.getCheckpoint(tenant, REFUSED_CHECKPOINT);
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((r): r is RefusedWrite => typeof r === 'object' && r !== null && typeof (r as RefusedWrite).companyId === 'string') : [];
  } catch {
    return [];
  }
}

/** Drops what was written now, adds what was refused now (by name); answers this write's refusals. */
async function rememberRefused(store: Store, tenant: TenantId, report: WriteReport): Promise<RefusedWrite[]> {
  const before = await refusedWrites(store, tenant);
  if (before.length === 0 && report.failed.length === 0) return [];
  const failedIds = report.failed.map((f) => f.companyId);
  const { companies } = failedIds.length > 0 ? await store.loadCompanies(tenant, failedIds) : { companies: [] };
  const names = new Map(companies.map((c) => [c.id, c.name]));
  const now = report.failed.map((f) => ({ companyId: f.companyId, name: names.get(f.companyId) ?? f.companyId, code: f.code, message: f.message }));
  const settled = new Set([...report.written.map((u) => u.companyId), ...failedIds]);
  // A company the CRM no longer has is not tried again: the next sync removes it.
  const waiting = [...before.filter((r) => !settled.has(r.companyId)), ...now.filter((r) => r.code !== 'crm.not_found')];
  await store.setCheckpoint(tenant, REFUSED_CHECKPOINT, JSON.stringify(waiting));
  return now;
}
