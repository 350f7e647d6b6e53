/**
 * When a request may use the editing and call APIs without the admin token. A loopback peer alone
 * proves nothing: a tunnel or reverse proxy (ngrok, the usual way to give Graph a public webhook
 * URL) connects from this machine on behalf of anyone, and a DNS-rebound page reaches the engine
 * under a foreign host name. So a request is trusted as local only when it comes from loopback,
 * names the engine as localhost, 127.0.0.1 or [::1] at the port it really serves on, carries no
 * forwarding header, and the engine is set up for this machine alone: no Azure credentials (it does
 * not act for a real bot) and a local CALLFLOW_PUBLIC_URL (nothing outside is told to reach it).
 *
 * Pure: the configuration and a source of the served port in, a decision per request out.
 *
 * @example
 *   const trust = localTrustPolicy(config, () => (server.address() as AddressInfo | null)?.port);
 *   trust(req); // { trusted: true } or { trusted: false, why: "its Host header 'abc.ngrok-free.app' is not …" }
 */
import type { IncomingMessage } from 'node:http';
import type { EngineConfig } from '../../config.ts';

export type TrustDecision = { trusted: true } | { trusted: false; why: string };
export type LocalTrust = (req: IncomingMessage) => TrustDecision;
/** What the trust rule reads from the configuration (the operator's, before any emulator credentials are added). */
export type TrustSettings = Pick<EngineConfig, 'publicUrl' | 'azure'>;
/** The port the engine serves on, read when a request arrives (it is known only after listen). */
export type ServedPort = (req: IncomingMessage) => number | undefined;

const LOOPBACK_PEERS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOCAL_HOST_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
/** `name` or `name:port`, where name is one of LOCAL_HOST_NAMES' shapes; anything else is not local. */
const HOST_HEADER = /^(localhost|127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?$/i;
/** Headers proxies add; a request with any of them came through one. */
const FORWARDING_HEADER = /^(forwarded|x-forwarded-.+|x-real-ip|via)$/;

/** Why no request can be trusted without the token under these settings; empty when local trust is possible. */
export function setupReasons(settings: TrustSettings): string[] {
  const reasons: string[] = [];
  if (settings.azure) reasons.push('Azure credentials are set (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), so the engine acts for a real bot');
  if (!isLocalUrl(settings.publicUrl)) reasons.push(`CALLFLOW_PUBLIC_URL is ${settings.publicUrl}, which is not localhost, 127.0.0.1 or [::1]`);
  return reasons;
}

export function localTrustPolicy(settings: TrustSettings, servedPort: ServedPort): LocalTrust {
  const fixed = setupReasons(settings);
  return (req) => {
    const reasons = [...requestReasons(req, servedPort(req)), ...fixed];
    return reasons.length ? { trusted: false, why: reasons.join('; ') } : { trusted: true };
  };
}

function requestReasons(req: IncomingMessage, port: number | undefined): string[] {
  const reasons: string[] = [];
  const peer = req.socket.remoteAddress ?? 'an unknown address';
  if (!LOOPBACK_PEERS.has(peer)) reasons.push(`the request comes from ${peer}, not from a loopback address`);
  const hostReason = hostHeaderReason(req.headers.host, port);
  if (hostReason) reasons.push(hostReason);
  const forwarding = Object.keys(req.headers).filter((name) => FORWARDING_HEADER.test(name));
  if (forwarding.length) reasons.push(`it came through a proxy or tunnel (${forwarding.join(', ')} header)`);
  return reasons;
}

function hostHeaderReason(host: string | undefined, port: number | undefined): string | undefined {
  if (!host) return 'it has no Host header';
  const match = HOST_HEADER.exec(host);
  if (!match) return `its Host header '${host}' is not localhost, 127.0.0.1 or [::1]`;
  if (port === undefined) return "the engine's listening port is not known";
  // Without a port the browser means http's default, 80.
  const named = match[2] === undefined ? 80 : Number(match[2]);
  if (named !== port) return `its Host header '${host}' names port ${named}, but the engine serves on port ${port}`;
  return undefined;
}

function isLocalUrl(url: string): boolean {
  try {
    return LOCAL_HOST_NAMES.has(new URL(url).hostname);
  } catch {
    return false;
  }
}
