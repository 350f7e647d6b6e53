/**
 * The slice of Entra ID that msal-node uses for client credentials: instance discovery, the
 * tenant's OpenID configuration, its signing keys, and the v2.0 token endpoint. msal-node
 * requires an https authority; point it at `https://127.0.0.1:<port>/<tenant>` with
 * `knownAuthorities: ['127.0.0.1:<port>']`.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorApp } from '../options.ts';
import type { SigningKey } from '../signing-key.ts';
import { aadErrorBody, aadErrors, type AadError } from './aad-errors.ts';
import type { AccessTokens } from './access-tokens.ts';

/** What the identity endpoints need from the emulator. */
export interface IdentityDependencies {
  apps: EmulatorApp[];
  tokens: AccessTokens;
  signingKey: SigningKey;
  lifetimeSeconds: number;
  /** Records a token request outcome (for the emulator log). */
  onTokenRequest?: (entry: { appId: string | undefined; tenant: string; status: number; error?: string }) => void;
}

function origin(req: Request): string {
  return `https://${req.headers.host ?? '127.0.0.1'}`;
}

function sendAadError(res: Response, failure: AadError): void {
  res.status(failure.status).set('Cache-Control', 'no-store, no-cache').json(aadErrorBody(failure));
}

/** Tenant ids the emulator serves (every configured app's tenant). */
function knownTenant(apps: EmulatorApp[], tenant: string): boolean {
  return apps.some((app) => app.tenantId.toLowerCase() === tenant.toLowerCase());
}

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
    issuer: `${root}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${root}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver', 'oid'],
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
    const tenant = String(req.params.tenant);
    if (!knownTenant(deps.apps, tenant)) return sendAadError(res, aadErrors.tenantNotFound(tenant));
    res.json(openIdConfiguration(origin(req), tenant));
  });
  router.get('/:tenant/discovery/v2.0/keys', (_req, res) => {
    res.json({ keys: [deps.signingKey.jwk] });
  });

  router.post('/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false }), async (req, res) => {
    const tenant = String(req.params.tenant);
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    const fail = (failure: AadError) => {
      deps.onTokenRequest?.({ appId: form.client_id, tenant, status: failure.status, error: `AADSTS${failure.code}` });
      sendAadError(res, failure);
    };
    if (!knownTenant(deps.apps, tenant)) return fail(aadErrors.tenantNotFound(tenant));
    if (!form.grant_type) return fail(aadErrors.missingParameter('grant_type'));
    if (form.grant_type !== 'client_credentials') return fail(aadErrors.unsupportedGrant(form.grant_type));
    if (!form.client_id) return fail(aadErrors.missingParameter('client_id'));
    const app = deps.apps.find((a) => a.appId.toLowerCase() === form.client_id!.toLowerCase() && a.tenantId.toLowerCase() === tenant.toLowerCase());
    if (!app) return fail(aadErrors.appNotFound(form.client_id, tenant));
    if (!form.client_secret) return fail(aadErrors.missingSecret());
    if (form.client_secret !== app.secret) return fail(aadErrors.invalidSecret(app.appId));
    const resource = resourceOf(form.scope ?? '');
    if (!resource) return fail(aadErrors.invalidScope(form.scope ?? ''));
    const token = await deps.tokens.issue(app, resource);
    deps.onTokenRequest?.({ appId: app.appId, tenant, status: 200 });
    res
      .status(200)
      .set('Cache-Control', 'no-store, no-cache')
      .json({ token_type: 'Bearer', expires_in: deps.lifetimeSeconds, ext_expires_in: deps.lifetimeSeconds, access_token: token });
  });

  return router;
}
