// What the webhook worker needs of a tenant's CRM connection: source, writer and the resolver
// of records to companies; and the API use of the tenants' clients and the writes the CRMs
// refused, for /metrics.
import { createHubSpotCompanyResolver } from '../adapters/crm/hubspot/inbound/hubspot.company-resolver.ts';
import { createSalesforceCompanyResolver, orgOfTenant } from '../adapters/crm/salesforce/salesforce.ts';
import type { ApiUsage } from '../adapters/metrics/prometheus.metrics.ts';
import { AppError } from '../app/errors.ts';
import type { CompanyResolver } from '../app/ports/queue.port.ts';
import type { TenantId } from '../app/ports/store.port.ts';
import type { TenantCrm } from '../app/recompute-worker.ts';
import { tenantConnection, type Runtime } from './runtime.ts';

export function tenantCrm(runtime: Runtime, tenant: TenantId): TenantCrm {
  return { ...tenantConnection(runtime, tenant), resolver: resolverFor(runtime, tenant) };
}

/**
 * HubSpot: association reads. Salesforce: each queued opportunity, product, task, event or case
 * is read again from the org (never taken from the outbound message) for its account.
 */
function resolverFor(runtime: Runtime, tenant: TenantId): CompanyResolver | null {
  const client = runtime.crm.hubspotClient(tenant);
  if (client) return createHubSpotCompanyResolver({ client });
  const orgs = runtime.crm.salesforceOrgs;
  if (!orgs || !orgOfTenant(tenant)) return null;
  return createSalesforceCompanyResolver({
    connection: async () => {
      const conn = await orgs.connection(tenant);
      if (!conn) throw new AppError('crm.unauthorized', `${tenant} is not a connected Salesforce org`);
      return conn;
    },
  });
}

export async function apiUsageOf(runtime: Runtime): Promise<ApiUsage[]> {
  const usage: ApiUsage[] = [];
  const refused = runtime.crm.refusedWrites();
  const tasks = runtime.crm.taskActions();
  for (const tenant of await runtime.tenants()) {
    const stats = runtime.crm.hubspotClient(tenant)?.stats;
    if (stats) usage.push({ tenant, calls: stats.calls, rateLimited: stats.rateLimited, refusedWrites: refused.get(tenant) ?? {}, tasks: tasks.get(tenant) ?? {} });
  }
  // Salesforce has no short-term rate limit to run into (its allowance is daily): calls only.
  for (const { tenant, calls } of runtime.crm.salesforceOrgs?.usage() ?? []) usage.push({ tenant, calls, rateLimited: 0, refusedWrites: refused.get(tenant) ?? {}, tasks: tasks.get(tenant) ?? {} });
  return usage;
}
