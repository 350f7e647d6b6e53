/**
 * What an IP address is, for the http block's network rule: this machine (loopback, the
 * unspecified address, which connects to this machine, or one of its own interface addresses), a
 * private or link-local network (RFC 1918, carrier-grade NAT, 169.254/16 with the cloud metadata
 * endpoints, IPv6 unique-local and link-local), or anything else. A host name is only as
 * trustworthy as the address it resolves to, so the rule is applied to addresses, after DNS.
 */
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export type AddressClass = 'this-machine' | 'private' | 'public';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addSubnet('0.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addAddress('::', 'ipv6');

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['192.0.0.0', 24],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv4');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addSubnet('fe80::', 10, 'ipv6');
PRIVATE.addSubnet('ff00::', 8, 'ipv6');

/** `::ffff:7f00:1` and `::ffff:127.0.0.1` as the IPv4 address they carry; other addresses lower-cased, without brackets. */
export function normalizeAddress(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(?:([0-9.]+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(bare);
  if (!mapped) return bare;
  if (mapped[1]) return mapped[1];
  const high = parseInt(mapped[2], 16);
  const low = parseInt(mapped[3], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** This machine's own interface addresses (a server listening on 0.0.0.0 answers on each). */
export function localAddresses(): Set<string> {
  const own = new Set<string>();
  for (const list of Object.values(networkInterfaces())) for (const entry of list ?? []) own.add(normalizeAddress(entry.address.split('%')[0]));
  return own;
}

export function classifyAddress(address: string, own: ReadonlySet<string> = new Set()): AddressClass {
  const ip = normalizeAddress(address.split('%')[0]);
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (LOOPBACK.check(ip, family) || own.has(ip)) return 'this-machine';
  if (PRIVATE.check(ip, family)) return 'private';
  return 'public';
}
