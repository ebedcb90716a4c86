// Use case: a rep or manager overrides a company's segment (with a reason), or removes the
// override; the company is recomputed at once so the card shows the effect.
import type { Instant, Segment } from '../domain/records.ts';
import { AppError } from './errors.ts';
import type { TenantId } from './ports/store.port.ts';
import { recomputeCompanies, type RecomputeDeps, type RecomputeOutcome } from './recompute.ts';

export interface OverrideRequest {
  companyId: string;
  segment: Segment;
  reason: string;
  by: string;
  expiresAt?: Instant;
}

export async function overrideSegment(deps: RecomputeDeps, tenant: TenantId, request: OverrideRequest): Promise<RecomputeOutcome> {
  const reason = request.reason.trim();
  if (reason.length === 0) throw new AppError('override.reason_required', 'An override needs a reason: say why the model is wrong for this company.');
  const now = deps.now();
  if (request.expiresAt !== undefined && request.expiresAt <= now) {
    throw new AppError('override.expired', `The expiry ${new Date(request.expiresAt).toISOString()} lies in the past.`);
  }
  await requireCompany(deps, tenant, request.companyId);
  await deps.store.setOverride(tenant, { ...request, reason, at: now });
  return recomputeCompanies(deps, tenant, [request.companyId]);
}

export async function removeOverride(deps: RecomputeDeps, tenant: TenantId, companyId: string): Promise<RecomputeOutcome> {
  await requireCompany(deps, tenant, companyId);
  await deps.store.removeOverride(tenant, companyId);
  return recomputeCompanies(deps, tenant, [companyId]);
}

async function requireCompany(deps: RecomputeDeps, tenant: TenantId, companyId: string): Promise<void> {
  const { companies } = await deps.store.loadCompanies(tenant, [companyId]);
  if (!companies.some((c) => c.id === companyId)) throw new AppError('company.not_found', `Company ${companyId} is not known.`);
}
