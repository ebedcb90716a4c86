// What the webhook worker needs of a tenant's CRM connection: source, writer and the resolver
// of records to companies; and the API use of the tenants' clients, for /metrics.
import { createHubSpotCompanyResolver } from '../adapters/crm/hubspot/hubspot.company-resolver.ts';
import type { ApiUsage } from '../adapters/metrics/prometheus.metrics.ts';
import type { TenantId } from '../app/ports/store.port.ts';
import type { TenantCrm } from '../app/recompute-worker.ts';
import type { Runtime } from './runtime.ts';

export function tenantCrm(runtime: Runtime, tenant: TenantId): TenantCrm {
  const client = runtime.crm.hubspotClient(tenant);
  return { source: runtime.crm.sourceFor(tenant), writer: runtime.crm.writerFor(tenant), resolver: client ? createHubSpotCompanyResolver({ client }) : null };
}

export async function apiUsageOf(runtime: Runtime): Promise<ApiUsage[]> {
  const usage: ApiUsage[] = [];
  for (const tenant of await runtime.tenants()) {
    const stats = runtime.crm.hubspotClient(tenant)?.stats;
    if (stats) usage.push({ tenant, calls: stats.calls, rateLimited: stats.rateLimited });
  }
  return usage;
}
