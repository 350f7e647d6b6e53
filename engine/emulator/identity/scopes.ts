/**
 * The `scope` parameter of sign-in requests: OpenID Connect scopes (`openid`, `profile`, `email`,
 * `offline_access`) and permissions of one resource. "The scopes must all be from a single resource,
 * along with OIDC scopes" at the token endpoint ("OAuth 2.0 authorization code flow"); a permission
 * without a resource (`User.Read`) is Microsoft Graph's, as on the real service.
 */

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** The space-separated scopes of a request, without duplicates. */
export function parseScopes(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(/\s+/).filter(Boolean))];
}

/** True when `scopes` holds the OpenID Connect scope `name` (case-insensitive). */
export function hasScope(scopes: readonly string[], name: string): boolean {
  return scopes.some((s) => s.toLowerCase() === name);
}

/** What an access token is for: its audience and the delegated permissions (`scp`). */
export interface ResourceGrant {
  resource: string;
  permissions: string[];
  /** The scopes as the token response names them (`User.Read`, `api://…/access_as_user`). */
  scopeNames: string[];
}

function split(scope: string): { resource: string; permission: string } {
  const slash = scope.lastIndexOf('/');
  if (slash <= 0) return { resource: GRAPH_RESOURCE, permission: scope };
  const resource = scope.slice(0, slash).replace(/\/+$/, '');
  return { resource: resource.toLowerCase() === GRAPH_APP_ID ? GRAPH_RESOURCE : resource, permission: scope.slice(slash + 1) };
}

/**
 * The resource and permissions of `scopes`, or `undefined` when they name more than one resource.
 * Without a resource scope the token is for Graph with `User.Read`, the permission a new app
 * registration lists; `.default` stands for the permissions the registration lists (User.Read for
 * Graph, `user_impersonation` for another API).
 */
export function resourceGrant(scopes: readonly string[]): ResourceGrant | undefined {
  const named = scopes.filter((s) => !OIDC_SCOPES.includes(s.toLowerCase())).map(split);
  const resources = [...new Set(named.map((s) => s.resource.toLowerCase()))];
  if (resources.length > 1) return undefined;
  const resource = named[0]?.resource ?? GRAPH_RESOURCE;
  const isGraph = resource.toLowerCase() === GRAPH_RESOURCE;
  const listed = named.map((s) => s.permission).filter((p) => p !== '.default');
  const permissions = listed.length ? [...new Set(listed)] : [isGraph ? 'User.Read' : 'user_impersonation'];
  const scopeNames = permissions.map((p) => (isGraph ? p : `${resource}/${p}`));
  return { resource, permissions, scopeNames };
}
