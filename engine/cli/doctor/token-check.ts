/**
 * Checks 1 and 2: a Graph app token can be obtained — through GraphTokenProvider, the very code the
 * engine sends Graph requests with (msal-node, client credentials) — and its `roles` claim holds
 * the application permissions the deployed flows' blocks need (permissionsFor, as `callflow
 * manifest` computes them). The token itself is only decoded here, never printed.
 */
import { adminConsentUrl } from '../../core/permissions.ts';
import { permissionsFor } from '../../blocks/language.ts';
import { GraphTokenProvider } from '../../graph/auth/graph-token-provider.ts';
import { explainAadError } from './aadsts.ts';
import { fail, fetchWithin, pass, type CheckResult, type Deployment } from './check.ts';

export interface TokenOutcome {
  result: CheckResult;
  /** The token's `roles` claim, when a token was obtained. */
  roles?: string[];
}

export async function checkToken({ config }: Deployment): Promise<TokenOutcome> {
  if (!config.azure)
    return {
      result: fail(
        'token',
        'no AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, and no built-in emulator running (data/emulator/emulator.json)',
        "Set the three AZURE_* variables to the bot's app registration, or start the engine with npm start (which runs the emulator) and run the doctor from the same folder.",
      ),
    };
  const { tenantId, clientId, authorityHost } = config.azure;
  let token: string;
  try {
    token = await new GraphTokenProvider(config.azure).getAccessToken();
  } catch (error) {
    const message = String((error as { errorMessage?: string }).errorMessage || (error as Error).message);
    const code = (error as { errorCode?: string }).errorCode;
    // msal-node reads the tenant's metadata first and reports a refusal there only as
    // endpoints_resolution_error; the refusal's AADSTS code is in the metadata answer's body.
    const aad = explainAadError(code === 'endpoints_resolution_error' ? await metadataRefusal(authorityHost, tenantId) : message);
    if (aad) return { result: fail('token', `${authorityHost}/${tenantId} refused app ${clientId}: ${aad.detail}`, aad.fix) };
    return {
      result: fail(
        'token',
        `no token from ${authorityHost}/${tenantId}: ${code ? `${code}: ` : ''}${message.split('\n')[0]}`,
        'Check AZURE_AUTHORITY_HOST and AZURE_TENANT_ID, and that this machine reaches the authority over https and trusts its certificate (a proxy may need HTTPS_PROXY).',
      ),
    };
  }
  const roles = rolesOf(token);
  return { result: pass('token', `app ${clientId} got a Graph token from ${authorityHost}/${tenantId} (roles: ${roles.join(', ') || 'none'})`), roles };
}

/** The error_description of the tenant's OpenID metadata answer (where a bad tenant is refused), or ''. */
async function metadataRefusal(authorityHost: string, tenantId: string): Promise<string> {
  try {
    const response = await fetchWithin(`${authorityHost}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`);
    const body = (await response.json()) as { error_description?: unknown };
    return typeof body.error_description === 'string' ? body.error_description : '';
  } catch {
    return '';
  }
}

/** The `roles` claim of an access token (a JWT: the payload is base64url JSON); [] when it has none. */
function rolesOf(token: string): string[] {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { roles?: unknown };
    return Array.isArray(payload.roles) ? payload.roles.map(String) : [];
  } catch {
    return [];
  }
}

export function checkPermissions(deployment: Deployment, roles: string[] | undefined): CheckResult {
  const needed = new Map<string, string[]>();
  for (const flow of deployment.flows.flows)
    for (const [permission, states] of permissionsFor(flow))
      needed.set(permission, [...(needed.get(permission) ?? []), ...states.map((s) => `${flow.id}/${s}`)]);
  if (!roles) return fail('permissions', 'no token to read the granted permissions from', 'Fix the token check first.');
  const missing = [...needed.keys()].filter((permission) => !roles.includes(permission)).sort();
  const from = deployment.flows.source;
  if (!missing.length)
    return pass(
      'permissions',
      needed.size
        ? `the token holds every permission the flows in ${from} need: ${[...needed.keys()].sort().join(', ')}`
        : `the flows in ${from} need no application permission`,
    );
  const { tenantId, clientId, authorityHost } = deployment.config.azure!;
  const uses = missing.map((permission) => `${permission} (${needed.get(permission)!.join(', ')})`).join('; ');
  return fail(
    'permissions',
    `the token's roles lack ${uses}`,
    `Add ${missing.join(', ')} as Microsoft Graph application permissions of app ${clientId} and have a tenant admin consent: ${adminConsentUrl(tenantId, clientId, authorityHost)}`,
  );
}
