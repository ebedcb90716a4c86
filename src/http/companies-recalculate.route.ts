// POST /api/companies/recalculate: the bulk action on HubSpot's companies index page sends the
// selected ids (at most 100), signed like the card API; they are read fresh from the CRM in one
// refresh, recomputed, written back, and answered one by one — what each company's segment is
// now, or why it could not be recalculated. Access: HubSpot signature v3, a replay refused (the card API's rule).
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../app/errors.ts';
import type { TenantId } from '../app/ports/store.port.ts';
import type { RecomputeDeps } from '../app/recompute.ts';
import { refreshCompanies } from '../app/refresh-companies.ts';
import type { Segment } from '../domain/records.ts';
import type { ServiceFlag } from '../domain/results.ts';
import { connectionOf, NO_CRM, type CardAuth, type CardCrm } from './company.routes.ts';

/** HubSpot lets a bulk action act on this many selected records at most. */
export const BULK_LIMIT = 100;

const body = z.strictObject({
  ids: z
    .array(z.union([z.string().trim().min(1).max(100), z.number().int().nonnegative()]).transform(String))
    .min(1, 'select at least one company')
    .max(BULK_LIMIT, `at most ${BULK_LIMIT} companies at once`),
});

export type BulkOutcome =
  | { companyId: string; status: 'recalculated'; name: string; segment: Segment | null; serviceFlag: ServiceFlag; totalValue: number; written: boolean }
  | { companyId: string; status: 'not_found' | 'refused' | 'postponed'; message: string };

export function companiesRecalculateRoutes(deps: RecomputeDeps, auth: CardAuth, crm: CardCrm = NO_CRM): Router {
  const router = Router();

  router.post('/api/companies/recalculate', async (req, res) => {
    const { tenant } = await auth(req);
    const parsed = body.safeParse(req.body);
    if (!parsed.success) throw new AppError('request.invalid', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const ids = [...new Set(parsed.data.ids)];
    const foreign = new Set(await foreignOf(deps, tenant, ids));
    const mine = ids.filter((id) => !foreign.has(id));
    const refresh = mine.length > 0 ? await refreshCompanies(deps, tenant, connectionOf(crm, tenant), { companyIds: mine }) : null;
    const results = new Map((refresh?.recompute?.results ?? []).map((r) => [r.companyId, r]));
    const failed = new Map((refresh?.write?.failed ?? []).map((f) => [f.companyId, f]));
    const pending = new Set((refresh?.recompute?.updates ?? []).map((u) => u.companyId));
    const written = new Set((refresh?.write?.written ?? []).map((u) => u.companyId));
    const outcomes = ids.map((companyId): BulkOutcome => {
      // Another account's company is answered exactly as a missing one: which ids exist elsewhere is not told.
      const result = foreign.has(companyId) ? undefined : results.get(companyId);
      if (!result) return { companyId, status: 'not_found', message: `Company ${companyId} is not known${crm.sourceFor(tenant) ? ' in the CRM (deleted, or merged into another)' : ''}.` };
      const failure = failed.get(companyId);
      if (failure) return { companyId, status: 'refused', message: `${failure.message} (${failure.code}); tried again on the next run.` };
      if (pending.has(companyId) && refresh?.write && !written.has(companyId)) {
        return { companyId, status: 'postponed', message: `The CRM stopped the write-back (${refresh.write.stoppedBy ?? 'limit'}); written on the next run.` };
      }
      return { companyId, status: 'recalculated', name: result.name, segment: result.segment, serviceFlag: result.serviceFlag, totalValue: result.totalValue, written: written.has(companyId) };
    });
    res.json({ results: outcomes });
  });

  return router;
}

/** The ids another tenant holds and this one does not: never read or written for this caller. */
async function foreignOf(deps: RecomputeDeps, tenant: TenantId, ids: readonly string[]): Promise<string[]> {
  const foreign: string[] = [];
  for (const id of ids) {
    const holders = await deps.store.tenantsWithCompany(id);
    if (holders.length > 0 && !holders.includes(tenant)) foreign.push(id);
  }
  return foreign;
}
