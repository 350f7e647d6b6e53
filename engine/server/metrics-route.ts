/** `GET /metrics`: Prometheus text exposition of the engine's registry (Calls.Operate: a scraper sends the admin token). */
import { Router } from 'express';
import type { Guard } from './access/guard.ts';
import type { PrometheusMetrics } from './prometheus.ts';

export function metricsRoute(metrics: PrometheusMetrics, guard: Guard): Router {
  const router = Router();
  router.get('/metrics', guard('Calls.Operate'), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
