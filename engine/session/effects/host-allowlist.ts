/**
 * Which hosts `http.request` effects may reach (CALLFLOW_HTTP_ALLOWLIST): exact host names,
 * `*.domain` for its subdomains, or `*` for any host. This machine (localhost, 127.0.0.0/8, ::1)
 * is always allowed, as the http block allows plain http only there, for a local sidecar. Without
 * the variable nothing else is reachable: a flow edited in the editor cannot make the engine call
 * arbitrary addresses unless the operator opened them.
 */
export class HostAllowlist {
  constructor(private readonly patterns: string[]) {}

  static isLoopback(hostname: string): boolean {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  }

  allows(hostname: string): boolean {
    const host = hostname.toLowerCase();
    if (HostAllowlist.isLoopback(host)) return true;
    return this.patterns.some((pattern) => pattern === '*' || pattern === host || (pattern.startsWith('*.') && host.endsWith(pattern.slice(1))));
  }
}
