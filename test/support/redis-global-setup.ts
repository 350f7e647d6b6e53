/**
 * vitest global setup: one throwaway redis-server for the run, on a free loopback port, with no
 * persistence and a working directory of its own. Tests read its URL with `inject('redisUrl')` and
 * keep apart by key prefix. A missing redis-server fails the run with the install command: the
 * Redis tests never skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** redis://127.0.0.1:<port> of this run's redis-server. */
    redisUrl: string;
  }
}

export const REDIS_SERVER = '/usr/bin/redis-server';
const HOST = '127.0.0.1';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** True once the server answers PING with +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: HOST, port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** A redis-server of its own on a free port, answering PING (the run's, or one a test stops to see the store go down). */
export async function startRedisServer(dir: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`redis-server exited with ${exited} on port ${port}:\n${output.slice(-2000)}`);
    if (await ping(port)) return { child, port };
    await new Promise((wait) => setTimeout(wait, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer PING on port ${port} within 10 s:\n${output.slice(-2000)}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`The Redis tests need Debian's redis-server (${REDIS_SERVER} is missing). Install it with:\n  apt-get install -y redis-server`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'callflow-redis-'));
  let server: { child: ChildProcess; port: number } | undefined;
  let lastError: unknown;
  // The port is free when chosen but could be taken before redis-server binds it: try again then.
  for (let attempt = 0; attempt < 3 && !server; attempt++) {
    try {
      server = await startRedisServer(dir);
    } catch (error) {
      lastError = error;
    }
  }
  if (!server) {
    rmSync(dir, { recursive: true, force: true });
    throw lastError;
  }
  const { child, port } = server;
  // Never leave the server behind, even when vitest exits without running teardown.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  project.provide('redisUrl', `redis://${HOST}:${port}`);
  return async () => {
    process.off('exit', killOnExit);
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  };
}
