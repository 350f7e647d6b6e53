import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Context } from '@microsoft/microsoft-graph-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGraphClient } from './graph-client.ts';
import { GraphTransport } from './graph-transport.ts';
import { HttpsMessageHandler } from './https-message-handler.ts';
import { DEFAULT_RETRY_POLICY } from './retry-handler.ts';

interface Arrived {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Answer = (req: IncomingMessage, res: ServerResponse, arrived: Arrived) => void;

/** A local server that records each request and answers with `answer` (replaced per test). */
function recordingServer(create: (listener: http.RequestListener) => http.Server) {
  const state = { arrived: [] as Arrived[], connections: 0, answer: ((_req, res) => res.end()) as Answer, origin: '' };
  const server = create((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const arrived = { method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() };
      state.arrived.push(arrived);
      state.answer(req, res, arrived);
    });
  });
  server.on('connection', () => state.connections++);
  return {
    state,
    server,
    async start(scheme: 'http' | 'https', host: string) {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      state.origin = `${scheme}://${host}:${(server.address() as AddressInfo).port}`;
    },
    reset() {
      state.arrived.length = 0;
      state.connections = 0;
      state.answer = (_req, res) => res.end();
      server.closeAllConnections();
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const local = recordingServer((listener) => http.createServer(listener));
// The per-run test CA's localhost certificate (test/support/test-ca.ts), trusted through NODE_EXTRA_CA_CERTS.
const tlsDir = process.env.CALLFLOW_TEST_TLS_DIR!;
const secure = recordingServer((listener) =>
  https.createServer({ key: readFileSync(join(tlsDir, 'server.key')), cert: readFileSync(join(tlsDir, 'server.pem')) }, listener),
);
let handler: HttpsMessageHandler;

const send = async (path: string, options: RequestInit = {}, sender = handler): Promise<Response> => {
  const context: Context = { request: `${local.state.origin}${path}`, options };
  await sender.execute(context);
  return context.response!;
};

beforeAll(() => Promise.all([local.start('http', '127.0.0.1'), secure.start('https', 'localhost')]));
afterAll(() => Promise.all([local.stop(), secure.stop()]));
afterEach(() => {
  handler?.close();
  local.reset();
  secure.reset();
});

describe('HttpsMessageHandler', () => {
  it('sends a JSON POST with its headers and hands back status, Location and body as a Response', async () => {
    handler = new HttpsMessageHandler();
    local.state.answer = (_req, res) =>
      res.writeHead(201, 'Created', { Location: `${local.state.origin}/calls/c-1`, 'Content-Type': 'application/json' }).end('{"id":"c-1"}');
    const body = JSON.stringify({ callbackUri: 'https://bot.contoso.com/api/calling', é: 'ü' });
    const response = await send('/v1.0/communications/calls', {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t-1' },
    });
    expect(local.state.arrived).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/v1.0/communications/calls',
        body,
        headers: expect.objectContaining({
          'content-type': 'application/json',
          authorization: 'Bearer t-1',
          'content-length': String(Buffer.byteLength(body)),
        }),
      }),
    ]);
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.statusText, response.ok]).toEqual([201, 'Created', true]);
    expect(response.headers.get('location')).toBe(`${local.state.origin}/calls/c-1`);
    expect(await response.json()).toEqual({ id: 'c-1' });
  });

  it('takes headers as a Headers instance or pairs, and sends GET and DELETE without a body', async () => {
    handler = new HttpsMessageHandler();
    local.state.answer = (_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NotFound"}}');
    const got = await send('/v1.0/calls/x', { method: 'GET', headers: new Headers({ 'client-request-id': 'r-1' }) });
    await send('/v1.0/calls/x', {
      method: 'DELETE',
      headers: [
        ['SdkVersion', 'a'],
        ['sdkversion', 'b'],
      ],
    });
    expect(local.state.arrived.map(({ method, body, headers }) => ({ method, body, id: headers['client-request-id'], sdk: headers.sdkversion }))).toEqual([
      { method: 'GET', body: '', id: 'r-1', sdk: undefined },
      { method: 'DELETE', body: '', id: undefined, sdk: 'a, b' },
    ]);
    expect(got.status).toBe(404);
    expect(await got.json()).toEqual({ error: { code: 'NotFound' } });
  });

  it('takes a Request, its method, headers and body', async () => {
    handler = new HttpsMessageHandler();
    const context: Context = { request: new Request(`${local.state.origin}/v1.0/r`, { method: 'PUT', body: 'payload', headers: { 'x-test': '1' } }) };
    await handler.execute(context);
    expect(context.response!.status).toBe(200);
    expect(local.state.arrived[0]).toMatchObject({ method: 'PUT', path: '/v1.0/r', body: 'payload', headers: { 'x-test': '1', 'content-length': '7' } });
  });

  it('gives a 204 a null body', async () => {
    handler = new HttpsMessageHandler();
    local.state.answer = (_req, res) => res.writeHead(204).end();
    const response = await send('/v1.0/calls/x', { method: 'DELETE' });
    expect([response.status, response.body, await response.text()]).toEqual([204, null, '']);
  });

  it('reuses one kept-alive connection for sequential requests', async () => {
    handler = new HttpsMessageHandler();
    local.state.answer = (_req, res) => res.end('{}');
    for (let i = 0; i < 3; i++) await (await send('/v1.0/x', { method: 'POST', body: '{}' })).text();
    expect(local.state.arrived).toHaveLength(3);
    expect(local.state.connections).toBe(1);
  });

  it('waits for a slow answer past the idle-connection timeout', async () => {
    handler = new HttpsMessageHandler({ idleSocketMs: 50 });
    local.state.answer = (_req, res) => setTimeout(() => res.end('late'), 300);
    expect(await (await send('/v1.0/slow')).text()).toBe('late');
  });

  it('rejects a status a Response cannot hold', async () => {
    handler = new HttpsMessageHandler();
    local.state.answer = (_req, res) => res.writeHead(600).end('odd');
    await expect(send('/v1.0/odd')).rejects.toThrow(`GET ${local.state.origin}/v1.0/odd answered HTTP status 600`);
  });

  it('gives up after the timeout, naming the URL', async () => {
    handler = new HttpsMessageHandler({ timeoutMs: 150 });
    local.state.answer = () => undefined;
    const started = Date.now();
    await expect(send('/v1.0/slow', { method: 'POST', body: '{}' })).rejects.toThrow(
      `POST ${local.state.origin}/v1.0/slow timed out: no complete answer within 150 ms`,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('stops when the request is aborted', async () => {
    handler = new HttpsMessageHandler();
    local.state.answer = () => undefined;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(send('/v1.0/slow', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects with the system error code when nothing listens', async () => {
    handler = new HttpsMessageHandler();
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const failure = await handler.execute({ request: `http://127.0.0.1:${port}/v1.0/x`, options: { method: 'GET' } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain('ECONNREFUSED');
    expect(failure).toMatchObject({ code: 'ECONNREFUSED', message: expect.stringContaining(`GET http://127.0.0.1:${port}/v1.0/x failed`) });
  });
});

describe('HttpsMessageHandler over HTTPS', () => {
  it('trusts the test CA through NODE_EXTRA_CA_CERTS and reuses the TLS connection', async () => {
    handler = new HttpsMessageHandler();
    secure.state.answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    for (let i = 0; i < 2; i++) {
      const context: Context = {
        request: `${secure.state.origin}/v1.0/x`,
        options: { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } },
      };
      await handler.execute(context);
      expect(await context.response!.json()).toEqual({ ok: true });
    }
    expect(secure.state.connections).toBe(1);
  });
});

// graph-client takes only https:// as an absolute URL (an http:// one becomes a path under graph.microsoft.com).
describe('graph-client with HttpsMessageHandler, through GraphTransport', () => {
  const retry = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1, maxDelayMs: 5 };
  const transportWith = (graphBaseUrl: string) =>
    new GraphTransport(createGraphClient({ graphBaseUrl, auth: { getAccessToken: async () => 'token-1' }, retry, http: handler }), graphBaseUrl);

  it('sends the token, telemetry headers and JSON body, and reads status, Location and body', async () => {
    handler = new HttpsMessageHandler();
    const graphBaseUrl = `${secure.state.origin}/v1.0`;
    secure.state.answer = (_req, res) =>
      res
        .writeHead(201, { location: `${graphBaseUrl}/communications/calls/c-9`, 'content-type': 'application/json' })
        .end('{"id":"c-9","state":"establishing"}');
    const response = await transportWith(graphBaseUrl).send({
      method: 'POST',
      path: '/communications/calls',
      body: { callbackUri: 'https://bot.contoso.com/api/calling' },
    });
    expect(response).toMatchObject({
      status: 201,
      body: { id: 'c-9', state: 'establishing' },
      location: `${graphBaseUrl}/communications/calls/c-9`,
      attempts: [{ attempt: 1, status: 201 }],
    });
    const [arrived] = secure.state.arrived;
    expect(arrived).toMatchObject({ method: 'POST', path: '/v1.0/communications/calls', body: '{"callbackUri":"https://bot.contoso.com/api/calling"}' });
    expect(arrived.headers).toMatchObject({
      authorization: 'Bearer token-1',
      'content-type': 'application/json',
      'client-request-id': expect.any(String),
      sdkversion: expect.stringContaining('graph-js'),
    });
  });

  it('retries a 503, then reads a 204 of a DELETE', async () => {
    handler = new HttpsMessageHandler();
    let calls = 0;
    secure.state.answer = (_req, res) =>
      ++calls === 1 ? res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"ServiceUnavailable"}}') : res.writeHead(204).end();
    const response = await transportWith(`${secure.state.origin}/v1.0`).send({ method: 'DELETE', path: '/communications/calls/c-9' });
    expect(response).toMatchObject({
      status: 204,
      body: undefined,
      attempts: [
        { attempt: 1, status: 503 },
        { attempt: 2, status: 204 },
      ],
    });
    expect(secure.state.connections).toBe(1);
  });

  it('reports a refused connection with its code in every attempt and in the result', async () => {
    handler = new HttpsMessageHandler();
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const graphBaseUrl = `https://127.0.0.1:${(closed.address() as AddressInfo).port}/v1.0`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const response = await transportWith(graphBaseUrl).send({ method: 'GET', path: '/communications/calls/c-9' });
    expect(response.status).toBe(0);
    expect(response.error).toContain('ECONNREFUSED');
    expect(response.attempts).toHaveLength(retry.maxAttempts);
    expect(response.attempts.every((attempt) => attempt.error?.includes('ECONNREFUSED'))).toBe(true);
  });
});
