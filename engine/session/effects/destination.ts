/**
 * The network rule of the http block, checked on the address a request will really connect to.
 * A name is resolved first and every address it resolves to is checked; the request then connects
 * to the checked address (http-send.ts pins it), so a name that resolves to 127.0.0.1 (localtest.me
 * and the like) or one whose DNS answer changes between the check and the connection (rebinding)
 * cannot lead the engine anywhere the rule refused.
 *
 * - The host must be listed in CALLFLOW_HTTP_ALLOWLIST (host-allowlist.ts).
 * - An address of this machine (loopback, 0.0.0.0, its own interfaces) needs an entry naming that
 *   host and port exactly; the engine's own port is refused even then, so a flow can never call the
 *   engine's admin API (placing calls, reading other calls' traces); so is the engine's public URL.
 * - A private or link-local address (10/8, 172.16/12, 192.168/16, 169.254/16 with the cloud
 *   metadata endpoint, fc00::/7, fe80::/10, …) needs an entry naming that host exactly.
 * - https anywhere; plain http only to this machine (a local sidecar).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress, normalizeAddress } from './address-class.ts';
import type { HostAllowlist } from './host-allowlist.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface NetworkRule {
  allowlist: HostAllowlist;
  /** The ports this engine is served on, on this machine. */
  ownPorts: () => readonly number[];
  /** `host:port` of the engine's public URL (CALLFLOW_PUBLIC_URL): the engine again, through a proxy or tunnel. */
  ownOrigins?: readonly string[];
  /** This machine's interface addresses. */
  localAddresses: () => ReadonlySet<string>;
  /** DNS; every address of the name. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

const resolveAll = async (hostname: string): Promise<ResolvedAddress[]> =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

/** The addresses the request may connect to (all of the name's, each checked), or why the URL may not be requested. */
export async function checkDestination(url: URL, rule: NetworkRule): Promise<ResolvedAddress[] | string> {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol}// is not allowed for ${url.host} (https, or http to this machine only)`;
  if (url.username || url.password) return 'credentials in the URL are not allowed; send them in a header';
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (rule.ownOrigins?.includes(displayHost(host, port)))
    return `${displayHost(host, port)} is this engine's public URL; an http block may never call the engine`;
  if (!rule.allowlist.allows(host, port)) return `host ${displayHost(host, port)} is not in CALLFLOW_HTTP_ALLOWLIST`;
  // Plain http goes only to this machine, which always takes an exact host:port entry: no DNS needed to refuse the rest.
  if (url.protocol === 'http:' && !rule.allowlist.namesExactly(host, port, true)) return plainHttp(url);
  let addresses: ResolvedAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await (rule.resolve ?? resolveAll)(host);
    } catch (error) {
      return `host ${host} could not be resolved (${(error as { code?: string }).code ?? (error as Error).message})`;
    }
    if (!addresses.length) return `host ${host} could not be resolved`;
  }
  const own = rule.localAddresses();
  let local = true;
  for (const { address } of addresses) {
    const kind = classifyAddress(address, own);
    const shown = host === normalizeAddress(address) ? host : `${host} (${normalizeAddress(address)})`;
    if (kind === 'this-machine') {
      if (rule.ownPorts().includes(port)) return `${shown} port ${port} is this engine itself; an http block may never call the engine`;
      if (!rule.allowlist.namesExactly(host, port, true))
        return `${shown} is this machine; only a host and port listed exactly in CALLFLOW_HTTP_ALLOWLIST (e.g. ${displayHost(host, port)}) may be reached here`;
    } else {
      local = false;
      if (kind === 'private' && !rule.allowlist.namesExactly(host, port, false))
        return `${shown} is a private network address; it may be reached only when CALLFLOW_HTTP_ALLOWLIST names ${host} exactly`;
    }
  }
  if (url.protocol === 'http:' && !local) return plainHttp(url);
  return addresses;
}

function plainHttp(url: URL): string {
  return `http:// is not allowed for ${url.host} (https, or http to a host:port of this machine listed in CALLFLOW_HTTP_ALLOWLIST)`;
}

function displayHost(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
