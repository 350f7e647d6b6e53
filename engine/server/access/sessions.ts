/**
 * Browser sessions: a random secret in an httpOnly cookie (Secure under https, SameSite=Lax), and
 * server-side only its SHA-256 digest with the person's name, roles and a CSRF token. A stolen copy
 * of the store therefore opens no session. Sessions last eight hours; signing out ends one at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CookieOptions } from 'express';
import type { DeployStore, WebSession } from '../../deploy/deploy-store.ts';

export const SESSION_COOKIE = 'callflow_session';
export const SESSION_HOURS = 8;

export interface SessionOwner {
  name: string;
  oid: string;
  roles: string[];
}

function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Starts a session; the answer's `secret` goes into the cookie and nowhere else. */
export async function openSession(store: DeployStore, owner: SessionOwner, now = Date.now()): Promise<{ secret: string; session: WebSession }> {
  const secret = randomBytes(32).toString('base64url');
  const session: WebSession = { id: digest(secret), ...owner, csrf: randomBytes(24).toString('base64url'), expiresAt: now + SESSION_HOURS * 3_600_000 };
  await store.saveWebSession(session);
  return { secret, session };
}

export function findSession(store: DeployStore, secret: string, now = Date.now()): Promise<WebSession | undefined> {
  return store.webSession(digest(secret), now);
}

export function endSession(store: DeployStore, secret: string): Promise<void> {
  return store.dropWebSession(digest(secret));
}

/** The session cookie's attributes; `secure` when the browser reaches the engine over https. */
export function sessionCookie(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_HOURS * 3_600_000 };
}
