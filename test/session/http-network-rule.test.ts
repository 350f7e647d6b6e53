/**
 * The http block's network rule (engine/session/effects/destination.ts), against real sockets on
 * this machine: loopback is reachable only at a host:port listed exactly, never at the engine's own
 * port, and a name is judged by the address it resolves to — a name resolving to 127.0.0.1 is
 * refused unless it is listed itself, and when it is, the request goes to the checked address.
 * Private addresses are only checked, never connected to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyAddress, normalizeAddress } from '../../engine/session/effects/address-class.ts';
import { checkDestination, type NetworkRule } from '../../engine/session/effects/destination.ts';
import { HostAllowlist } from '../../engine/session/effects/host-allowlist.ts';
import { HttpRequestExecutor } from '../../engine/session/effects/http-request.ts';

let server: Server;
let port: number;
let hits = 0;
/** A second server standing in for the engine itself. */
let engine: Server;
let enginePort: number;
let engineHits = 0;

const listen = async (handler: () => void): Promise<[Server, number]> => {
  const created = createServer((_req, res) => {
    handler();
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  await new Promise<void>((done) => created.listen(0, '127.0.0.1', done));
  return [created, (created.address() as AddressInfo).port];
};

beforeAll(async () => {
  [server, port] = await listen(() => hits++);
  [engine, enginePort] = await listen(() => engineHits++);
});
afterAll(async () => {
  for (const s of [server, engine]) {
    s.closeAllConnections();
    await new Promise<void>((done) => s.close(() => done()));
  }
});

/** DNS as a test wants it: these names exist only here. */
const fakeDns: Record<string, string> = {
  'localtest.me': '127.0.0.1',
  'crm.corp': '10.1.2.3',
  'metadata.evil': '169.254.169.254',
  'public.example': '93.184.216.34',
};
const rule = (allow: string[]): NetworkRule => ({
  allowlist: new HostAllowlist(allow),
  ownPorts: () => [enginePort],
  localAddresses: () => new Set(['192.0.2.10']),
  resolve: async (host) => {
    if (host === 'localhost') return [{ address: '127.0.0.1', family: 4 }];
    if (!fakeDns[host]) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return [{ address: fakeDns[host], family: 4 }];
  },
});
const request = (allow: string[], url: string) =>
  new HttpRequestExecutor({ ...rule(allow), sleep: async () => undefined }).execute({
    type: 'http.request',
    method: 'GET',
    url,
    retries: 0,
    clientContext: 'x',
  });

describe('this machine', () => {
  it('is refused at a port nobody listed, even with * in the list', async () => {
    const before = hits;
    for (const allow of [[], ['*'], ['localhost'], ['127.0.0.1'], [`localhost:${port + 1}`]]) {
      const { event } = await request(allow, `http://127.0.0.1:${port}/x`);
      expect(event).toMatchObject({ type: 'http.failed' });
    }
    expect((await request(['*'], `https://127.0.0.1:${port}/x`)).event).toMatchObject({
      error: `127.0.0.1 is this machine; only a host and port listed exactly in CALLFLOW_HTTP_ALLOWLIST (e.g. 127.0.0.1:${port}) may be reached here`,
    });
    expect(hits).toBe(before);
  });

  it('is reached at a host:port listed exactly', async () => {
    const before = hits;
    expect((await request([`localhost:${port}`], `http://localhost:${port}/x`)).event).toMatchObject({ type: 'http.completed', status: 200 });
    expect((await request([`127.0.0.1:${port}`], `http://127.0.0.1:${port}/x`)).event).toMatchObject({ type: 'http.completed', status: 200 });
    expect(hits).toBe(before + 2);
  });

  it("never reaches the engine's own port, even when listed", async () => {
    for (const url of [`http://127.0.0.1:${enginePort}/api/flows/x/calls`, `http://localhost:${enginePort}/api/calls/c1/trace`]) {
      const { event, trace } = await request([`127.0.0.1:${enginePort}`, `localhost:${enginePort}`], url);
      expect(event).toMatchObject({ type: 'http.failed', error: expect.stringContaining(`port ${enginePort} is this engine itself`) });
      expect(trace).toMatchObject([{ kind: 'http.failed' }]);
    }
    expect(engineHits).toBe(0);
  });

  it("never reaches the engine's public URL (a proxy or tunnel to it), even when its host is allowed", async () => {
    const withPublicUrl = { ...rule(['*']), ownOrigins: ['bot.contoso.com:443'] };
    expect(await checkDestination(new URL('https://bot.contoso.com/api/calls/c1/trace'), withPublicUrl)).toBe(
      "bot.contoso.com:443 is this engine's public URL; an http block may never call the engine",
    );
    expect(await checkDestination(new URL('https://public.example/x'), withPublicUrl)).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  it('is recognised in every spelling: mapped IPv6, 0.0.0.0, decimal, this machine’s own interface addresses', async () => {
    const before = hits;
    for (const url of [
      `https://[::ffff:7f00:1]:${port}/`,
      `https://0.0.0.0:${port}/`,
      `https://2130706433:${port}/`,
      `https://[::1]:${port}/`,
      `https://192.0.2.10/`,
    ])
      expect((await request(['*'], url)).event, url).toMatchObject({ type: 'http.failed', error: expect.stringContaining('is this machine') });
    expect(hits).toBe(before);
  });
});

describe('names are judged by the address they resolve to', () => {
  it('refuses a name resolving to loopback unless that name and port are listed', async () => {
    const before = hits;
    for (const allow of [['*'], ['*.me'], ['localtest.me'], [`localhost:${port}`], [`127.0.0.1:${port}`]]) {
      expect((await request(allow, `http://localtest.me:${port}/x`)).event, allow.join()).toMatchObject({ type: 'http.failed' });
    }
    expect((await request(['*'], `https://localtest.me:${port}/x`)).event).toMatchObject({
      error: expect.stringContaining('localtest.me (127.0.0.1) is this machine'),
    });
    expect(hits).toBe(before);
  });

  it('connects to the checked address when the name is listed (DNS is not asked again)', async () => {
    const before = hits;
    // localtest.me resolves only in the fake DNS: a connection made by name would fail.
    expect((await request([`localtest.me:${port}`], `http://localtest.me:${port}/x`)).event).toMatchObject({ type: 'http.completed', status: 200 });
    expect(hits).toBe(before + 1);
  });

  it('refuses private and link-local addresses (the cloud metadata endpoint) unless the name is listed exactly', async () => {
    expect(await checkDestination(new URL('https://crm.corp/x'), rule(['*']))).toBe(
      'crm.corp (10.1.2.3) is a private network address; it may be reached only when CALLFLOW_HTTP_ALLOWLIST names crm.corp exactly',
    );
    expect(await checkDestination(new URL('https://metadata.evil/latest'), rule(['*.evil']))).toContain('169.254.169.254) is a private network address');
    expect(await checkDestination(new URL('https://169.254.169.254/latest'), rule(['*']))).toContain('private network address');
    expect(await checkDestination(new URL('https://crm.corp/x'), rule(['crm.corp']))).toEqual([{ address: '10.1.2.3', family: 4 }]);
    expect(await checkDestination(new URL('https://public.example/x'), rule(['*']))).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  it('fails cleanly on a name that does not resolve', async () => {
    expect(await checkDestination(new URL('https://nowhere.example/x'), rule(['*']))).toBe('host nowhere.example could not be resolved (ENOTFOUND)');
  });
});

describe('address classes', () => {
  it.each([
    ['127.0.0.1', 'this-machine'],
    ['127.9.9.9', 'this-machine'],
    ['::1', 'this-machine'],
    ['::ffff:127.0.0.1', 'this-machine'],
    ['::ffff:7f00:1', 'this-machine'],
    ['0.0.0.0', 'this-machine'],
    ['::', 'this-machine'],
    ['10.0.0.1', 'private'],
    ['172.20.1.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'private'],
    ['fd00::1', 'private'],
    ['fe80::1', 'private'],
    ['100.64.0.1', 'private'],
    ['8.8.8.8', 'public'],
    ['2606:4700::1111', 'public'],
    ['172.32.0.1', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('normalises mapped IPv6 addresses to IPv4', () => {
    expect(normalizeAddress('[::FFFF:7F00:1]')).toBe('127.0.0.1');
    expect(normalizeAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
  });
});
