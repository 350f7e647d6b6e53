/**
 * Redirect URI matching as the Microsoft identity platform documents it ("Redirect URI (reply URL)
 * restrictions and limitations", reply-url.md): an exact match of scheme, host, path (case-sensitive)
 * and query, except that for loopback URIs ("localhost exceptions", after RFC 8252 §7.3 and §8.3) the
 * port is ignored, so a registered `http://localhost/auth/callback` accepts
 * `http://localhost:5173/auth/callback`. A URI without a path is the same as one with `/` (it is
 * "returned with a trailing slash"). The IPv6 loopback `[::1]` is "not currently supported" for the
 * port exception and must match exactly.
 */

/**
 * The redirect URIs an app gets when none are configured: the engine's sign-in callback on loopback,
 * and its home, where signing out returns (a post_logout_redirect_uri must be registered as well).
 */
export const DEFAULT_REDIRECT_URIS: readonly string[] = Object.freeze([
  'http://localhost/auth/callback',
  'http://127.0.0.1/auth/callback',
  'http://localhost/',
  'http://127.0.0.1/',
]);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

/** True when `requested` is an absolute http(s) URI without a fragment, as redirect URIs must be. */
export function isAbsoluteRedirectUri(requested: string): boolean {
  const url = parse(requested);
  return !!url && (url.protocol === 'https:' || url.protocol === 'http:') && !requested.includes('#');
}

/** True when `requested` matches the registered redirect URI `registered`. */
export function redirectUriMatches(registered: string, requested: string): boolean {
  const a = parse(registered);
  const b = parse(requested);
  if (!a || !b || requested.includes('#')) return false;
  const samePort = a.port === b.port || (LOOPBACK_HOSTS.has(a.hostname) && a.hostname === b.hostname);
  return a.protocol === b.protocol && a.hostname === b.hostname && samePort && a.pathname === b.pathname && a.search === b.search;
}

/** The registered URI `requested` matches, if any. */
export function matchRedirectUri(registered: readonly string[], requested: string): string | undefined {
  return registered.find((uri) => redirectUriMatches(uri, requested));
}
