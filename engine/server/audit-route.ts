/**
 * `GET /api/audit?limit&before&flow`: who created, edited, published, rolled back, renamed or placed a
 * call, newest first (Admin); `flow` keeps the entries about one flow (deploy-store.ts auditConcerns).
 */
import { Router } from 'express';
import type { DeployStore } from '../deploy/deploy-store.ts';
import type { Guard } from './access/guard.ts';

export function auditRoute(store: DeployStore, guard: Guard): Router {
  const router = Router();
  router.get('/api/audit', guard('Admin'), async (req, res) => {
    const limit = Math.min(500, Math.max(1, Number(req.query.limit) || 100));
    const before = req.query.before === undefined ? undefined : Number(req.query.before);
    const flow = typeof req.query.flow === 'string' && req.query.flow ? req.query.flow : undefined;
    res.json(
      await store.auditLog({
        limit,
        ...(before !== undefined && Number.isFinite(before) ? { before } : {}),
        ...(flow === undefined ? {} : { flow }),
      }),
    );
  });
  return router;
}
