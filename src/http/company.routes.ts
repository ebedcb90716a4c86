// The card API: read a company's results, recalculate it, override its segment. The HubSpot
// card calls it through hubspot.fetch; with a CRM connected, `auth` only lets signed requests
// through, each for the portal that signed it.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { companyCard } from '../app/company-card.ts';
import { AppError, isAppError } from '../app/errors.ts';
import { overrideSegment, removeOverride } from '../app/overrides.ts';
import type { CrmSource, CrmWriter } from '../app/ports/crm.port.ts';
import type { TenantId } from '../app/ports/store.port.ts';
import type { RecomputeDeps } from '../app/recompute.ts';
import { refreshCompany } from '../app/refresh-companies.ts';
import { SEGMENTS } from '../domain/records.ts';

/** Who is asking, for which tenant: local mode answers 'local'; a CRM mode checks the signature. */
export type CardAuth = (req: Request) => Promise<{ tenant: TenantId; user: string }>;

/** The tenant's CRM: recalculation re-reads the company and writes back, overrides go there too. */
export interface CardCrm {
  sourceFor(tenant: TenantId): CrmSource | null;
  writerFor(tenant: TenantId): CrmWriter | null;
}

export const NO_CRM: CardCrm = { sourceFor: () => null, writerFor: () => null };

const overrideBody = z.strictObject({
  segment: z.enum(SEGMENTS),
  reason: z.string().trim().min(1, 'a reason is required').max(1000),
  expiresAt: z.iso.date().or(z.iso.datetime()).optional(),
  by: z.string().max(200).optional(),
});

export function companyRoutes(deps: RecomputeDeps, auth: CardAuth, crm: CardCrm = NO_CRM): Router {
  const router = Router();

  /** 403 when the company is another tenant's and not also this one's. */
  const refuseForeign = async (tenant: TenantId, companyId: string): Promise<void> => {
    const holders = await deps.store.tenantsWithCompany(companyId);
    if (holders.length > 0 && !holders.includes(tenant)) {
      throw new AppError('auth.forbidden', `Company ${companyId} does not belong to this account: the request was signed for ${tenant}.`);
    }
  };
  /** The caller, once it is clear the company is not another tenant's: checked before anything changes or the CRM is asked. */
  const tenantFor = async (req: Request<{ id: string }>): Promise<{ tenant: TenantId; user: string }> => {
    const who = await auth(req);
    await refuseForeign(who.tenant, req.params.id);
    return who;
  };
  const card = (tenant: TenantId, id: string) => companyCard(deps.store, deps.config, tenant, id);

  router.get('/api/companies/:id', async (req, res) => {
    // The read is the hot path: another tenant is looked for only when this one has no such company.
    const { tenant } = await auth(req);
    try {
      res.json(await card(tenant, req.params.id));
    } catch (error) {
      if (isAppError(error) && error.code === 'company.not_found') await refuseForeign(tenant, req.params.id);
      throw error;
    }
  });

  router.post('/api/companies/:id/recalculate', async (req, res) => {
    const { tenant } = await tenantFor(req);
    // Fresh from the CRM (a company created a minute ago is computed too), then written back.
    await refreshCompany(deps, tenant, { source: crm.sourceFor(tenant), writer: crm.writerFor(tenant) }, req.params.id);
    res.json(await card(tenant, req.params.id));
  });

  router.put('/api/companies/:id/override', async (req, res) => {
    const { tenant, user } = await tenantFor(req);
    const parsed = overrideBody.safeParse(req.body);
    if (!parsed.success) {
      throw new AppError('request.invalid', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    }
    const { segment, reason, expiresAt, by } = parsed.data;
    await overrideSegment(
      deps,
      tenant,
      {
        companyId: req.params.id,
        segment,
        reason,
        by: by ?? user,
        expiresAt: expiresAt === undefined ? undefined : Date.parse(expiresAt.length === 10 ? `${expiresAt}T00:00:00Z` : expiresAt),
      },
      crm.writerFor(tenant),
    );
    res.json(await card(tenant, req.params.id));
  });

  router.delete('/api/companies/:id/override', async (req, res) => {
    const { tenant } = await tenantFor(req);
    await removeOverride(deps, tenant, req.params.id, crm.writerFor(tenant));
    res.json(await card(tenant, req.params.id));
  });

  return router;
}
