// Use case: write changed values to the CRM and record each accepted batch at once, so a
// crash mid-write resumes without writing twice what already went through.
import type { CompanyUpdate, CrmWriter, WriteReport } from './ports/crm.port.ts';
import type { Logger } from './ports/logger.port.ts';
import type { Store } from './ports/store.port.ts';

export async function writeBack(store: Store, writer: CrmWriter, updates: readonly CompanyUpdate[], log: Logger): Promise<WriteReport> {
  const tenant = writer.tenant;
  if (updates.length === 0) return { written: [], failed: [], apiCalls: 0, stoppedBy: null };
  const report = await writer.write(updates, async (batch) => {
    await store.markWritten(tenant, new Map(batch.map((u) => [u.companyId, u.values])));
  });
  for (const failure of report.failed) log.error({ tenant, ...failure }, 'write-back failed for a company');
  if (report.stoppedBy) log.warn({ tenant, stoppedBy: report.stoppedBy, remaining: updates.length - report.written.length - report.failed.length }, 'write-back stopped early; the rest goes next run');
  log.info({ tenant, written: report.written.length, failed: report.failed.length, apiCalls: report.apiCalls }, 'write-back finished');
  return report;
}
