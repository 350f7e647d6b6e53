/** `GET /metrics`: Prometheus text exposition of the engine's registry. */
import { Router } from 'express';
import type { PrometheusMetrics } from './prometheus.ts';

export function metricsRoute(metrics: PrometheusMetrics): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
