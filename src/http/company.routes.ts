// The card API: read a company's results (with its open tasks when tasks are on), recalculate
// it, override its segment, create a contact-schedule task now. The HubSpot
// card calls it through hubspot.fetch; with a CRM connected, `auth` only lets signed requests
// through, each for the portal that signed it; in local mode it is the dashboard's access rule.
// A company of another tenant is answered as one that does not exist (the tenant's own store and
// CRM are all that is asked), so the answers tell nothing about other tenants' ids.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { companyCard } from '../app/company-card.ts';
import { AppError } from '../app/errors.ts';
import { overrideSegment, removeOverride } from '../app/overrides.ts';
import { createTaskNow, touchpointTasks, type TaskKeeping } from '../app/contact-tasks.ts';
import type { CrmSource, CrmWriter } from '../app/ports/crm.port.ts';
import type { TenantId } from '../app/ports/store.port.ts';
import type { RecomputeDeps } from '../app/recompute.ts';
import { refreshCompany, type TenantConnection } from '../app/refresh-companies.ts';
import { SEGMENTS } from '../domain/records.ts';

/** Who is asking, for which tenant: local mode answers 'local'; a CRM mode checks the signature. */
export type CardAuth = (req: Request) => Promise<{ tenant: TenantId; user: string }>;

/** The tenant's CRM: recalculation re-reads the company and writes back, overrides go there too. */
export interface CardCrm {
  sourceFor(tenant: TenantId): CrmSource | null;
  writerFor(tenant: TenantId): CrmWriter | null;
  /** The contact-schedule tasks; none when tasks are off. */
  tasksFor?(tenant: TenantId): TaskKeeping | null;
}

export const NO_CRM: CardCrm = { sourceFor: () => null, writerFor: () => null };

/** What a refresh of the tenant's companies reaches: its source, writer and tasks. */
export function connectionOf(crm: CardCrm, tenant: TenantId): TenantConnection {
  return { source: crm.sourceFor(tenant), writer: crm.writerFor(tenant), tasks: crm.tasksFor?.(tenant) ?? null };
}

// C0 controls but tab and line breaks, DEL and C1: a NUL breaks PostgreSQL, escapes the terminal.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const controlMessage = (text: string) => {
  const found = CONTROL.exec(text)?.[0] ?? '';
  return `contains the control character U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}; only text, tabs and line breaks are accepted`;
};
const text = () => z.string().superRefine((value, ctx) => void (CONTROL.test(value) && ctx.addIssue({ code: 'custom', message: controlMessage(value) })));

const overrideBody = z.strictObject({
  segment: z.enum(SEGMENTS),
  reason: text().trim().min(1, 'a reason is required').max(1000),
  expiresAt: z.iso.date().or(z.iso.datetime()).optional(),
  by: z.never({ error: 'not accepted: the override is recorded as made by the user who signed the request' }).optional(),
});

const taskBody = z.strictObject({ touchpoint: z.string().trim().min(1, 'the touchpoint key of the contact schedule is required').max(300) });

function invalid(issues: readonly z.core.$ZodIssue[]): AppError {
  return new AppError('request.invalid', issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
}

/** The :id of the path, refused when it holds a control character (it goes to the store and the CRM). */
function companyIdOf(req: Request<{ id: string }>): string {
  const id = req.params.id;
  if (CONTROL.test(id)) throw new AppError('request.invalid', `id: ${controlMessage(id)}`);
  return id;
}

export function companyRoutes(deps: RecomputeDeps, auth: CardAuth, crm: CardCrm = NO_CRM): Router {
  const router = Router();
  // With tasks on, each touchpoint of the contact schedule comes with its open task.
  const card = async (tenant: TenantId, id: string) => {
    const answer = await companyCard(deps.store, deps.config, tenant, id);
    return crm.tasksFor?.(tenant) ? { ...answer, tasks: await touchpointTasks(deps.store, tenant, answer.result) } : answer;
  };

  router.get('/api/companies/:id', async (req, res) => {
    const { tenant } = await auth(req);
    res.json(await card(tenant, companyIdOf(req)));
  });

  router.post('/api/companies/:id/recalculate', async (req, res) => {
    const { tenant } = await auth(req);
    const id = companyIdOf(req);
    // Fresh from the CRM (a company created a minute ago is computed too), then written back.
    await refreshCompany(deps, tenant, connectionOf(crm, tenant), id);
    res.json(await card(tenant, id));
  });

  // "Create task now": the task of one touchpoint, in the rep's CRM task list, whatever its due date.
  router.post('/api/companies/:id/tasks', async (req, res) => {
    const { tenant } = await auth(req);
    const id = companyIdOf(req);
    const parsed = taskBody.safeParse(req.body);
    if (!parsed.success) throw invalid(parsed.error.issues);
    const tasks = crm.tasksFor?.(tenant);
    if (!tasks) throw new AppError('tasks.disabled', 'Contact-schedule tasks are off: set tasks.enabled to true in the config.');
    await createTaskNow(deps, tasks, id, parsed.data.touchpoint);
    res.json(await card(tenant, id));
  });

  router.put('/api/companies/:id/override', async (req, res) => {
    const { tenant, user } = await auth(req);
    const id = companyIdOf(req);
    const parsed = overrideBody.safeParse(req.body);
    if (!parsed.success) throw invalid(parsed.error.issues);
    const { segment, reason, expiresAt } = parsed.data;
    await overrideSegment(
      deps,
      tenant,
      {
        companyId: id,
        segment,
        reason,
        by: user,
        expiresAt: expiresAt === undefined ? undefined : Date.parse(expiresAt.length === 10 ? `${expiresAt}T00:00:00Z` : expiresAt),
      },
      crm.writerFor(tenant),
    );
    res.json(await card(tenant, id));
  });

  router.delete('/api/companies/:id/override', async (req, res) => {
    const { tenant } = await auth(req);
    const id = companyIdOf(req);
    await removeOverride(deps, tenant, id, crm.writerFor(tenant));
    res.json(await card(tenant, id));
  });

  return router;
}
