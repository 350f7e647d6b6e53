/**
 * `callflow serve` with real Azure credentials (the emulator's, standing in for Entra ID and Graph)
 * refuses a public URL Graph could never deliver to — plain http, or this machine — with the reason
 * and the fix; `--allow-insecure` starts it anyway with a loud warning. Once listening it tries
 * `<public URL>/healthz` and prints what came back, reachable or not, and on SIGTERM hands its calls
 * over and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../engine/emulator/index.ts';
import { FLOWS_DIR, ROOT } from '../engine/node/paths.ts';
import { collect, freePorts, until } from './e2e-graph/processes.ts';
import { EMULATOR_TEST_DATA_DIR } from './helpers/emulator-global-setup.ts';

const CLI = join(ROOT, 'bin', 'callflow.js');
let emulator: RunningEmulator;
let work: string;
beforeAll(async () => {
  emulator = await startEmulator({ dataDir: EMULATOR_TEST_DATA_DIR });
  work = mkdtempSync(join(tmpdir(), 'callflow-serve-url-'));
  cpSync(FLOWS_DIR, join(work, 'flows'), { recursive: true });
});
afterAll(async () => {
  await emulator.stop();
  rmSync(work, { recursive: true, force: true });
});

function serve(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [CLI, 'serve', '--no-editor-build', ...args], {
    env: {
      ...process.env,
      ...emulator.env,
      HOST: '127.0.0.1',
      CALLFLOW_STORE: 'memory:',
      CALLFLOW_FLOWS_DIR: join(work, 'flows'),
      CALLFLOW_TTS_CACHE_DIR: join(work, 'tts'),
      CALLFLOW_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

it('refuses to start a real bot on a plain-http loopback public URL, with the reason and the fix', async () => {
  const [port] = await freePorts(1);
  const child = serve([], { PORT: String(port), CALLFLOW_PUBLIC_URL: `http://127.0.0.1:${port}` });
  const output = collect(child);
  expect(await exitOf(child)).toBe(1);
  expect(output()).toContain(`CALLFLOW_PUBLIC_URL=http://127.0.0.1:${port} cannot be the webhook of a real bot`);
  expect(output()).toContain('Graph sends calling notifications only to https webhooks');
  expect(output()).toContain('it names 127.0.0.1, which Graph cannot reach');
  expect(output()).toContain('Fix: set CALLFLOW_PUBLIC_URL to the https address');
  expect(output()).toContain('--allow-insecure');
  expect(output()).not.toContain('callflow listening');
});

it('starts with --allow-insecure after a warning, reports the webhook reachable through the public URL, and exits 0 on SIGTERM', async () => {
  const [port] = await freePorts(1);
  const child = serve(['--allow-insecure'], { PORT: String(port), CALLFLOW_PUBLIC_URL: `http://localhost:${port}` });
  const output = collect(child);
  const exited = exitOf(child);
  await until('the reachability line', child, output, () => (/webhook (reachable|NOT)/.test(output()) ? true : undefined));
  expect(output()).toContain('WARNING (--allow-insecure): starting anyway.');
  expect(output()).toContain(`webhook reachable: GET http://localhost:${port}/healthz answered 200 through the public URL`);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output()).toMatch(/SIGTERM: handing calls over[\s\S]*calls handed over in \d+ ms; exiting/);
});

it('says so, and keeps running, when nothing answers at the public URL', async () => {
  const [port, nobody] = await freePorts(2);
  const child = serve(['--allow-insecure'], { PORT: String(port), CALLFLOW_PUBLIC_URL: `https://127.0.0.1:${nobody}` });
  const output = collect(child);
  const exited = exitOf(child);
  await until('the reachability line', child, output, () => (/webhook (reachable|NOT)/.test(output()) ? true : undefined));
  expect(output()).toContain(`webhook NOT reachable: GET https://127.0.0.1:${nobody}/healthz failed (ECONNREFUSED)`);
  expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
