// The managers' dashboard: pages at /, /customers and /companies/:id, their JSON under
// /dashboard/api, and the local assets (chart.js included, so it works offline). Figures
// come from portfolioOverview() and companyCard(); nothing is recomputed here.
import type { ShardCount } from '../../app/sharded-run.ts';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router, type ErrorRequestHandler, type Request } from 'express';
import { companyCard } from '../../app/company-card.ts';
import { AppError, isAppError } from '../../app/errors.ts';
import type { RunRecord, Store, TenantId } from '../../app/ports/store.port.ts';
import type { RecomputeDeps } from '../../app/recompute.ts';
import type { ValueModelConfig } from '../../domain/model-config.ts';
import type { Instant } from '../../domain/records.ts';
import { isMalformedUrl, publicMessage, statusOf } from '../errors.ts';
import { customerPage, parseCustomerQuery } from './customer-list.ts';
import type { AccessGate } from './dashboard.access.ts';
import { pageLanguage, rememberLanguage } from './language.ts';
import { snapshotLoader } from './portfolio-snapshot.ts';
import { sendPage } from './send-page.ts';
import { companyPage } from './views/company.view.ts';
import { customersPage } from './views/customers.view.ts';
import { errorPage, type PageFrame } from './views/layout.ts';
import { wordsFor } from './views/messages.ts';
import { overviewPage } from './views/overview.view.ts';

export { accessGate, type AccessGate, type DashboardAccess } from './dashboard.access.ts';

export interface DashboardDeps {
  store: Store;
  recompute: RecomputeDeps;
  config: ValueModelConfig;
  tenants: () => Promise<TenantId[]>;
  /** Starts (or queues) a full run; the dashboard shows its progress through the store's runs. */
  startFullRun: (tenant: TenantId) => Promise<void>;
  /** Who may look (accessGate): the same gate guards the card API in local mode. */
  gate: AccessGate;
  /** The newest sharded full run's shards (PostgreSQL with scale.sharded); absent: runs are not sharded. */
  shards?: (tenant: TenantId) => Promise<ShardCount[] | null>;
}

/** The last recalculation the dashboard started for a tenant (in this process). */
export interface Recalculation {
  tenant: TenantId;
  state: 'running' | 'succeeded' | 'failed';
  requestedAt: Instant;
  finishedAt: Instant | null;
  error: { code: string; message: string } | null;
}

const RECENT_RUNS = 10;

const IN_THE_LOG = 'Failed on the server; the error is in the server log.';

/**
 * A failed run records String(error): an AppError's message is written for people, anything else
 * (a database error with its SQL, table names, a connection string) is kept for the log.
 */
