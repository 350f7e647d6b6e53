/**
 * Who sent a request. In order: the admin token (CI and scripts; timing-safe comparison, never
 * logged), or the one-time token printed at start when nothing else could let anyone in, makes an
 * Admin; a signed-in browser session (a server-side session named by an httpOnly
 * cookie) gives the person's roles; a truly local request (local-trust.ts) makes an Admin when no
 * token and no Entra sign-in are configured, so a fresh checkout works on this machine; anything
 * else is anonymous.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { DeployStore } from '../../deploy/deploy-store.ts';
import type { LocalTrust } from './local-trust.ts';
import { isRole, type Role } from '../../core/roles.ts';
import { SESSION_COOKIE, findSession } from './sessions.ts';
/** The header a signed-in page sends with every change: the session's CSRF token. */
export const CSRF_HEADER = 'x-callflow-csrf';

export interface AccessPolicy {
  /** CALLFLOW_ADMIN_TOKEN; when set, local trust no longer applies. */
  adminToken?: string;
  /** Printed at start when local trust is impossible and neither a token nor sign-in is configured. */
  oneTimeToken?: string;
  localTrust: LocalTrust;
  /** Where browser sessions live; absent: nobody can sign in. */
  sessions?: DeployStore;
  /** The operator configured sign-in (AZURE_* or CALLFLOW_SIGNIN_*): local trust no longer applies. */
  signInRequired?: boolean;
  /** People can sign in here (also against the emulator, where local trust still applies). */
  signInOffered?: boolean;
}

export type Identity =
  | { kind: 'token' | 'local'; name: string; roles: Role[] }
  | { kind: 'session'; name: string; roles: Role[]; csrf: string }
  | { kind: 'anonymous'; why: string; refusal: AnonymousRefusal };

/**
 * Why nobody is known, as the 401's error code: a wrong bearer token; a request from elsewhere to an
 * engine that has no way to let anyone in from elsewhere (only the operator can change that); or
 * one that signing in (and perhaps a token) or only a token would let in.
 */
export type AnonymousRefusal = 'unauthorized' | 'notTrusted' | 'signInRequired' | 'tokenRequired';

/** Timing-safe: how long a comparison takes says nothing about how much of a token was right. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export async function identify(policy: AccessPolicy, req: Request, now = Date.now()): Promise<Identity> {
  const authorization = req.get('authorization');
  // A bearer token is judged only when the engine has one to compare with; an engine started without
  // tokens ignores a stale one (an editor tab kept from before a restart) and identifies as below.
  if (authorization && (policy.adminToken || policy.oneTimeToken)) {
    if (policy.adminToken && sameSecret(authorization, `Bearer ${policy.adminToken}`)) return { kind: 'token', name: 'admin token', roles: ['Admin'] };
    if (policy.oneTimeToken && sameSecret(authorization, `Bearer ${policy.oneTimeToken}`)) return { kind: 'token', name: 'one-time token', roles: ['Admin'] };
    return { kind: 'anonymous', why: 'the bearer token is not the admin token', refusal: 'unauthorized' };
  }
  const secret = cookieOf(req, SESSION_COOKIE);
  if (secret && policy.sessions) {
    const session = await findSession(policy.sessions, secret, now);
    if (session) return { kind: 'session', name: session.name, roles: session.roles.filter(isRole), csrf: session.csrf };
  }
  const decision = policy.localTrust(req);
  const localTrustApplies = !policy.adminToken && !policy.oneTimeToken && !policy.signInRequired;
  if (localTrustApplies && decision.trusted) return { kind: 'local', name: 'this machine', roles: ['Admin'] };
  if (localTrustApplies && !decision.trusted)
    return {
      kind: 'anonymous',
      refusal: policy.signInOffered ? 'signInRequired' : 'notTrusted',
      why:
        `CALLFLOW_ADMIN_TOKEN is not set and this request is not trusted as coming from this machine: ${decision.why}. ` +
        `Set CALLFLOW_ADMIN_TOKEN (16 characters or more) on the engine and send Authorization: Bearer <token>${policy.signInOffered ? ', or sign in at /auth/signin' : ''}`,
    };
  const ways = [
    policy.signInOffered || policy.signInRequired ? 'signing in at /auth/signin' : '',
    policy.adminToken ? 'the admin token (Authorization: Bearer <CALLFLOW_ADMIN_TOKEN>)' : '',
    policy.oneTimeToken ? 'the one-time token the engine printed at start' : '',
  ].filter(Boolean);
  return {
    kind: 'anonymous',
    refusal: policy.signInOffered || policy.signInRequired ? 'signInRequired' : 'tokenRequired',
    why: `this needs ${ways.join(', or ')}${decision.trusted ? '' : ` (requests are not trusted as coming from this machine: ${decision.why})`}`,
  };
}
