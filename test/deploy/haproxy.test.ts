/**
 * deploy/haproxy.cfg, run as it is by Debian's haproxy in front of three stand-in engines (plain
 * node:http servers that answer like the engine's /readyz and /api/calling): TLS is terminated with
 * this run's test certificate, requests are spread round-robin without stickiness, an engine whose
 * readiness fails gets no more work, and a notification a draining engine refuses with 503 is
 * replayed on another engine instead of reaching Graph.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from '../e2e-graph/processes.ts';

const CONFIG = join(import.meta.dirname, '../../deploy/haproxy.cfg');
const HAPROXY = '/usr/sbin/haproxy';

/** A stand-in engine: counts what it took and refused; `ready` and `draining` switch its answers. */
interface Engine {
  server: Server;
  port: number;
  accepted: number;
  refused: number;
  ready: boolean;
  draining: boolean;
}

async function startEngine(): Promise<Engine> {
  const engine = { accepted: 0, refused: 0, ready: true, draining: false } as Engine;
  engine.server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/readyz') return void res.writeHead(engine.ready && !engine.draining ? 200 : 503).end();
      if (engine.draining) {
        engine.refused += 1;
        return void res.writeHead(503).end();
      }
      engine.accepted += 1;
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((done) => engine.server.listen(0, '127.0.0.1', done));
  engine.port = (engine.server.address() as AddressInfo).port;
  return engine;
}

let engines: Engine[];
let proxy: ChildProcess;
let httpsPort: number;
let httpPort: number;
let dir: string;
let proxyLog = '';

/** One notification-like POST through the proxy over TLS, on a new connection; resolves with the status and headers. */
function post(path = '/api/calling'): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port: httpsPort, servername: 'localhost', path, method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ value: [{ changeType: 'updated', resourceUrl: '/communications/calls/one-call' }] }));
  });
}

const until = async (condition: () => boolean | Promise<boolean>, what: string, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; haproxy said:\n${proxyLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
const counts = () => engines.map((e) => e.accepted);
const reset = () => engines.forEach((e) => Object.assign(e, { accepted: 0, refused: 0, ready: true, draining: false }));

beforeAll(async () => {
  engines = await Promise.all([startEngine(), startEngine(), startEngine()]);
  [httpPort, httpsPort] = await freePorts(2);
  dir = mkdtempSync(join(tmpdir(), 'callflow-haproxy-'));
  const tls = process.env.CALLFLOW_TEST_TLS_DIR as string;
  writeFileSync(join(dir, 'tls.pem'), readFileSync(join(tls, 'server.pem'), 'utf8') + readFileSync(join(tls, 'server.key'), 'utf8'));
  proxy = spawn(HAPROXY, ['-db', '-f', CONFIG], {
    env: {
      PATH: process.env.PATH,
      PROXY_HTTP_BIND: `127.0.0.1:${httpPort}`,
      PROXY_HTTPS_BIND: `127.0.0.1:${httpsPort}`,
      PROXY_TLS_CERT: join(dir, 'tls.pem'),
      CALLFLOW_ENGINE_1: `127.0.0.1:${engines[0].port}`,
      CALLFLOW_ENGINE_2: `127.0.0.1:${engines[1].port}`,
      CALLFLOW_ENGINE_3: `127.0.0.1:${engines[2].port}`,
    },
  });
  proxy.stdout?.on('data', (d: Buffer) => (proxyLog += d.toString()));
  proxy.stderr?.on('data', (d: Buffer) => (proxyLog += d.toString()));
  await until(async () => (await post().catch(() => ({ status: 0 }))).status === 202, 'haproxy to serve');
}, 30_000);

afterAll(async () => {
  proxy?.kill('SIGTERM');
  await Promise.all(engines.map((e) => new Promise((done) => e.server.close(done))));
  rmSync(dir, { recursive: true, force: true });
});

describe('deploy/haproxy.cfg', () => {
  it('is accepted by haproxy -c with the environment compose.yaml gives it', async () => {
    const check = spawn(HAPROXY, ['-c', '-f', CONFIG], {
      env: {
        PATH: process.env.PATH,
        PROXY_HTTP_BIND: ':8080',
        PROXY_HTTPS_BIND: ':8443',
        PROXY_TLS_CERT: join(dir, 'tls.pem'),
        CALLFLOW_ENGINE_1: 'localhost:3978',
        CALLFLOW_ENGINE_2: 'localhost:3979',
        CALLFLOW_ENGINE_3: 'localhost:3980',
      },
    });
    let out = '';
    check.stdout.on('data', (d: Buffer) => (out += d.toString()));
    check.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((done) => check.on('exit', done));
    expect(out).toContain('Configuration file is valid');
    expect(code).toBe(0);
  });

  it('spreads the notifications of one call over all three engines round-robin, setting no cookie', async () => {
    reset();
    const answers = [];
    for (let i = 0; i < 9; i += 1) answers.push(await post());
    expect(answers.map((a) => a.status)).toEqual(Array(9).fill(202));
    expect(counts()).toEqual([3, 3, 3]);
    expect(answers.every((a) => a.headers['set-cookie'] === undefined)).toBe(true);
    expect(answers[0].headers['strict-transport-security']).toBeDefined();
  });

  it('replays a notification a draining engine refuses with 503 on another engine', async () => {
    reset();
    engines[1].draining = true; // before the health check can notice: the next requests still reach it
    const answers = [];
    for (let i = 0; i < 6; i += 1) answers.push((await post()).status);
    expect(answers).toEqual(Array(6).fill(202));
    expect(engines[1].refused).toBeGreaterThan(0);
    expect(engines[0].accepted + engines[2].accepted).toBe(6);
  });

  it('sends no work to an engine whose /readyz answers 503', async () => {
    reset();
    engines[2].ready = false;
    await until(() => proxyLog.includes('engines/engine-3 is DOWN'), 'engine-3 to be marked down');
    for (let i = 0; i < 6; i += 1) expect((await post()).status).toBe(202);
    expect(counts()).toEqual([3, 3, 0]);
    engines[2].ready = true;
    await until(() => proxyLog.includes('engines/engine-3 is UP'), 'engine-3 to be back');
  }, 30_000);

  it('redirects plain http to https', async () => {
    const status = await new Promise<{ code: number; location: string | undefined }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: httpPort, path: '/api/flows', headers: { host: 'callflow.contoso.com' } }, (res) => {
        res.resume();
        resolve({ code: res.statusCode ?? 0, location: res.headers.location });
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toEqual({ code: 301, location: 'https://callflow.contoso.com/api/flows' });
  });
});
