/**
 * The slice of Entra ID that msal-node uses: instance discovery, the tenant's OpenID
 * configuration, its signing keys, the v2.0 token endpoint (client credentials, authorization code,
 * refresh token), and interactive sign-in (authorize.ts) and sign-out (logout.ts). msal-node
 * requires an https authority; point it at `https://127.0.0.1:<port>/<tenant>` with
 * `knownAuthorities: ['127.0.0.1:<port>']`.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorApp } from '../options.ts';
import type { SigningKey } from '../signing-key.ts';
import { aadErrorBody, aadErrors, isAadError, type AadError } from './aad-errors.ts';
import type { AccessTokens } from './access-tokens.ts';
import { AuthCodes } from './auth-codes.ts';
import { signInRouter, type SignInEvent } from './authorize.ts';
import { checkClientAssertion, JWT_BEARER } from './client-assertion.ts';
import { v2Issuer } from './id-tokens.ts';
import { logoutRouter } from './logout.ts';
import { RefreshTokens } from './refresh-tokens.ts';
import { authorizationCodeGrant, refreshTokenGrant, type UserGrantDependencies } from './user-grants.ts';
import type { EmulatorUser } from './users.ts';

/** What the identity endpoints need from the emulator. */
export interface IdentityDependencies {
  apps: EmulatorApp[];
  /** The people who can sign in. */
  users: EmulatorUser[];
  tokens: AccessTokens;
  signingKey: SigningKey;
  lifetimeSeconds: number;
  /** Real milliseconds an authorization code stays redeemable. */
  authorizationCodeLifetimeMs: number;
  /** Records a token request outcome (for the emulator log). */
  onTokenRequest?: (entry: { appId: string | undefined; tenant: string; grant?: string; status: number; error?: string }) => void;
  /** Records a step of an interactive sign-in (for the emulator log). */
  onSignIn?: (event: SignInEvent) => void;
  /** Records a sign-out (for the emulator log). */
  onSignOut?: (entry: { tenant: string; outcome: string }) => void;
}

function origin(req: Request): string {
  return `https://${req.headers.host ?? '127.0.0.1'}`;
}

function sendAadError(res: Response, failure: AadError): void {
  res.status(failure.status).set('Cache-Control', 'no-store, no-cache').json(aadErrorBody(failure));
}

/** The tenant id as configured, if `tenant` is one the emulator serves (every configured app's tenant). */
function knownTenant(apps: EmulatorApp[], tenant: string): string | undefined {
  return apps.find((app) => app.tenantId.toLowerCase() === tenant.toLowerCase())?.tenantId;
}

/** Grant types of the token endpoint. */
const GRANTS = ['client_credentials', 'authorization_code', 'refresh_token'];

function openIdConfiguration(base: string, tenant: string): Record<string, unknown> {
  const root = `${base}/${tenant}`;
  return {
    token_endpoint: `${root}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${root}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: v2Issuer(base, tenant),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${root}/oauth2/v2.0/logout`,
    // As login.microsoftonline.com publishes it (which lists neither `oid` nor `roles`, though its
    // tokens carry them, and no code_challenge_methods_supported, though it supports PKCE).
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/** The resource of a client-credentials scope (`https://graph.microsoft.com/.default` → `https://graph.microsoft.com`). */
function resourceOf(scope: string): string | undefined {
  const resources = scope.split(' ').filter((s) => s && !['openid', 'profile', 'offline_access', 'email'].includes(s));
  if (resources.length !== 1 || !resources[0].endsWith('/.default')) return undefined;
  return resources[0].slice(0, -'/.default'.length);
}

/** Express router with the Entra ID endpoints. */
export function identityRouter(deps: IdentityDependencies): Router {
  const router = express.Router();
  const codes = new AuthCodes(deps.authorizationCodeLifetimeMs);
  const grants: UserGrantDependencies = { ...deps, codes, refreshTokens: new RefreshTokens() };

  const discovery = (req: Request, res: Response) => {
    const host = req.headers.host ?? '127.0.0.1';
    res.json({
      tenant_discovery_endpoint: `${origin(req)}/${req.params.tenant ?? 'common'}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  };
  router.get('/common/discovery/instance', discovery);
  router.get('/:tenant/discovery/instance', discovery);

  router.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    const tenant = knownTenant(deps.apps, String(req.params.tenant));
    if (!tenant) return sendAadError(res, aadErrors.tenantNotFound(String(req.params.tenant)));
    res.json(openIdConfiguration(origin(req), tenant));
  });
  router.get('/:tenant/discovery/v2.0/keys', (_req, res) => {
    res.json({ keys: [deps.signingKey.jwk] });
  });

  router.post('/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false }), async (req, res) => {
    const tenant = String(req.params.tenant);
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    const grant = form.grant_type;
    const fail = (failure: AadError) => {
      deps.onTokenRequest?.({ appId: form.client_id, tenant, grant, status: failure.status, error: `AADSTS${failure.code}` });
      sendAadError(res, failure);
    };
    if (!knownTenant(deps.apps, tenant)) return fail(aadErrors.tenantNotFound(tenant));
    if (!grant) return fail(aadErrors.missingParameter('grant_type'));
    if (!GRANTS.includes(grant)) return fail(aadErrors.unsupportedGrant(grant));
    if (!form.client_id) return fail(aadErrors.missingParameter('client_id'));
    const app = deps.apps.find((a) => a.appId.toLowerCase() === form.client_id!.toLowerCase() && a.tenantId.toLowerCase() === tenant.toLowerCase());
    if (!app) return fail(aadErrors.appNotFound(form.client_id, tenant));
    if (form.client_assertion_type === JWT_BEARER && form.client_assertion) {
      const refused = await checkClientAssertion(app, form.client_assertion, `${origin(req)}/${tenant}/oauth2/v2.0/token`);
      if (refused) return fail(refused);
    } else {
      if (!form.client_secret) return fail(aadErrors.missingSecret());
      if (form.client_secret !== app.secret) return fail(aadErrors.invalidSecret(app.appId));
    }
    let body: Record<string, unknown>;
    if (grant === 'client_credentials') {
      const resource = resourceOf(form.scope ?? '');
      if (!resource) return fail(aadErrors.invalidScope(form.scope ?? ''));
      const token = await deps.tokens.issue(app, resource);
      body = { token_type: 'Bearer', expires_in: deps.lifetimeSeconds, ext_expires_in: deps.lifetimeSeconds, access_token: token };
    } else {
      const redeem = grant === 'authorization_code' ? authorizationCodeGrant : refreshTokenGrant;
      const result = await redeem(grants, app, tenant, form, origin(req));
      if (isAadError(result)) return fail(result);
      body = result;
    }
    deps.onTokenRequest?.({ appId: app.appId, tenant, grant, status: 200 });
    res.status(200).set('Cache-Control', 'no-store, no-cache').json(body);
  });

  router.use(signInRouter({ apps: deps.apps, users: deps.users, codes, onSignIn: deps.onSignIn }));
  router.use(logoutRouter(deps.apps, deps.onSignOut));

  return router;
}
