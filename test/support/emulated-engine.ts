/**
 * An engine as `callflow serve` runs it — a child process with a SQLite store in a temporary
 * folder and a copy of the example flows — against a Graph calling emulator started in this test
 * process (its CA is trusted by every test worker and the processes they start: the unit tests'
 * global setup). `env` is the engine's exact environment, which the CLI commands under test are
 * given to check the same deployment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorApp, type RunningEmulator } from '../../engine/emulator/index.ts';
import { FLOWS_DIR, ROOT } from '../../engine/node/paths.ts';
import { EMULATOR_TEST_DATA_DIR } from '../helpers/emulator-global-setup.ts';
import { collect, freePorts, until } from '../e2e-graph/processes.ts';

export const CLI = join(ROOT, 'bin', 'callflow.js');
export const ENGINE_ADMIN_TOKEN = 'engine-admin-token-0123456789';

/** The environment without the machine's own bot settings, so that they cannot change an outcome. */
export const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AZURE_|CALLFLOW_|GRAPH_|PORT$|HOST$)/.test(name))) as Record<
  string,
  string
>;

export interface EmulatedEngine {
  emulator: RunningEmulator;
  url: string;
  /** The engine's environment (secrets included: tests only). */
  env: Record<string, string>;
  /** The SQLite store file. */
  storePath: string;
  stop(): Promise<void>;
}

export async function startEmulatedEngine(apps: Array<Partial<EmulatorApp>>): Promise<EmulatedEngine> {
  const emulator = await startEmulator({ dataDir: EMULATOR_TEST_DATA_DIR, apps });
  const dir = mkdtempSync(join(tmpdir(), 'callflow-engine-'));
  const flowsDir = join(dir, 'flows');
  cpSync(FLOWS_DIR, flowsDir, { recursive: true });
  const [port] = await freePorts(1);
  const url = `http://127.0.0.1:${port}`;
  for (const app of emulator.apps) app.callbackUri = `${url}/api/calling`;
  const storePath = join(dir, 'calls.db');
  const { AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_AUTHORITY_HOST, GRAPH_BASE_URL, CALLFLOW_NOTIFICATION_OPENID_URL } = emulator.env;
  const env = {
    ...CLEAN_ENV,
    AZURE_TENANT_ID,
    AZURE_CLIENT_ID,
    AZURE_CLIENT_SECRET,
    AZURE_AUTHORITY_HOST,
    GRAPH_BASE_URL,
    CALLFLOW_NOTIFICATION_OPENID_URL,
    PORT: String(port),
    HOST: '127.0.0.1',
    CALLFLOW_PUBLIC_URL: url,
    CALLFLOW_FLOWS_DIR: flowsDir,
    CALLFLOW_STORE: `sqlite:${storePath}`,
    CALLFLOW_APP_INSTANCE_ID: emulator.apps[0].applicationInstanceId,
    CALLFLOW_TTS_CACHE_DIR: join(dir, 'tts'),
    CALLFLOW_ADMIN_TOKEN: ENGINE_ADMIN_TOKEN,
    CALLFLOW_LOG_LEVEL: 'warn',
  };
  const engine: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--no-editor-build', '--allow-insecure'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(engine);
  const stop = async () => {
    if (engine.exitCode === null) {
      const exited = new Promise((done) => engine.once('exit', done));
      engine.kill('SIGTERM');
      await exited;
    }
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await until('callflow serve', engine, output, async () => ((await fetch(`${url}/healthz`).catch(() => undefined))?.ok ? true : undefined));
  } catch (error) {
    await stop();
    throw error;
  }
  return { emulator, url, env, storePath, stop };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `callflow <args>` in its own process with `env`, from a folder of its own. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const cwd = mkdtempSync(join(tmpdir(), 'callflow-cli-'));
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      rmSync(cwd, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    }),
  );
}
