/**
 * Access tokens, shaped like the v1 tokens Entra ID issues for Microsoft Graph (`iss`
 * https://sts.windows.net/{tid}/, `aud` the resource, `appid`, `tid`), signed RS256 with the
 * emulator's token-signing key: app-only tokens carry the app's `roles`; delegated tokens, issued
 * when a user signs in, carry the user (`oid`, `upn`, `name`, `idtyp: user`) and the delegated
 * permissions in `scp` (access token claims reference). The Graph routes accept only tokens that
 * verify here.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, errors, jwtVerify, type JWTPayload } from 'jose';
import type { EmulatorApp } from '../options.ts';
import type { SigningKey } from '../signing-key.ts';
import { pairwiseSubject, type EmulatorUser } from './users.ts';

/** Audiences Graph accepts: its URL and its well-known application id. */
export const GRAPH_AUDIENCES = ['https://graph.microsoft.com', 'https://graph.microsoft.com/', '00000003-0000-0000-c000-000000000000'];

/** Audiences Key Vault accepts: its resource URI and its well-known application id (the vault stand-in, keyvault/router.ts). */
export const KEY_VAULT_AUDIENCES = ['https://vault.azure.net', 'https://vault.azure.net/', 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093'];

/** Why a presented token was refused; the Graph auth middleware turns it into a 401 message. */
export class TokenProblem extends Error {
  constructor(readonly reason: 'missing' | 'malformed' | 'signature' | 'expired' | 'audience' | 'issuer' | 'unknownApp') {
    super(reason);
  }
}

/** The claims the emulator relies on. */
export interface AccessTokenClaims extends JWTPayload {
  appid: string;
  tid: string;
  /** Application permissions (app-only tokens) or the user's app roles in the resource. */
  roles?: string[];
  /** Delegated permissions: present only in tokens issued to a signed-in user. */
  scp?: string;
  idtyp?: 'app' | 'user';
}

/** A token for a signed-in user. */
export interface DelegatedToken {
  app: EmulatorApp;
  user: EmulatorUser;
  resource: string;
  permissions: string[];
  /** The user's app roles in the resource (only when the resource is the app itself). */
  roles: string[];
  sessionId: string;
}

/** Issues and verifies access tokens. */
export class AccessTokens {
  constructor(
    private readonly key: SigningKey,
    private readonly lifetimeSeconds: number,
  ) {}

  /** A signed token for `app` and `resource` (e.g. https://graph.microsoft.com). */
  async issue(app: EmulatorApp, resource: string, lifetimeSeconds = this.lifetimeSeconds): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const issuer = `https://sts.windows.net/${app.tenantId}/`;
    return new SignJWT({
      appid: app.appId,
      appidacr: '1',
      app_displayname: app.displayName,
      idp: issuer,
      oid: app.appId,
      roles: app.roles,
      tid: app.tenantId,
      ver: '1.0',
      uti: randomUUID(),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.key.kid, x5t: this.key.kid })
      .setIssuer(issuer)
      .setAudience(resource)
      .setSubject(app.appId)
      .setIssuedAt(now)
      .setNotBefore(now - 300)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(this.key.privateKey);
  }

  /** A signed token that lets `app` act for a signed-in user on `resource`. */
  async issueDelegated(t: DelegatedToken, lifetimeSeconds = this.lifetimeSeconds): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const issuer = `https://sts.windows.net/${t.app.tenantId}/`;
    return new SignJWT({
      acct: 0,
      acr: '1',
      aio: randomBytes(40).toString('base64url'),
      amr: ['pwd'],
      app_displayname: t.app.displayName,
      appid: t.app.appId,
      appidacr: '1',
      idtyp: 'user',
      name: t.user.displayName,
      oid: t.user.id,
      rh: `1.${randomBytes(24).toString('base64url')}.`,
      ...(t.roles.length ? { roles: t.roles } : {}),
      scp: t.permissions.join(' '),
      sid: t.sessionId,
      tid: t.app.tenantId,
      unique_name: t.user.userPrincipalName,
      upn: t.user.userPrincipalName,
      uti: randomBytes(16).toString('base64url'),
      ver: '1.0',
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.key.kid, x5t: this.key.kid })
      .setIssuer(issuer)
      .setAudience(t.resource)
      .setSubject(pairwiseSubject(t.user, t.app.tenantId, t.resource))
      .setIssuedAt(now)
      .setNotBefore(now - 300)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(this.key.privateKey);
  }

  /** The token's claims, or a TokenProblem saying why the resource (Graph unless `audiences` says otherwise) would refuse it. */
  async verify(token: string, audiences: readonly string[] = GRAPH_AUDIENCES): Promise<AccessTokenClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key.publicKey, { algorithms: ['RS256'] }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new TokenProblem('expired');
      if (error instanceof errors.JWSSignatureVerificationFailed) throw new TokenProblem('signature');
      throw new TokenProblem('malformed');
    }
    const presented = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!presented.some((aud) => aud !== undefined && audiences.includes(aud))) throw new TokenProblem('audience');
    const claims = payload as AccessTokenClaims;
    if (typeof claims.tid !== 'string' || payload.iss !== `https://sts.windows.net/${claims.tid}/`) throw new TokenProblem('issuer');
    return claims;
  }
}
