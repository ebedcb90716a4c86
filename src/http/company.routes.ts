// The card API: read a company's results, recalculate it, override its segment.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { companyCard } from '../app/company-card.ts';
import { AppError } from '../app/errors.ts';
import { overrideSegment, removeOverride } from '../app/overrides.ts';
import type { TenantId } from '../app/ports/store.port.ts';
import { recomputeCompanies, type RecomputeDeps } from '../app/recompute.ts';
import { SEGMENTS } from '../domain/records.ts';

/** Who is asking, for which tenant: local mode answers 'local'; a CRM mode checks the signature. */
export type CardAuth = (req: Request) => Promise<{ tenant: TenantId; user: string }>;

const overrideBody = z.object({
  segment: z.enum(SEGMENTS),
  reason: z.string().trim().min(1, 'a reason is required').max(1000),
  expiresAt: z.iso.date().or(z.iso.datetime()).optional(),
  by: z.string().max(200).optional(),
});

export function companyRoutes(deps: RecomputeDeps, auth: CardAuth): Router {
  const router = Router();

  router.get('/api/companies/:id', async (req, res) => {
    const { tenant } = await auth(req);
    res.json(await companyCard(deps.store, tenant, req.params.id));
  });

  router.post('/api/companies/:id/recalculate', async (req, res) => {
    const { tenant } = await auth(req);
    const outcome = await recomputeCompanies(deps, tenant, [req.params.id]);
    if (outcome.results.length === 0) throw new AppError('company.not_found', `Company ${req.params.id} is not known.`);
    res.json(await companyCard(deps.store, tenant, req.params.id));
  });

  router.put('/api/companies/:id/override', async (req, res) => {
    const { tenant, user } = await auth(req);
    const parsed = overrideBody.safeParse(req.body);
    if (!parsed.success) {
      throw new AppError('request.invalid', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    }
    const { segment, reason, expiresAt, by } = parsed.data;
    await overrideSegment(deps, tenant, {
      companyId: req.params.id,
      segment,
      reason,
      by: by ?? user,
      expiresAt: expiresAt === undefined ? undefined : Date.parse(expiresAt.length === 10 ? `${expiresAt}T00:00:00Z` : expiresAt),
    });
    res.json(await companyCard(deps.store, tenant, req.params.id));
  });

  router.delete('/api/companies/:id/override', async (req, res) => {
    const { tenant } = await auth(req);
    await removeOverride(deps, tenant, req.params.id);
    res.json(await companyCard(deps.store, tenant, req.params.id));
  });

  return router;
}
