/**
 * Which hosts and ports `http.request` effects may reach (CALLFLOW_HTTP_ALLOWLIST): `host` (any
 * port), `host:port`, `*.domain` and `*.domain:port` for subdomains, or `*` for any host. This is the
 * rule by name; destination.ts adds the rule by address. Nothing is allowed without the variable,
 * and this machine is no exception: a flow edited in the editor cannot make the engine call its own
 * admin API, the emulator or any other local service unless the operator listed that service's
 * exact `host:port`.
 */

interface Entry {
  /** Lower-case host name or IP address (IPv6 without brackets); for a wildcard the suffix with its dot (`.contoso.com`). */
  host: string;
  wildcard: boolean;
  any: boolean;
  port?: number;
}

function parse(pattern: string): Entry {
  const text = pattern.trim().toLowerCase();
  if (text === '*') return { host: '*', wildcard: false, any: true };
  const match = /^(\[[0-9a-f:.]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(text);
  const host = (match?.[1] ?? text).replace(/^\[|\]$/g, '');
  const port = match?.[2] ? Number(match[2]) : undefined;
  if (host.startsWith('*.')) return { host: host.slice(1), wildcard: true, any: false, port };
  return { host, wildcard: false, any: false, port };
}

export class HostAllowlist {
  private readonly entries: Entry[];

  constructor(patterns: string[]) {
    this.entries = patterns.filter((pattern) => pattern.trim()).map(parse);
  }

  /** Whether some entry (wildcards and `*` included) lets the flow name `hostname` at `port`. */
  allows(hostname: string, port: number): boolean {
    const host = bare(hostname);
    return this.entries.some(
      (entry) => (entry.port === undefined || entry.port === port) && (entry.any || entry.host === host || (entry.wildcard && host.endsWith(entry.host))),
    );
  }

  /**
   * Whether an entry names this very host, without a wildcard — and, when `withPort`, this very
   * port: what reaching this machine (host and port) or a private network (host) takes.
   */
  namesExactly(hostname: string, port: number, withPort: boolean): boolean {
    const host = bare(hostname);
    return this.entries.some(
      (entry) => !entry.any && !entry.wildcard && entry.host === host && (entry.port === port || (!withPort && entry.port === undefined)),
    );
  }
}

function bare(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}
