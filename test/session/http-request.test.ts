/**
 * http.request effects against a local HTTP server (listed by its exact host:port, as this machine
 * must be): JSON in and out, statuses as answers, timeouts and retries after network failures only,
 * redirects not followed, the host allowlist. The network rule itself: http-network-rule.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HostAllowlist } from '../../engine/session/effects/host-allowlist.ts';
import { HttpRequestExecutor } from '../../engine/session/effects/http-request.ts';
import { MAX_RESPONSE_BYTES } from '../../engine/session/effects/http-send.ts';

let server: Server;
let base: string;
let executor: HttpRequestExecutor;
const seen: Array<{ method?: string; url?: string; headers: Record<string, unknown>; body: string }> = [];
let slowHits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === '/json')
        return void res.setHeader('content-type', 'application/json').end(JSON.stringify({ tier: 'gold', echo: body ? JSON.parse(body) : null }));
      if (req.url === '/missing') return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such customer"}');
      if (req.url === '/text') return void res.end('plain words');
      if (req.url === '/redirect') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
      if (req.url === '/huge') return void res.end('x'.repeat(MAX_RESPONSE_BYTES + 10));
      if (req.url === '/slow') {
        slowHits++;
        return void setTimeout(() => res.end('late'), 1000);
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  executor = new HttpRequestExecutor({
    allowlist: new HostAllowlist(['crm.contoso.com', '*.example.org', `127.0.0.1:${port}`, '127.0.0.1:1']),
    ownPorts: () => [3978],
    localAddresses: () => new Set(),
    sleep: async () => undefined,
  });
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('http.request executor', () => {
  it('sends JSON with the effect’s method and headers, and parses a JSON answer', async () => {
    const { event } = await executor.execute({
      type: 'http.request',
      method: 'POST',
      url: `${base}/json`,
      headers: { 'X-Correlation-Id': 'c1' },
      body: { phone: '+14255550147' },
      timeoutMs: 2000,
      retries: 0,
      clientContext: 'lookup#1.0',
    });
    expect(event).toEqual({ type: 'http.completed', clientContext: 'lookup#1.0', status: 200, body: { tier: 'gold', echo: { phone: '+14255550147' } } });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', headers: { 'x-correlation-id': 'c1', 'content-type': 'application/json' } });
  });

  it('treats any status as an answer and keeps a text body as text', async () => {
    expect((await executor.execute({ type: 'http.request', method: 'GET', url: `${base}/missing`, clientContext: 'x' })).event).toEqual({
      type: 'http.completed',
      clientContext: 'x',
      status: 404,
      body: { error: 'no such customer' },
    });
    expect((await executor.execute({ type: 'http.request', method: 'GET', url: `${base}/text`, clientContext: 'x' })).event).toMatchObject({
      status: 200,
      body: 'plain words',
    });
  });

  it('does not follow a redirect (an allowed host cannot bounce the engine elsewhere)', async () => {
    const { event } = await executor.execute({ type: 'http.request', method: 'GET', url: `${base}/redirect`, clientContext: 'x' });
    expect(event).toMatchObject({ type: 'http.completed', status: 302 });
  });

  it('times out each attempt and retries network failures as the effect says', async () => {
    slowHits = 0;
    const { event, trace } = await executor.execute({
      type: 'http.request',
      method: 'GET',
      url: `${base}/slow`,
      timeoutMs: 100,
      retries: 2,
      clientContext: 'slow#1.0',
    });
    expect(event).toEqual({ type: 'http.failed', clientContext: 'slow#1.0', error: 'no answer within 100 ms (after 3 attempts)' });
    expect(slowHits).toBe(3);
    expect(trace.filter((entry) => entry.kind === 'http.attempt')).toHaveLength(3);
  });

  it('fails on a refused connection', async () => {
    const { event } = await executor.execute({ type: 'http.request', method: 'GET', url: 'http://127.0.0.1:1/x', retries: 0, clientContext: 'x' });
    expect(event).toMatchObject({ type: 'http.failed', error: expect.stringContaining('ECONNREFUSED') });
  });

  it('refuses a response larger than 1 MiB', async () => {
    const { event } = await executor.execute({ type: 'http.request', method: 'GET', url: `${base}/huge`, retries: 0, clientContext: 'x' });
    expect(event).toMatchObject({ type: 'http.failed', error: expect.stringContaining('larger than') });
  });

  it.each([
    ['https://evil.example.com/x', 'host evil.example.com:443 is not in CALLFLOW_HTTP_ALLOWLIST'],
    [
      'http://crm.contoso.com/x',
      'http:// is not allowed for crm.contoso.com (https, or http to a host:port of this machine listed in CALLFLOW_HTTP_ALLOWLIST)',
    ],
    ['https://user:pw@crm.contoso.com/x', 'credentials in the URL are not allowed; send them in a header'],
    ['ftp://127.0.0.1/x', 'ftp:// is not allowed for 127.0.0.1 (https, or http to this machine only)'],
    ['not a url', "'not a url' is not a URL"],
  ])('refuses %s without sending', async (url, error) => {
    const before = seen.length;
    expect((await executor.execute({ type: 'http.request', method: 'GET', url, clientContext: 'x' })).event).toEqual({
      type: 'http.failed',
      clientContext: 'x',
      error,
    });
    expect(seen.length).toBe(before);
  });

  it('allows listed hosts and ports, their wildcard subdomains, and any host with *', () => {
    const list = new HostAllowlist(['crm.contoso.com', '*.example.org', 'localhost:8080', '*.api.io:8443']);
    const allowed: Array<[string, number]> = [
      ['crm.contoso.com', 443],
      ['crm.contoso.com', 8443],
      ['api.example.org', 443],
      ['a.b.example.org', 443],
      ['localhost', 8080],
      ['x.api.io', 8443],
    ];
    const refused: Array<[string, number]> = [
      ['contoso.com', 443],
      ['example.org', 443],
      ['evil-example.org', 443],
      ['crm.contoso.com.evil.io', 443],
      ['localhost', 8081],
      ['127.0.0.1', 8080],
      ['x.api.io', 443],
    ];
    expect(allowed.filter(([host, port]) => !list.allows(host, port))).toEqual([]);
    expect(refused.filter(([host, port]) => list.allows(host, port))).toEqual([]);
    expect(new HostAllowlist([]).allows('crm.contoso.com', 443)).toBe(false);
    expect(new HostAllowlist(['*']).allows('anything.io', 443)).toBe(true);
  });

  it('names a host exactly only without a wildcard, and a port only when the entry has one', () => {
    const list = new HostAllowlist(['*', '*.contoso.com', 'localhost:8080', 'crm.corp']);
    expect(list.namesExactly('localhost', 8080, true)).toBe(true);
    expect(list.namesExactly('localhost', 9000, true)).toBe(false);
    expect(list.namesExactly('anything', 8080, true)).toBe(false);
    expect(list.namesExactly('a.contoso.com', 443, false)).toBe(false);
    expect(list.namesExactly('crm.corp', 443, false)).toBe(true);
    expect(list.namesExactly('crm.corp', 443, true)).toBe(false);
  });
});
