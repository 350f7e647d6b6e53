/**
 * http.request effects against a local HTTP server: JSON in and out, statuses as answers, timeouts
 * and retries after network failures only, redirects not followed, the host allowlist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HostAllowlist } from '../../engine/session/effects/host-allowlist.ts';
import { HttpRequestExecutor, MAX_RESPONSE_BYTES } from '../../engine/session/effects/http-request.ts';

let server: Server;
let base: string;
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
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const executor = new HttpRequestExecutor({ allowlist: new HostAllowlist(['crm.contoso.com', '*.example.org']), sleep: async () => undefined });

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
    expect(event).toMatchObject({ type: 'http.failed', error: expect.stringContaining('fetch failed') });
  });

  it('refuses a response larger than 1 MiB', async () => {
    const { event } = await executor.execute({ type: 'http.request', method: 'GET', url: `${base}/huge`, retries: 0, clientContext: 'x' });
    expect(event).toMatchObject({ type: 'http.failed', error: expect.stringContaining('larger than') });
  });

  it.each([
    ['https://evil.example.com/x', 'host evil.example.com is not in CALLFLOW_HTTP_ALLOWLIST'],
    ['http://crm.contoso.com/x', 'http:// is not allowed for crm.contoso.com (https, or http to this machine only)'],
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

  it('allows listed hosts, their wildcard subdomains, loopback always, and anything with *', () => {
    const list = new HostAllowlist(['crm.contoso.com', '*.example.org']);
    expect(['crm.contoso.com', 'api.example.org', 'a.b.example.org', 'localhost', '127.0.0.5', '[::1]'].every((host) => list.allows(host))).toBe(true);
    expect(['contoso.com', 'example.org', 'evil-example.org', 'crm.contoso.com.evil.io'].some((host) => list.allows(host))).toBe(false);
    expect(new HostAllowlist([]).allows('crm.contoso.com')).toBe(false);
    expect(new HostAllowlist(['*']).allows('anything.io')).toBe(true);
  });
});
