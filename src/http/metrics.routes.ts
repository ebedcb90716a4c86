// GET /metrics: the Prometheus exposition of whatever the composition root measures. With
// METRICS_TOKEN set, a scraper sends it as a Bearer token; without it only this machine is
// answered (the dashboard's local rule: loopback address and Host), so the figures (tenants,
// queue depth) never reach the public side.
import { Router } from 'express';
import { fromThisMachine, sameSecret } from './dashboard/dashboard.access.ts';

export type RenderMetrics = () => Promise<{ contentType: string; body: string }>;

export function metricsRoutes(render: RenderMetrics, access: { token?: string | undefined } = {}): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    const { token } = access;
    if (token !== undefined) {
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (!sameSecret(given, token)) {
        res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: { code: 'auth.metrics_token', message: 'Send the METRICS_TOKEN as "Authorization: Bearer <token>".' } });
        return;
      }
    } else if (!fromThisMachine(req)) {
      res.status(403).json({ error: { code: 'auth.forbidden', message: 'Metrics are served to this machine only; set METRICS_TOKEN to let a scraper elsewhere in.' } });
      return;
    }
    const { contentType, body } = await render();
    res.set('Content-Type', contentType).set('Cache-Control', 'no-store').send(body);
  });
  return router;
}