function shownRun(run: RunRecord): RunRecord {
  if (run.error === null) return run;
  return { ...run, error: run.error.startsWith('AppError: ') ? run.error.slice('AppError: '.length) : IN_THE_LOG };
}
const here = dirname(fileURLToPath(import.meta.url));
const ASSETS = new Map<string, { path: string; maxAge: string }>([
  ['dashboard.js', { path: join(here, 'assets/dashboard.js'), maxAge: '0' }],
  ['dashboard.css', { path: join(here, 'assets/dashboard.css'), maxAge: '0' }],
  ['chart.umd.min.js', { path: join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'), maxAge: '1d' }],
]);

export function dashboardRoutes(deps: DashboardDeps): Router {
  const router = Router();
  const guard = deps.gate;
  const snapshot = snapshotLoader(deps.store, deps.config);
  const recalculations = new Map<TenantId, Recalculation>();

  async function tenantOf(req: Request): Promise<{ tenant: TenantId; tenants: TenantId[] }> {
    const tenants = await deps.tenants();
    const asked = typeof req.query.tenant === 'string' && req.query.tenant !== '' ? req.query.tenant : undefined;
    if (asked !== undefined && !tenants.includes(asked)) throw new AppError('request.unknown_tenant', `There is no tenant "${asked}".`);
    const tenant = asked ?? tenants[0];
    if (tenant === undefined) throw new AppError('request.no_tenant', 'There is no tenant yet: import or sync a portfolio first.');
    return { tenant, tenants };
  }

  async function frameOf(req: Request, title: string, section: PageFrame['section']): Promise<PageFrame> {
    const { tenant, tenants } = await tenantOf(req);
    const language = { language: pageLanguage(req), here: req.originalUrl };
    return { title, tenant, tenants, section, signedIn: deps.gate.mode === 'token', ...language };
  }

  function recalculate(tenant: TenantId): Recalculation {
    const current = recalculations.get(tenant);
    if (current?.state === 'running') return current;
    const recalculation: Recalculation = { tenant, state: 'running', requestedAt: deps.recompute.now(), finishedAt: null, error: null };
    recalculations.set(tenant, recalculation);
    Promise.resolve()
      .then(() => deps.startFullRun(tenant))
      .then(
        () => Object.assign(recalculation, { state: 'succeeded', finishedAt: deps.recompute.now() }),
        (error: unknown) => {
          deps.recompute.log.error({ tenant, err: error }, 'dashboard recalculation failed');
          Object.assign(recalculation, {
            state: 'failed',
            finishedAt: deps.recompute.now(),
            error: isAppError(error) ? { code: error.code, message: publicMessage(statusOf(error.code), error.message) } : { code: 'internal', message: IN_THE_LOG },
          });
        },
      );
    return recalculation;
  }

  // Before any page: a language chosen with ?lang= is remembered from here on.
  router.use(rememberLanguage);

  router.get('/dashboard/assets/:file', (req, res, next) => {
    const asset = ASSETS.get(String(req.params.file));
    if (!asset) return next();
    res.sendFile(asset.path, { maxAge: asset.maxAge, headers: { 'X-Content-Type-Options': 'nosniff' } });
  });

  guard.loginRoutes(router);

  router.get('/dashboard/api/tenants', guard.api, async (_req, res) => {
    res.json({ tenants: await deps.tenants() });
  });

  router.get('/dashboard/api/overview', guard.api, async (req, res) => {
    const { tenant } = await tenantOf(req);
    res.json((await snapshot(tenant)).overview);
  });

  router.get('/dashboard/api/customers', guard.api, async (req, res) => {
    const { tenant } = await tenantOf(req);
    const query = parseCustomerQuery(req.query);
    const { rows, owners, ownerNames } = await snapshot(tenant);
    res.json({ ...customerPage(rows, query), owners, ownerNames });
  });

  router.get('/dashboard/api/companies/:id', guard.api, async (req, res) => {
    const { tenant } = await tenantOf(req);
    res.json(await companyCard(deps.store, deps.config, tenant, String(req.params.id)));
  });

  router.get('/dashboard/api/runs', guard.api, async (req, res) => {
    const { tenant } = await tenantOf(req);
    const [runs, lastFullRun, shards] = await Promise.all([deps.store.listRuns(tenant, RECENT_RUNS), deps.store.lastRun(tenant, 'full', 'succeeded'), deps.shards?.(tenant) ?? null]);
    res.json({ runs: runs.map(shownRun), lastFullRun: lastFullRun && shownRun(lastFullRun), recalculation: recalculations.get(tenant) ?? null, shards });
  });

  router.post('/dashboard/api/recalculate', guard.api, async (req, res) => {
    const { tenant } = await tenantOf(req);
    res.status(202).json({ recalculation: recalculate(tenant) });
  });

  router.get('/', guard.page, async (req, res) => {
    const frame = await frameOf(req, 'Overview', 'overview');
    const [{ overview, names }, runs, shards] = await Promise.all([snapshot(frame.tenant), deps.store.listRuns(frame.tenant, RECENT_RUNS), deps.shards?.(frame.tenant) ?? null]);
    sendPage(res, overviewPage({ frame, overview, names, runs: runs.map(shownRun), shards, windowMonths: deps.config.window.months }));
  });

  router.get('/customers', guard.page, async (req, res) => {
    const frame = await frameOf(req, 'Customers', 'customers');
    const query = parseCustomerQuery(req.query);
    const { rows, owners, ownerNames } = await snapshot(frame.tenant);
    sendPage(res, customersPage({ frame, query, list: customerPage(rows, query), owners, ownerNames }));
  });

  router.get('/companies/:id', guard.page, async (req, res) => {
    const frame = await frameOf(req, 'Company', 'company');
    const id = String(req.params.id);
    const card = await companyCard(deps.store, deps.config, frame.tenant, id).catch((error: unknown) => {
      if (isAppError(error) && error.code === 'company.not_found') return null;
      throw error;
    });
    if (!card) return sendPage(res, errorPage(404, wordsFor(frame.language).t.error.companyNotFound(id), frame.language, frame.here), 404);
    sendPage(res, companyPage({ frame: { ...frame, title: card.result.name }, card, potentialWeight: deps.config.weights.potential }));
  });

  // Pages answer in HTML; the API's errors go on to the app's JSON error handler.
  const pageErrors: ErrorRequestHandler = (error, req, res, next) => {
    if (req.path.startsWith('/dashboard/api/') || res.headersSent) return next(error);
    const language = pageLanguage(req);
    const { t } = wordsFor(language);
    // A malformed address cannot be offered again in another language, so that page has no switch.
    if (isMalformedUrl(error)) return sendPage(res, errorPage(400, t.error.malformedUrl, language), 400);
    // Our own refusals and the CRM's answers are written for people; a fault (500) is only logged.
    if (isAppError(error) && statusOf(error.code) !== 500) return sendPage(res, errorPage(statusOf(error.code), error.message, language, req.originalUrl), statusOf(error.code));
    deps.recompute.log.error({ err: error, path: req.path }, 'dashboard page failed');
    sendPage(res, errorPage(500, t.error.failed, language), 500);
  };
  router.use(pageErrors);

  return router;
}
