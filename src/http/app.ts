// createApp(deps) → the express app (no listen): health, the card API, and whatever
// routers the composition root adds (webhooks, dashboard).
import express, { type Router } from 'express';
import type { Logger } from '../app/ports/logger.port.ts';
import type { RecomputeDeps } from '../app/recompute.ts';
import { companiesRecalculateRoutes } from './companies-recalculate.route.ts';
import { companyRoutes, NO_CRM, type CardAuth, type CardCrm } from './company.routes.ts';
import { sendNotFoundPage, wantsPage } from './dashboard/not-found.ts';
import { errorHandler } from './errors.ts';

export interface AppDeps {
  recompute: RecomputeDeps;
  cardAuth: CardAuth;
  /** The tenants' CRM connections, for the card's recalculation and overrides (none in local mode). */
  crm?: CardCrm;
  log: Logger;
  /** Answers whether the store (and later the queue) can be reached. */
  ready: () => Promise<boolean>;
  /** Routers mounted before the JSON body parser (they read raw bodies, e.g. signed webhooks). */
  rawRouters?: Router[];
  routers?: Router[];
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const ok = await deps.ready().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready' });
  });

  for (const router of deps.rawRouters ?? []) app.use(router);
  // Keep the raw bytes too: signed requests (the HubSpot card) are verified on them.
  app.use(
    express.json({
      limit: '1mb',
      verify: (req, _res, buf) => {
        (req as typeof req & { rawBody?: Buffer }).rawBody = buf;
      },
    }),
  );
  app.use(companyRoutes(deps.recompute, deps.cardAuth, deps.crm ?? NO_CRM));
  app.use(companiesRecalculateRoutes(deps.recompute, deps.cardAuth, deps.crm ?? NO_CRM));
  for (const router of deps.routers ?? []) app.use(router);

  app.use((req, res) => {
    if (wantsPage(req)) return sendNotFoundPage(req, res);
    res.status(404).json({ error: { code: 'route.not_found', message: `No route for ${req.method} ${req.path}.` } });
  });
  app.use(errorHandler(deps.log));
  return app;
}
