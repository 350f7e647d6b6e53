/**
 * The sign-in routes (README, "Signing in"):
 * - `GET /auth/me`: who this browser is (name, roles, how it came in), its CSRF token when signed
 *   in, and whether sign-in is offered. Public: it tells a stranger only that they are nobody.
 * - `GET /auth/signin?returnTo=/path`: off to Entra ID (authorization code flow with PKCE).
 * - `GET /auth/callback`: back from Entra; opens a session and returns to where the person was.
 * - `POST /auth/signout`: ends the session (with the session's CSRF header).
 * - `GET /auth/token?token=…`: trades the one-time token printed at start for a session (as Jupyter does).
 * Sign-ins, sign-outs and refused sign-ins are in the audit log.
 */
import { Router, type Request, type Response } from 'express';
import type { DeployStore } from '../../../deploy/deploy-store.ts';
import { CSRF_HEADER, cookieOf, identify, sameSecret, type AccessPolicy } from '../identity.ts';
import { ROLES, grants } from '../../../core/roles.ts';
import { SESSION_COOKIE, endSession, openSession, sessionCookie, type SessionOwner } from '../sessions.ts';
import { SignInError, type EntraSignIn, type PendingSignIn } from './entra-sign-in.ts';

const PENDING_COOKIE = 'callflow_signin';
const PENDING_MS = 10 * 60_000;

export interface AuthRouterOptions {
  policy: AccessPolicy;
  store: DeployStore;
  /** Absent: nobody can sign in (only the admin token, the one-time token or local trust). */
  signIn?: EntraSignIn;
  /** Cookies carry Secure: the browser reaches the engine over https. */
  secureCookies: boolean;
}

/** A path on this site to return to after signing in; anything else (another site, `//host`) returns home. */
export function localReturn(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 2000 ? value : '/';
}

function readPending(req: Request): PendingSignIn | undefined {
  const raw = cookieOf(req, PENDING_COOKIE);
  if (!raw) return undefined;
  try {
    const pending = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PendingSignIn;
    return typeof pending.state === 'string' && typeof pending.verifier === 'string' && typeof pending.nonce === 'string' ? pending : undefined;
  } catch {
    return undefined;
  }
}

export function authRouter({ policy, store, signIn, secureCookies }: AuthRouterOptions): Router {
  const router = Router();
  const startSession = async (res: Response, owner: SessionOwner) => {
    const { secret } = await openSession(store, owner);
    res.cookie(SESSION_COOKIE, secret, sessionCookie(secureCookies));
  };

  router.get('/auth/me', async (req, res) => {
    const identity = await identify(policy, req);
    res.set('Cache-Control', 'no-store').json({
      signedIn: identity.kind !== 'anonymous',
      // `may`: every role the person's roles grant, so the editor need not know how roles imply each other.
      ...(identity.kind === 'anonymous'
        ? { why: identity.why }
        : { name: identity.name, roles: identity.roles, may: ROLES.filter((role) => grants(identity.roles, role)), via: identity.kind }),
      ...(identity.kind === 'session' ? { csrf: identity.csrf } : {}),
      signIn: signIn ? '/auth/signin' : null,
    });
  });

  router.get('/auth/signin', async (req, res, next) => {
    if (!signIn)
      return void res.status(404).json({ error: { code: 'signInNotConfigured', message: 'sign-in is not configured on this engine (README, "Signing in")' } });
    try {
      const { url, pending } = await signIn.begin(localReturn(req.query.returnTo));
      res.cookie(PENDING_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        path: '/auth',
        maxAge: PENDING_MS,
      });
      res.redirect(302, url);
    } catch (error) {
      next(error);
    }
  });

  router.get('/auth/callback', async (req, res, next) => {
    if (!signIn) return void res.status(404).json({ error: { code: 'signInNotConfigured', message: 'sign-in is not configured on this engine' } });
    const pending = readPending(req);
    res.clearCookie(PENDING_COOKIE, { path: '/auth' });
    try {
      const person = await signIn.finish(req.query, pending);
      await startSession(res, person);
      await store.audit({ at: Date.now(), who: person.name, action: 'user.signin', target: person.oid, detail: { roles: person.roles } });
      res.redirect(302, localReturn(pending?.returnTo));
    } catch (error) {
      if (!(error instanceof SignInError)) return next(error);
      await store.audit({ at: Date.now(), who: 'unknown', action: 'user.signinRefused', target: error.code, detail: { reason: error.message } });
      res.redirect(302, `/?signInError=${encodeURIComponent(error.message)}`);
    }
  });

  router.post('/auth/signout', async (req, res) => {
    const identity = await identify(policy, req);
    if (identity.kind === 'session' && req.get(CSRF_HEADER) !== identity.csrf)
      return void res.status(403).json({ error: { code: 'csrf', message: `signing out from a page must carry the ${CSRF_HEADER} header of its session` } });
    const secret = cookieOf(req, SESSION_COOKIE);
    if (secret) await endSession(store, secret);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    if (identity.kind === 'session') await store.audit({ at: Date.now(), who: identity.name, action: 'user.signout', target: identity.name });
    res.json({
      signedOut: true,
      logoutUrl: signIn && identity.kind === 'session' ? signIn.logoutUrl(signIn.settings.redirectUri.replace(/\/auth\/callback$/, '/')) : null,
    });
  });

  router.get('/auth/token', async (req, res) => {
    const given = typeof req.query.token === 'string' ? req.query.token : '';
    if (!policy.oneTimeToken || !sameSecret(given, policy.oneTimeToken))
      return void res.status(401).json({ error: { code: 'unauthorized', message: 'that is not the token the engine printed at start' } });
    await startSession(res, { name: 'one-time token', oid: 'one-time-token', roles: ['Admin'] });
    await store.audit({ at: Date.now(), who: 'one-time token', action: 'user.signin', target: 'one-time-token' });
    res.redirect(302, '/');
  });

  return router;
}
