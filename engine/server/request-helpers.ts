/** What the editing routes share: error answers, If-Match versions, and who made a change. */
import type { Request, Response } from 'express';
import type { DeployStore } from '../deploy/deploy-store.ts';
import { identityOf } from './access/require-role.ts';

export function fail(res: Response, status: number, code: string, message: string, extra: object = {}): void {
  res.status(status).json({ error: { code, message }, ...extra });
}

/** The If-Match header without quotes or weak marker. */
export function expectedVersion(req: Request): string | undefined {
  return req.get('if-match')?.replace(/^W\//, '').replace(/"/g, '').trim() || undefined;
}

/**
 * Who made a change: the signed-in person; for the admin token or this machine, the name the
 * request gives (`author` in the body: a CI job names itself), else how it came in.
 */
export function authorOf(req: Request, res: Response): string {
  const identity = identityOf(res);
  if (identity?.kind === 'session') return identity.name;
  const given = (req.body as { author?: unknown } | undefined)?.author;
  return typeof given === 'string' && given.trim() ? given.trim().slice(0, 200) : (identity?.name ?? 'editor');
}

/** Records a change in the audit log, with who made it. */
export async function audited(
  store: DeployStore,
  req: Request,
  res: Response,
  action: string,
  target: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  await store.audit({ at: Date.now(), who: authorOf(req, res), action, target, ...(detail ? { detail } : {}) });
}
