/**
 * `GET /readyz` on a real server, with the engine getting its Graph token from the emulator over
 * HTTPS: ready when the store, the routed flows, the token and the process are all fine; 503 naming
 * the part that is not — a Redis store whose redis-server was stopped, a routed flow that is not
 * live, a client secret the token endpoint refuses, an engine handing its calls over — and never a
 * secret or token in what it says.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../engine/config.ts';
import { startEmulator, type RunningEmulator } from '../engine/emulator/index.ts';
import { FLOWS_DIR } from '../engine/node/paths.ts';
import { createApp } from '../engine/server/app.ts';
import { createCallEngine, type CallEngine } from '../engine/server/call-engine.ts';
import type { ReadinessReport } from '../engine/server/readiness.ts';
import type { CallStore } from '../engine/session/call-store.ts';
import { silentLogger } from '../engine/session/logger.ts';
import { MemoryCallStore } from '../engine/store/memory-store.ts';
import { RedisCallStore } from '../engine/store/redis-store.ts';
import { deployFolder } from './support/deploy-folder.ts';
import { GREETER } from './support/engine-harness.ts';
import { startRedisServer } from './support/redis-global-setup.ts';
import { EMULATOR_TEST_DATA_DIR } from './helpers/emulator-global-setup.ts';

let emulator: RunningEmulator;
const stops: Array<() => Promise<void>> = [];
beforeAll(async () => {
  emulator = await startEmulator({ dataDir: EMULATOR_TEST_DATA_DIR });
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await emulator.stop();
});

interface Running {
  base: string;
  dir: string;
  engine: CallEngine;
  readyz(): Promise<{ status: number; body: ReadinessReport; text: string }>;
}

/** An engine for the emulator's app, its calls routed to `routeTo` (default the greeter, which is deployed), served on a free port. */
async function startEngine(options: { store?: CallStore; routeTo?: string; env?: Record<string, string> } = {}): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-readyz-'));
  mkdirSync(join(dir, 'prompts', 'en-US'), { recursive: true });
  copyFileSync(join(FLOWS_DIR, 'prompts', 'en-US', 'welcome.wav'), join(dir, 'prompts', 'en-US', 'welcome.wav'));
  writeFileSync(join(dir, 'greeter.flow.json'), JSON.stringify(GREETER, null, 2));
  writeFileSync(join(dir, 'routes.json'), JSON.stringify({ routes: [{ called: { application: emulator.appId }, flow: options.routeTo ?? 'greeter' }] }));
  const deploy = await deployFolder(dir);
  const config = parseConfig({
    ...emulator.env,
    CALLFLOW_FLOWS_DIR: dir,
    CALLFLOW_PUBLIC_URL: 'https://bot.contoso.com',
    CALLFLOW_RECORDINGS_DIR: join(dir, 'recordings'),
    ...options.env,
  });
  const engine = createCallEngine(config, deploy.deployment, { store: options.store ?? new MemoryCallStore(), logger: silentLogger });
  const server = await new Promise<Server>((resolve) => {
    const listening = createApp(deploy, { engine }).listen(0, '127.0.0.1', () => resolve(listening));
  });
  stops.push(async () => {
    await engine.close();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    deploy.deployment.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    dir,
    engine,
    async readyz() {
      const answer = await fetch(`${base}/readyz`);
      const text = await answer.text();
      return { status: answer.status, body: JSON.parse(text) as ReadinessReport, text };
    },
  };
}

