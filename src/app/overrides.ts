// Use case: a rep or manager overrides a company's segment (with a reason), or removes the
// override. The CRM gets the override first — its properties are where reports see it and
// where the next sync reads it back from — then the company is recomputed at once and its
// new figures written back, so the card and the record show the effect.
import { overrideProperties } from '../domain/crm-properties.ts';
import { expiryDate, expiryEnd } from '../domain/overrides.ts';
import type { Instant, Override, Segment } from '../domain/records.ts';
import { AppError } from './errors.ts';
import type { CrmWriter } from './ports/crm.port.ts';
import type { TenantId } from './ports/store.port.ts';
import { recomputeCompanies, type RecomputeDeps, type RecomputeOutcome } from './recompute.ts';
import { writeBack } from './write-back.ts';

export interface OverrideRequest {
  companyId: string;
  segment: Segment;
  reason: string;
  by: string;
  expiresAt?: Instant;
}

/** `writer` is the tenant's CRM (null in local mode, where the store is all there is). */
export async function overrideSegment(deps: RecomputeDeps, tenant: TenantId, request: OverrideRequest, writer: CrmWriter | null = null): Promise<RecomputeOutcome> {
  const reason = request.reason.trim();
  if (reason.length === 0) throw new AppError('override.reason_required', 'An override needs a reason: say why the model is wrong for this company.');
  const now = deps.now();
  const expiresAt = request.expiresAt === undefined ? undefined : expiryDay(request.expiresAt, deps.config.schedule.timezone, now);
  await requireCompany(deps, tenant, request.companyId);
  const override: Override = { ...request, reason, at: now, ...(expiresAt === undefined ? {} : { expiresAt }) };
  await writeOverride(deps, writer, override.companyId, override);
  await deps.store.setOverride(tenant, override);
  return recomputeAndWrite(deps, tenant, request.companyId, writer);
}

export async function removeOverride(deps: RecomputeDeps, tenant: TenantId, companyId: string, writer: CrmWriter | null = null): Promise<RecomputeOutcome> {
  await requireCompany(deps, tenant, companyId);
  await writeOverride(deps, writer, companyId, null);
  await deps.store.removeOverride(tenant, companyId);
  return recomputeAndWrite(deps, tenant, companyId, writer);
}

/**
 * The expiry is a day (§3.3: active through its end in schedule.timezone). A time entered on the
 * card becomes the date it falls on there, kept as midnight UTC of that date — how the CRM's
 * date property and a CSV date come back — so writing and reading it never shifts it a day.
 */
function expiryDay(expiresAt: Instant, timeZone: string, now: Instant): Instant {
  const date = expiryDate(expiresAt, timeZone);
  if (expiryEnd(expiresAt, timeZone) <= now) throw new AppError('override.expired', `The expiry date ${date} lies in the past.`);
  return Date.parse(`${date}T00:00:00Z`);
}

/** Nothing changes here unless the CRM took the override: otherwise its next sync would undo it. */
async function writeOverride(deps: RecomputeDeps, writer: CrmWriter | null, companyId: string, override: Override | null): Promise<void> {
  if (!writer) return;
  const report = await writeBack(deps.store, writer, [{ companyId, values: overrideProperties(override, deps.config.schedule.timezone) }], deps.log);
  const failure = report.failed.find((f) => f.companyId === companyId);
  if (failure) throw new AppError(failure.code, `The CRM refused the override, so nothing was changed: ${failure.message}`);
  if (!report.written.some((u) => u.companyId === companyId)) {
    throw new AppError(report.stoppedBy ?? 'crm.write_failed', 'The CRM did not take the override (its API limit is reached); nothing was changed. Try again later.');
  }
}

async function recomputeAndWrite(deps: RecomputeDeps, tenant: TenantId, companyId: string, writer: CrmWriter | null): Promise<RecomputeOutcome> {
  const outcome = await recomputeCompanies(deps, tenant, [companyId]);
  // The segment and its consequences follow the override; a failure here is logged by
  // writeBack and retried by the next run (the values stay unwritten in the store).
  if (writer) await writeBack(deps.store, writer, outcome.updates, deps.log);
  return outcome;
}

async function requireCompany(deps: RecomputeDeps, tenant: TenantId, companyId: string): Promise<void> {
  const { companies } = await deps.store.loadCompanies(tenant, [companyId]);
  if (!companies.some((c) => c.id === companyId)) throw new AppError('company.not_found', `Company ${companyId} is not known.`);
}
