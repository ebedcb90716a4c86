// The Salesforce routes of the server, built from the runtime and the webhook processing:
// POST /webhooks/salesforce/<token> (Outbound Messages → the durable work queue, answered with the
// Ack) and POST /actions/salesforce/recalculate (a Flow's HTTP callout), both verified with the
// org's shared secret (the callout secret; the message URL's token is derived from it).
// main.ts mounts them before the JSON parser.
import type { Router } from 'express';
import { salesforceRecalculateRoutes, salesforceWebhookRoutes, setupSalesforce, tenantOfOrg } from '../adapters/crm/salesforce/salesforce.ts';
import type { Metrics } from '../app/ports/metrics.port.ts';
import type { WorkQueue } from '../app/ports/queue.port.ts';
import type { TenantId } from '../app/ports/store.port.ts';
import { refreshCompanies } from '../app/refresh-companies.ts';
import { NUMERIC_PROPERTIES, resultProperties, type PropertyName } from '../domain/crm-properties.ts';
import type { Runtime } from './runtime.ts';
import { tenantCrm } from './webhook-crm.ts';

export interface SalesforceRouteDeps {
  queue: Pick<WorkQueue, 'acceptEvents'>;
  /** Whether a tenant is a connected org (the webhook processing's cached answer). */
  isConnected(tenant: TenantId): Promise<boolean>;
  metrics: Metrics;
}

/** None unless a Salesforce org is connected (or OAuth orgs can connect). */
export function salesforceRouters(runtime: Runtime, deps: SalesforceRouteDeps): Router[] {
  const orgs = runtime.crm.salesforceOrgs;
  if (!orgs) return [];
  const { log } = runtime;
  // The cached answer first; an org that connected a moment ago is found in the store.
  const connected = async (tenant: TenantId) => (await deps.isConnected(tenant)) || orgs.isConnected(tenant);
  const secretFor = async (tenant: TenantId) => ((await connected(tenant)) ? orgs.calloutSecret(tenant) : null);
  return [
    salesforceWebhookRoutes({
      orgs: async (orgId) => {
        const tenant = tenantOfOrg(orgId);
        return (await connected(tenant)) ? tenant : null;
      },
      secretFor,
      queue: deps.queue,
      log,
      metrics: deps.metrics,
    }),
    salesforceRecalculateRoutes({
      secretFor,
      recalculate: (tenant, accountIds) => recalculateAccounts(runtime, tenant, accountIds),
      log,
    }),
  ];
}

export type AccountResult = Record<string, string | number | boolean | null | { code: string; message: string }>;

/**
 * Pulls the accounts fresh, recomputes and writes them back (one refresh for all of them);
 * answers per account its results as `recalc --format json` prints them (PRODUCT.md §4 names
 * without the kw_ prefix, plus company_id), or an error when it is gone or was not written.
 */
export async function recalculateAccounts(runtime: Runtime, tenant: TenantId, accountIds: readonly string[]): Promise<AccountResult[]> {
  const refresh = await refreshCompanies(runtime.recompute, tenant, tenantCrm(runtime, tenant), { companyIds: accountIds });
  const calculatedAt = runtime.recompute.now();
  const results = new Map((refresh.recompute?.results ?? []).map((r) => [r.companyId, r]));
  const failed = new Map((refresh.write?.failed ?? []).map((f) => [f.companyId, f]));
  const changed = new Set((refresh.recompute?.updates ?? []).map((u) => u.companyId));
  const written = new Set((refresh.write?.written ?? []).map((u) => u.companyId));
  return accountIds.map((id): AccountResult => {
    const result = results.get(id);
    if (!result) return { company_id: id, error: { code: 'company.not_found', message: `Account ${id} is not known in Salesforce (deleted, merged, or not visible to the integration user).` } };
    const record: AccountResult = { company_id: id };
    for (const [name, value] of Object.entries(resultProperties(result, calculatedAt))) {
      record[name] = value !== null && NUMERIC_PROPERTIES.has(name as PropertyName) ? Number(value) : value;
    }
    // Written: the fields in Salesforce hold these values (nothing had changed, or the write went through).
    const failure = failed.get(id);
    const pending = changed.has(id) && !written.has(id);
    record.written = !pending;
    if (failure) record.error = { code: failure.code, message: failure.message };
    else if (pending) record.error = { code: refresh.write?.stoppedBy ?? 'crm.write_failed', message: 'The write-back stopped before this account; it is written on the next run.' };
    return record;
  });
}

/**
 * An org that just connected through OAuth (its admin approved): the KW_ fields and the
 * permission sets, as `klantwaarde setup salesforce` makes them, before its first full run.
 * A failure is logged, not thrown: the run goes ahead and reports the fields it cannot write.
 */
export async function prepareConnectedOrg(runtime: Runtime, tenant: TenantId): Promise<void> {
  const orgs = runtime.crm.salesforceOrgs;
  const conn = await orgs?.connection(tenant);
  if (!orgs || !conn) return;
  try {
    const report = await setupSalesforce({ conn, fields: orgs.fields, log: runtime.log });
    const summary = { tenant, created: report.created.length, existing: report.existing.length, differs: report.differs.length, permissionSets: report.permissionSets.map((p) => `${p.name}: ${p.status}`) };
    if (report.failed.length > 0) runtime.log.warn({ ...summary, failed: report.failed }, 'salesforce setup after connect left fields out');
    else runtime.log.info(summary, 'salesforce setup after connect');
  } catch (err) {
    runtime.log.error({ tenant, err }, 'salesforce setup after connect failed; run `klantwaarde setup salesforce` once the org allows it');
  }
}
