/**
 * `GET /readyz`: readiness for load balancers and Kubernetes (readiness.ts), open to anyone like
 * `/healthz` because probes carry no token; 200 when every check passes, else 503 with the same body.
 * Without a calling engine nothing can be handled, and every check says so.
 */
import { Router } from 'express';
import type { CallEngine } from './call-engine.ts';
import type { ReadinessReport } from './readiness.ts';

const NO_ENGINE = { ok: false, detail: 'no calling engine runs in this process' };

export function readinessRoute(engine: CallEngine | undefined): Router {
  const router = Router();
  router.get('/readyz', async (_req, res) => {
    const report: ReadinessReport = engine
      ? await engine.readiness.report()
      : { ready: false, checks: { store: NO_ENGINE, flows: NO_ENGINE, graph: NO_ENGINE, draining: NO_ENGINE } };
    res
      .status(report.ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(report);
  });
  return router;
}
