/**
 * Validation of an authorization request ("OAuth 2.0 authorization code flow", request an
 * authorization code). First what decides whether the app can be answered at all — tenant,
 * `client_id`, `redirect_uri` — whose failures are shown on an error page; then the rest, whose
 * failures go back to the redirect URI: `response_mode` (query, fragment, form_post), `response_type`
 * (`code`; implicit and hybrid grants are not enabled), `scope`, PKCE (`code_challenge` optional —
 * "recommended" — and, when present, `plain` or `S256`, plain when `code_challenge_method` is
 * absent, 43 to 128 characters) and `prompt` (login, none, consent, select_account).
 */
import type { EmulatorApp } from '../options.ts';
import { aadErrors, type AadError } from './aad-errors.ts';
import type { AppTarget } from './app-response.ts';
import type { AuthorizationRequest } from './auth-codes.ts';
import { authorizeErrors } from './authorize-errors.ts';
import { isAbsoluteRedirectUri, matchRedirectUri } from './redirect-uris.ts';
import { parseScopes } from './scopes.ts';

/** What to do with an authorization request. */
export type AuthorizeOutcome =
  | { kind: 'page'; failure: AadError; appId?: string }
  | { kind: 'redirect'; target: AppTarget; failure: AadError; appId: string }
  | { kind: 'accepted'; request: AuthorizationRequest };

const PROMPTS = ['login', 'none', 'consent', 'select_account'];
const RESPONSE_MODES = ['query', 'fragment', 'form_post'] as const;
/** RFC 7636 §4.1: a verifier (so a plain challenge) has 43 to 128 characters of [A-Za-z0-9-._~]. */
const PLAIN_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;
/** An S256 challenge is the base64url SHA-256 of the verifier: 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** The request's failure, if PKCE parameters are wrong. */
function pkceProblem(challenge: string | undefined, method: string | undefined): AadError | undefined {
  if (method !== undefined && !challenge) return authorizeErrors.missingParameter('code_challenge');
  if (!challenge) return undefined;
  if (method !== undefined && method !== 'plain' && method !== 'S256') return authorizeErrors.invalidRequest();
  return (method === 'S256' ? S256_CHALLENGE : PLAIN_CHALLENGE).test(challenge) ? undefined : authorizeErrors.codeChallengeSize();
}

/** Checks an authorization request (`params`: its query, or its form for POST) against the apps. */
export function validateAuthorizeRequest(apps: EmulatorApp[], tenant: string, params: Record<string, string | undefined>): AuthorizeOutcome {
  if (!apps.some((a) => a.tenantId.toLowerCase() === tenant.toLowerCase())) return { kind: 'page', failure: aadErrors.tenantNotFound(tenant) };
  const clientId = params.client_id;
  if (!clientId) return { kind: 'page', failure: authorizeErrors.missingParameter('client_id') };
  const app = apps.find((a) => a.appId.toLowerCase() === clientId.toLowerCase() && a.tenantId.toLowerCase() === tenant.toLowerCase());
  if (!app) return { kind: 'page', failure: aadErrors.appNotFound(clientId, tenant) };
  const page = (failure: AadError): AuthorizeOutcome => ({ kind: 'page', failure, appId: app.appId });

  // "If not present, the endpoint will pick one registered redirect_uri at random" (OpenID Connect doc).
  let redirectUri = params.redirect_uri;
  if (redirectUri === undefined) {
    if (!app.redirectUris.length) return page(authorizeErrors.noRedirectUri());
    redirectUri = app.redirectUris[0];
  } else if (!isAbsoluteRedirectUri(redirectUri)) return page(authorizeErrors.redirectUriNotAbsolute());
  else if (!matchRedirectUri(app.redirectUris, redirectUri)) return page(authorizeErrors.redirectUriMismatch(redirectUri, app.appId));

  const modeOk = params.response_mode === undefined || (RESPONSE_MODES as readonly string[]).includes(params.response_mode);
  const target: AppTarget = {
    redirectUri,
    responseMode: modeOk ? ((params.response_mode as AppTarget['responseMode'] | undefined) ?? 'query') : 'query',
    state: params.state,
  };
  const refuse = (failure: AadError): AuthorizeOutcome => ({ kind: 'redirect', target, failure, appId: app.appId });
  if (!modeOk) return refuse(authorizeErrors.unsupportedResponseMode());
  if (!params.response_type) return refuse(authorizeErrors.missingParameter('response_type'));
  const responseTypes = params.response_type.split(' ').filter(Boolean);
  if (responseTypes.length !== 1 || responseTypes[0] !== 'code') return refuse(authorizeErrors.responseTypeNotEnabled(params.response_type));
  const scopes = parseScopes(params.scope);
  if (!scopes.length) return refuse(authorizeErrors.missingParameter('scope'));
  const pkce = pkceProblem(params.code_challenge, params.code_challenge_method);
  if (pkce) return refuse(pkce);
  if (params.prompt !== undefined && !PROMPTS.includes(params.prompt)) return refuse(authorizeErrors.invalidRequest());
  if (params.prompt === 'none') return refuse(authorizeErrors.loginRequired());

  return {
    kind: 'accepted',
    request: {
      app,
      redirectUri,
      scopes,
      responseMode: target.responseMode,
      state: params.state,
      nonce: params.nonce,
      codeChallenge: params.code_challenge || undefined,
      codeChallengeMethod: params.code_challenge ? ((params.code_challenge_method as 'plain' | 'S256' | undefined) ?? 'plain') : undefined,
      clientInfo: params.client_info === '1',
      // "You can't use both login_hint and select_account" (OpenID Connect doc): the hint is dropped.
      loginHint: params.prompt === 'select_account' ? undefined : params.login_hint,
      prompt: params.prompt,
    },
  };
}
