/**
 * `callflow doctor` beside `npm start` without Azure credentials: both commands, run from the same
 * empty folder without NODE_EXTRA_CA_CERTS, find the built-in emulator (data/emulator), re-run
 * themselves once to trust its CA, and the doctor passes every check of that deployment.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FLOWS_DIR } from '../engine/node/paths.ts';
import { EMULATOR_TEST_DATA_DIR } from './helpers/emulator-global-setup.ts';
import { collect, freePorts, until } from './e2e-graph/processes.ts';
import { CLEAN_ENV, CLI } from './support/emulated-engine.ts';

const cwd = mkdtempSync(join(tmpdir(), 'callflow-doctor-start-'));
const { NODE_EXTRA_CA_CERTS: _trusted, ...env } = CLEAN_ENV;
const serve = { child: undefined as ReturnType<typeof spawn> | undefined };

afterAll(async () => {
  const child = serve.child;
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(cwd, { recursive: true, force: true });
});

it('passes every check against the engine npm start runs with its built-in emulator', { timeout: 120_000 }, async () => {
  // The emulator's certificates are made with openssl on first use: reuse the test ones.
  cpSync(join(EMULATOR_TEST_DATA_DIR, 'pki'), join(cwd, 'data', 'emulator', 'pki'), { recursive: true });
  const [port] = await freePorts(1);
  const childEnv = { ...env, PORT: String(port), CALLFLOW_FLOWS_DIR: FLOWS_DIR, CALLFLOW_LOG_LEVEL: 'warn', CALLFLOW_TTS_CACHE_DIR: join(cwd, 'tts') };
  const child = spawn(process.execPath, [CLI, 'serve', '--no-editor-build'], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  serve.child = child;
  const output = collect(child);
  await until('npm start', child, output, () => (output().includes('Place a test call') ? true : undefined), 90_000);

  const doctor = spawn(process.execPath, [CLI, 'doctor', '--json'], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const said = collect(doctor);
  const code = await new Promise<number | null>((done) => doctor.once('exit', done));
  const report = JSON.parse(said()) as { ok: boolean; checks: Array<{ id: string; ok: boolean; detail: string }> };
  expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  expect(report.checks).toHaveLength(8);
  expect({ ok: report.ok, code }).toEqual({ ok: true, code: 0 });
  expect(report.checks.find((check) => check.id === 'public-url')?.detail).toContain(`http://localhost:${port}/healthz answered 200`);
  expect(report.checks.find((check) => check.id === 'store')?.detail).toContain(join(cwd, 'data', 'callflow.db'));
});
