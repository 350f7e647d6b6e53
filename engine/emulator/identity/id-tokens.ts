/**
 * v2.0 ID tokens, with the claims the "ID token claims reference" lists: `aud` (the app id), `iss`
 * (`https://<host>/<tenant>/v2.0`, the issuer of the tenant's OpenID configuration), `iat`, `nbf`,
 * `exp`, `aio`, `rh`, `uti`, `sid`, `tid`, `ver: 2.0`, the pairwise `sub`, `nonce` when the
 * authorization request had one, `roles` when the user holds app roles in the app (absent
 * otherwise), and — since "the profile scope is required to receive" them — `name`,
 * `preferred_username` and `oid` only with `profile`. The header has `typ`, `alg` and `kid` (`x5t`
 * is "emitted only in v1.0 ID tokens"). Signed RS256 with the key the tenant's JWKS publishes.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { EmulatorApp } from '../options.ts';
import type { SigningKey } from '../signing-key.ts';
import { hasScope } from './scopes.ts';
import { pairwiseSubject, rolesIn, type EmulatorUser } from './users.ts';

/** Lifetime of an ID token: one hour. */
export const ID_TOKEN_LIFETIME_SECONDS = 3600;

/** What an ID token says. */
export interface IdTokenRequest {
  app: EmulatorApp;
  user: EmulatorUser;
  /** The token issuer, `https://<host>/<tenant>/v2.0`. */
  issuer: string;
  scopes: string[];
  sessionId: string;
  nonce?: string;
}

/** The issuer of a tenant's v2.0 tokens as served at `origin` (`https://127.0.0.1:8443`). */
export function v2Issuer(origin: string, tenantId: string): string {
  return `${origin}/${tenantId}/v2.0`;
}

/** A signed ID token. */
export async function issueIdToken(key: SigningKey, t: IdTokenRequest, lifetimeSeconds = ID_TOKEN_LIFETIME_SECONDS): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const roles = rolesIn(t.user, t.app);
  const profile = hasScope(t.scopes, 'profile');
  return new SignJWT({
    aio: randomBytes(40).toString('base64url'),
    ...(profile ? { name: t.user.displayName, oid: t.user.id, preferred_username: t.user.userPrincipalName } : {}),
    ...(t.nonce !== undefined ? { nonce: t.nonce } : {}),
    rh: `1.${randomBytes(24).toString('base64url')}.`,
    ...(roles.length ? { roles } : {}),
    sid: t.sessionId,
    tid: t.app.tenantId,
    uti: randomBytes(16).toString('base64url'),
    ver: '2.0',
  })
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid })
    .setIssuer(t.issuer)
    .setAudience(t.app.appId)
    .setSubject(pairwiseSubject(t.user, t.app.tenantId, t.app.appId))
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(key.privateKey);
}
