// Companies the CRMs refused to write, counted per tenant and code since the process started
// (GET /metrics shows them): each writer handed out is wrapped to count its report's failures.
import type { CrmWriter } from '../app/ports/crm.port.ts';
import type { TenantId } from '../app/ports/store.port.ts';

export interface RefusalTally {
  /** The writer, counting what the CRM refuses. */
  counted(writer: CrmWriter): CrmWriter;
  totals(): Map<TenantId, Record<string, number>>;
}

export function createRefusalTally(): RefusalTally {
  const totals = new Map<TenantId, Record<string, number>>();
  return {
    counted: (writer) => ({
      tenant: writer.tenant,
      async write(updates, onWritten) {
        const report = await writer.write(updates, onWritten);
        const byCode = totals.get(writer.tenant) ?? {};
        for (const failure of report.failed) byCode[failure.code] = (byCode[failure.code] ?? 0) + 1;
        if (report.failed.length > 0) totals.set(writer.tenant, byCode);
        return report;
      },
    }),
    totals: () => new Map([...totals].map(([tenant, byCode]) => [tenant, { ...byCode }])),
  };
}