it('is ready when the Redis store, the routed flows, the Graph token and the process are fine, and says so per check', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-readyz-redis-'));
  const redis = await startRedisServer(dir);
  const store = await RedisCallStore.open(`redis://127.0.0.1:${redis.port}`, { prefix: 'readyz:' });
  stops.push(async () => {
    await stopProcess(redis.child);
    rmSync(dir, { recursive: true, force: true });
  });
  const running = await startEngine({ store });

  const ready = await running.readyz();
  expect(ready.status, ready.text).toBe(200);
  expect(ready.body).toEqual({
    ready: true,
    checks: {
      store: { ok: true, detail: 'the redis store took a write and read it back' },
      flows: { ok: true, detail: 'every routed flow is live: greeter' },
      graph: { ok: true, detail: 'a Graph token was obtained' },
      draining: { ok: true, detail: 'not draining' },
      recordings: { ok: true, detail: `the folder ${join(running.dir, 'recordings')} takes recordings` },
    },
  });

  // The redis-server goes away: the store check fails, within the probe's time limit, and only it.
  await stopProcess(redis.child);
  const started = Date.now();
  const down = await running.readyz();
  expect(down.status).toBe(503);
  expect(Date.now() - started).toBeLessThan(4_000);
  expect(down.body.ready).toBe(false);
  expect(down.body.checks.store.ok).toBe(false);
  expect(down.body.checks.store.detail).toMatch(/^the redis store cannot be written or read: /);
  expect([down.body.checks.flows.ok, down.body.checks.graph.ok, down.body.checks.draining.ok]).toEqual([true, true, true]);
});

it('is not ready while a routed flow is not live, naming it', async () => {
  const running = await startEngine({ routeTo: 'after-hours' });
  const answer = await running.readyz();
  expect(answer.status).toBe(503);
  expect(answer.body.checks.flows).toEqual({ ok: false, detail: 'routed but not live: after-hours (missing, or every version has errors)' });
  expect([answer.body.checks.store.ok, answer.body.checks.graph.ok, answer.body.checks.draining.ok]).toEqual([true, true, true]);
});

it('is not ready when the token endpoint refuses the client secret, says why without the secret, and asks the endpoint once for several probes', async () => {
  const wrongSecret = 'wrong-secret-of-the-readiness-test';
  const running = await startEngine({ env: { AZURE_CLIENT_SECRET: wrongSecret } });
  const answer = await running.readyz();
  expect(answer.status).toBe(503);
  expect(answer.body.checks.graph).toEqual({ ok: false, detail: 'no Graph token: invalid_client (AADSTS7000215)' });
  expect(answer.text).not.toContain(wrongSecret);
  expect(answer.text).not.toContain(emulator.secret);
  const again = await running.readyz();
  expect(again.body.checks.graph.ok).toBe(false);
  expect(running.engine.tokens.acquisitions).toBe(1);
});

it('is not ready when recordings cannot be kept where CALLFLOW_RECORDINGS_DIR says, naming the folder', async () => {
  const blocked = join(mkdtempSync(join(tmpdir(), 'callflow-readyz-blocked-')), 'recordings');
  writeFileSync(blocked, 'a file where the folder should be');
  const running = await startEngine({ env: { CALLFLOW_RECORDINGS_DIR: blocked } });
  const answer = await running.readyz();
  expect(answer.status).toBe(503);
  expect(answer.body.checks.recordings).toEqual({ ok: false, detail: expect.stringMatching(/^recordings cannot be kept: .*EEXIST.*recordings/) });
  expect([answer.body.checks.store.ok, answer.body.checks.graph.ok, answer.body.checks.flows.ok]).toEqual([true, true, true]);
});

it('is not ready while the engine hands its calls over, and the webhook then answers 503 with Retry-After', async () => {
  const running = await startEngine();
  expect((await running.readyz()).status).toBe(200);
  await running.engine.drain();
  const answer = await running.readyz();
  expect(answer.status).toBe(503);
  expect(answer.body.checks.draining).toEqual({ ok: false, detail: 'handing calls over to other engines before exiting (SIGTERM)' });
  const notification = await fetch(`${running.base}/api/calling`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"value":[]}' });
  expect([notification.status, notification.headers.get('retry-after')]).toEqual([503, '1']);
  expect(((await notification.json()) as { error: { code: string } }).error.code).toBe('draining');
});

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
