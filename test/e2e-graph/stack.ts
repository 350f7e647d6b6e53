/**
 * The engine and the emulator as two processes, as they run in production: `callflow emulator`
 * over HTTPS with a high speed factor and `callflow serve` with the environment the emulator
 * prints, on free ports. Readiness is polled (the emulator's printed environment, the engine's
 * /healthz). The flows are the example flows, copied with one change: the web services their http
 * blocks name (https://*.contoso.com) are served by services.ts on this machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorClient } from '../../engine/emulator/index.ts';
import { FLOWS_DIR } from '../../engine/node/paths.ts';
import { startServices, type Services } from './services.ts';
import { ADMIN_TOKEN, E2E_APP, E2E_DATA_DIR } from './stack-config.ts';

export interface Stack {
  engineUrl: string;
  emulatorUrl: string;
  people: EmulatorClient;
  services: Services;
  /** An admin request to the engine. */
  api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The example flows with their service URLs pointed at `origin`. */
function flowsFor(origin: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-e2e-flows-'));
  cpSync(FLOWS_DIR, dir, { recursive: true });
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.flow.json'))) {
    const file = join(dir, name);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/https:\/\/([a-z]+\.contoso\.com)\//g, `${origin}/$1/`));
  }
  return dir;
}

function collect(child: ChildProcess): () => string {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
}

async function until<T>(what: string, child: ChildProcess, output: () => string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what}: the process exited with ${child.exitCode}:\n${output()}`);
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs} ms:\n${output()}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

export async function startStack(options: { speed: number; env?: Record<string, string> }): Promise<Stack> {
  const services = await startServices();
  const flowsDir = flowsFor(services.origin);
  const enginePort = await freePort();
  const engineUrl = `http://127.0.0.1:${enginePort}`;
  const cli = join(FLOWS_DIR, '..', 'bin', 'callflow.js');
  const emulator = spawn(process.execPath, [cli, 'emulator', '--port', '0', '--data-dir', E2E_DATA_DIR, '--callback-uri', `${engineUrl}/api/calling`, '--speed', String(options.speed)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const emulatorOutput = collect(emulator);
  const children: ChildProcess[] = [emulator];
  try {
    const printed = await until('callflow emulator', emulator, emulatorOutput, () => (emulatorOutput().includes('NODE_EXTRA_CA_CERTS=') ? emulatorOutput() : undefined));
    const env = Object.fromEntries([...printed.matchAll(/^([A-Z_]+)=(.+)$/gm)].map((m) => [m[1], m[2]]));
    const { AZURE_TENANT_ID: _t, AZURE_CLIENT_ID: _c, AZURE_CLIENT_SECRET: _s, ...inherited } = process.env;
    const engine = spawn(process.execPath, [cli, 'serve', '--no-editor-build'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...inherited,
        ...env,
        PORT: String(enginePort),
        HOST: '127.0.0.1',
        CALLFLOW_PUBLIC_URL: engineUrl,
        CALLFLOW_FLOWS_DIR: flowsDir,
        CALLFLOW_ADMIN_TOKEN: ADMIN_TOKEN,
        CALLFLOW_LOG_LEVEL: 'warn',
        CALLFLOW_APP_INSTANCE_ID: E2E_APP.applicationInstanceId,
        ...options.env,
      },
    });
    children.push(engine);
    const engineOutput = collect(engine);
    await until('callflow serve', engine, engineOutput, async () => ((await fetch(`${engineUrl}/healthz`).catch(() => undefined))?.ok ? true : undefined));
    const ca = readFileSync(env.NODE_EXTRA_CA_CERTS, 'utf8');
    const emulatorUrl = env.AZURE_AUTHORITY_HOST;
    const people = new EmulatorClient(emulatorUrl, { ca, timeoutMs: 30_000, pollMs: 25 });
    return {
      engineUrl,
      emulatorUrl,
      people,
      services,
      async api<T>(method: string, path: string, body?: unknown) {
        const response = await fetch(`${engineUrl}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as T };
      },
      async stop() {
        people.close();
        await stopAll(children);
        await services.stop();
        rmSync(flowsDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll(children);
    await services.stop();
    throw error;
  }
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 3000).unref();
        }),
    ),
  );
}
