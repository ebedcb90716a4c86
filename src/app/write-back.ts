// Use case: write changed values to the CRM and record each accepted batch at once, so a
// crash mid-write resumes without writing twice what already went through. Companies the CRM
// refused (a portal's validation rule, a bad value) are kept by name with the CRM's message:
// the run's report shows them and the next run, incremental too, tries them again.
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

export async function writeBack(store: Store, writer: CrmWriter, updates: readonly CompanyUpdate[], log: Logger, run: RunRecord | null = null): Promise<WriteReport> {
  const tenant = writer.tenant;
  if (updates.length === 0) return { written: [], failed: [], apiCalls: 0, stoppedBy: null };
  const report = await writer.write(updates, async (batch) => {
    await store.markWritten(tenant, new Map(batch.map((u) => [u.companyId, u.values])));
  });
  const refused = await rememberRefused(store, tenant, report);
  for (const failure of refused) log.error({ tenant, ...failure }, 'write-back refused for a company; tried again next run');
  if (report.stoppedBy) log.warn({ tenant, stoppedBy: report.stoppedBy, remaining: updates.length - report.written.length - report.failed.length }, 'write-back stopped early; the rest goes next run');
  log.info({ tenant, written: report.written.length, failed: report.failed.length, apiCalls: report.apiCalls }, 'write-back finished');
  if (run && run.status !== 'running') {
    // The run's counts say what reached the CRM (the run was recorded before the write-back).
    const counts = { ...run.counts, written: (run.counts.written ?? 0) + report.written.length, write_refused: (run.counts.write_refused ?? 0) + report.failed.length };
    await store.finishRun(run.id, { status: run.status, counts, agreementRate: run.agreementRate, error: run.error, finishedAt: run.finishedAt ?? run.startedAt });
  }
  return report;
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
