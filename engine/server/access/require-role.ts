/**
 * The guard every route states its role with (README, "Who may do what"). It runs before any body
 * is parsed: a request that may not do something never gets its body read. 401 for nobody known
 * 403 for somebody without the role (naming it), and 403 for a page of another site or a signed-in
 * change without the session's CSRF token.
 */
import type { Request, RequestHandler, Response } from 'express';
import { CSRF_HEADER, identify, type AccessPolicy, type Identity } from './identity.ts';
import { grants, type Role } from '../../core/roles.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function foreignOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.get('host');
  } catch {
    return true;
  }
}

/** The identity a guard found for this request (set for every guarded route). */
export function identityOf(res: Response): Extract<Identity, { roles: unknown }> | undefined {
  return res.locals.identity as Extract<Identity, { roles: unknown }> | undefined;
}

export function requireRole(policy: AccessPolicy, role: Role): RequestHandler {
  return (req, res, next) => {
    const refuse = (status: number, code: string, message: string) => void res.status(status).json({ error: { code, message, role } });
    if (foreignOrigin(req)) return refuse(403, 'forbidden', `requests from ${req.get('origin')} may not use the editing and call APIs`);
    identify(policy, req)
      .then((identity) => {
        if (identity.kind === 'anonymous') {
          res.set('WWW-Authenticate', 'Bearer realm="callflow"');
          return refuse(401, identity.refusal, identity.why);
        }
        if (identity.kind === 'session' && !SAFE_METHODS.has(req.method) && req.get(CSRF_HEADER) !== identity.csrf)
          return refuse(403, 'csrf', `a change from a signed-in page must carry the ${CSRF_HEADER} header of its session`);
        if (!grants(identity.roles, role)) return refuse(403, 'roleRequired', `${identity.name} may not do this: it needs the ${role} role`);
        res.locals.identity = identity;
        next();
      })
      .catch(next);
  };
}
