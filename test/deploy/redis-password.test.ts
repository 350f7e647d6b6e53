/**
 * The Redis of both cluster recipes, run as written by Debian's redis-server: the start command of
 * deploy/compose.yaml and of deploy/kubernetes/redis.yaml (each with only the secret's path, a free
 * port and a scratch folder put in), and their health checks. Redis takes no command without the
 * password, the health checks pass only with it, and an engine configured as the recipes configure
 * it (CALLFLOW_REDIS_PASSWORD_FILE) opens its store there.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../engine/config.ts';
import { openCallStore } from '../../engine/store/open-store.ts';
import { freePorts } from '../e2e-graph/processes.ts';
import { parseYamlDocuments } from './manifest-schemas.ts';

const DEPLOY = join(import.meta.dirname, '../../deploy');
const dir = mkdtempSync(join(tmpdir(), 'callflow-recipe-redis-'));
const passwordFile = join(dir, 'password');
writeFileSync(passwordFile, 'f00dfeed'.repeat(8) + '\n');
const servers: ChildProcess[] = [];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const compose = parseYamlDocuments(readFileSync(join(DEPLOY, 'compose.yaml'), 'utf8'), 'compose.yaml')[0] as Json;
const kubernetes = (parseYamlDocuments(readFileSync(join(DEPLOY, 'kubernetes', 'redis.yaml'), 'utf8'), 'redis.yaml') as Json[]).find(
  (object) => object.kind === 'StatefulSet',
)!;

/** A recipe's shell text with this test's secret file, port and folder; `$$` is Compose's escape of `$`. */
function localised(script: string, secretPath: string, port: number, fromCompose: boolean): string {
  const text = fromCompose ? script.replaceAll('$$', '$') : script;
  return text
    .replaceAll(secretPath, passwordFile)
    .replace('redis-server - ', `redis-server - --port ${port} --bind 127.0.0.1 --dir ${dir} --appendfilename aof-${port}.aof --save '' `)
    .replace('--dir /data', '');
}

function sh(script: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string }> {
  return new Promise((done) =>
    execFile('sh', ['-c', script], { env: { ...process.env, ...env } }, (error, stdout) => done({ code: error ? Number(error.code ?? 1) : 0, stdout })),
  );
}

async function startRedis(script: string, port: number): Promise<void> {
  servers.push(spawn('sh', ['-c', script], { cwd: dir, stdio: 'ignore' }));
  for (let tries = 0; tries < 100; tries++) {
    const listening = await new Promise<boolean>((done) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => done(true)).once('error', () => done(false));
      socket.unref();
    });
    if (listening) return;
    await new Promise((wait) => setTimeout(wait, 50));
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

afterAll(() => {
  for (const server of servers) server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe.each([
  {
    recipe: 'deploy/compose.yaml',
    start: () => localised(compose.services.redis.command[2], '/run/secrets/redis_password', 0, true),
    health: () => localised(compose.services.redis.healthcheck.test[1], '/run/secrets/redis_password', 0, true),
    fromCompose: true,
  },
  {
    recipe: 'deploy/kubernetes/redis.yaml',
    start: () => localised(kubernetes.spec.template.spec.containers[0].command[2], '/run/secrets/redis/password', 0, false),
    health: () => localised(kubernetes.spec.template.spec.containers[0].readinessProbe.exec.command[2], '/run/secrets/redis/password', 0, false),
    fromCompose: false,
  },
])('the Redis of $recipe', ({ start, health }) => {
  it('takes no command without the password, passes its health check only with it, and serves an engine that reads it from a file', async () => {
    const [port] = await freePorts(1);
    await startRedis(start().replace('--port 0', `--port ${port}`).replace('aof-0.aof', `aof-${port}.aof`), port);

    expect((await sh(`redis-cli -h 127.0.0.1 -p ${port} ping`)).stdout).toMatch(/^NOAUTH/);

    const check = health().replace('redis-cli ping', `redis-cli -h 127.0.0.1 -p ${port} ping`);
    expect((await sh(check)).code).toBe(0);
    writeFileSync(join(dir, 'wrong'), 'not-the-password');
    expect((await sh(check.replaceAll(passwordFile, join(dir, 'wrong')))).code).not.toBe(0);

    const config = parseConfig({ CALLFLOW_STORE: `redis://127.0.0.1:${port}`, CALLFLOW_REDIS_PASSWORD_FILE: passwordFile });
    const store = await openCallStore(config.store);
    try {
      expect(await store.probe('the recipe’s Redis')).toBe('the recipe’s Redis');
    } finally {
      await store.close();
    }
  });
});
