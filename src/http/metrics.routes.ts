// GET /metrics: the Prometheus exposition of whatever the composition root measures.
import { Router } from 'express';

export type RenderMetrics = () => Promise<{ contentType: string; body: string }>;

export function metricsRoutes(render: RenderMetrics): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const { contentType, body } = await render();
    res.set('Content-Type', contentType).set('Cache-Control', 'no-store').send(body);
  });
  return router;
}
