/**
 * The token endpoint's user grants ("OAuth 2.0 authorization code flow", redeem a code and refresh
 * the access token): `authorization_code` redeems a code of auth-codes.ts, `refresh_token` a token of
 * refresh-tokens.ts. Both answer `token_type`, `scope`, `expires_in`, `ext_expires_in`, a delegated
 * `access_token` for the one resource of the scopes, an `id_token` when `openid` was requested, a
 * `refresh_token` when `offline_access` was, and `client_info` (base64url `{uid, utid}`) when the
 * request asks with `client_info=1`, as msal does to build the account's home account id. The
 * client has already authenticated (client_id and secret) when these run.
 */
import type { EmulatorApp } from '../options.ts';
import type { SigningKey } from '../signing-key.ts';
import { aadErrors, isAadError, type AadError } from './aad-errors.ts';
import type { AccessTokens } from './access-tokens.ts';
import type { AuthCodes } from './auth-codes.ts';
import { issueIdToken, v2Issuer } from './id-tokens.ts';
import type { RefreshTokens } from './refresh-tokens.ts';
import { hasScope, parseScopes, resourceGrant } from './scopes.ts';
import { clientInfo, rolesIn, type EmulatorUser } from './users.ts';

/** What the user grants need. */
export interface UserGrantDependencies {
  tokens: AccessTokens;
  signingKey: SigningKey;
  codes: AuthCodes;
  refreshTokens: RefreshTokens;
  lifetimeSeconds: number;
}

/** A token request's form. */
export type TokenForm = Record<string, string | undefined>;

/** A successful token response body. */
export type TokenResponse = Record<string, unknown>;

interface UserSession {
  app: EmulatorApp;
  user: EmulatorUser;
  sessionId: string;
  /** The scopes of the sign-in. */
  consented: string[];
  nonce?: string;
}

/** The tokens of a user session for the scopes the request asks (or those of the sign-in). */
async function userTokens(deps: UserGrantDependencies, s: UserSession, form: TokenForm, origin: string): Promise<TokenResponse | AadError> {
  const requested = parseScopes(form.scope);
  const scopes = requested.length ? requested : s.consented;
  const grant = resourceGrant(scopes);
  if (!grant) return aadErrors.multipleResources(scopes.join(' '));
  const all = [...s.consented, ...requested];
  const ownApi = [`api://${s.app.appId}`, s.app.appId].map((r) => r.toLowerCase()).includes(grant.resource.toLowerCase());
  const accessToken = await deps.tokens.issueDelegated({
    app: s.app,
    user: s.user,
    resource: grant.resource,
    permissions: grant.permissions,
    roles: ownApi ? rolesIn(s.user, s.app) : [],
    sessionId: s.sessionId,
  });
  const oidc = ['profile', 'openid', 'email'].filter((name) => hasScope(all, name));
  const body: TokenResponse = {
    token_type: 'Bearer',
    scope: [...grant.scopeNames, ...oidc].join(' '),
    expires_in: deps.lifetimeSeconds,
    ext_expires_in: deps.lifetimeSeconds,
    access_token: accessToken,
  };
  if (hasScope(all, 'offline_access')) body.refresh_token = deps.refreshTokens.issue({ app: s.app, user: s.user, scopes: s.consented, sessionId: s.sessionId });
  if (hasScope(all, 'openid'))
    body.id_token = await issueIdToken(deps.signingKey, {
      app: s.app,
      user: s.user,
      issuer: v2Issuer(origin, s.app.tenantId),
      scopes: all,
      sessionId: s.sessionId,
      nonce: s.nonce,
    });
  if (form.client_info === '1') body.client_info = clientInfo(s.user, s.app.tenantId);
  return body;
}

/** `grant_type=authorization_code`. */
export async function authorizationCodeGrant(
  deps: UserGrantDependencies,
  app: EmulatorApp,
  tenant: string,
  form: TokenForm,
  origin: string,
): Promise<TokenResponse | AadError> {
  if (!form.code) return aadErrors.missingParameter('code');
  const redeemed = deps.codes.redeem({ code: form.code, tenant, app, redirectUri: form.redirect_uri, codeVerifier: form.code_verifier });
  if (isAadError(redeemed)) return redeemed;
  const { request, user, sessionId } = redeemed;
  return userTokens(deps, { app, user, sessionId, consented: request.scopes, nonce: request.nonce }, form, origin);
}

/** `grant_type=refresh_token`. */
export async function refreshTokenGrant(
  deps: UserGrantDependencies,
  app: EmulatorApp,
  tenant: string,
  form: TokenForm,
  origin: string,
): Promise<TokenResponse | AadError> {
  if (!form.refresh_token) return aadErrors.missingParameter('refresh_token');
  const grant = deps.refreshTokens.redeem(form.refresh_token, app, tenant);
  if (isAadError(grant)) return grant;
  return userTokens(deps, { app, user: grant.user, sessionId: grant.sessionId, consented: grant.scopes }, form, origin);
}
