/**
 * The emulator and N engine processes sharing one store (an SQLite file for one engine, Redis for
 * several), behind the load balancer of balancer.ts: Graph's notifications and prompt fetches go to
 * the balancer, which sprays them over the engines. Engines can be killed with SIGKILL and started
 * again on the same port, store and flows, as a supervisor would after a crash, or stopped with
 * SIGTERM as a supervisor does for a rolling restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorClient } from '../../engine/emulator/index.ts';
import { FLOWS_DIR } from '../../engine/node/paths.ts';
import { ADMIN_TOKEN, E2E_APP, E2E_DATA_DIR } from '../e2e-graph/stack-config.ts';
import { startBalancer, type Balancer } from './balancer.ts';
import { collect, crash, freePorts, stopAll, until } from './processes.ts';

const CLI = join(FLOWS_DIR, '..', 'bin', 'callflow.js');

export interface EngineProcess {
  port: number;
  url: string;
  alive(): boolean;
  /** The running process's id (it changes with each start). */
  pid(): number | undefined;
  kill(): Promise<void>;
  /** Stops the process as a supervisor does (SIGTERM) and resolves with its exit code once it has exited. */
  stop(): Promise<number | null>;
  /**
   * Freezes the process (SIGSTOP) and resolves once it no longer runs: its store can be read as it
   * would be after a crash at this instant, then the process is killed there or resumed.
   */
  pause(): Promise<void>;
  resume(): void;
  start(): Promise<void>;
  output(): string;
}

export interface DurableStack {
  appId: string;
  people: EmulatorClient;
  balancer: Balancer;
  engines: EngineProcess[];
  /** The flows folder the engines deploy (a copy: tests may change a flow and redeploy). */
  flowsDir: string;
  /** CALLFLOW_STORE of the engines: `sqlite:<file>` or a Redis URL. */
  store: string;
  /** Starts more engines on the same store and flows. */
  addEngines(count: number): Promise<EngineProcess[]>;
  /** An admin request to one engine. */
  api<T>(engine: EngineProcess, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export interface DurableStackOptions {
  engines: number;
  /** CALLFLOW_STORE of every engine; default: an SQLite file of this stack. */
  store?: string;
  speed: number;
  env?: Record<string, string>;
  /** How the balancer picks engines; default Math.random. */
  random?: () => number;
  /** Each engine gets its own copy of the flows folder, as engines on separate machines would (default: one shared folder). */
  flowsPerEngine?: boolean;
  /** Emulator behaviours fixed instead of drawn per call (`callflow emulator --variations`), e.g. `operationLookup=notFound`. */
  variations?: string;
}

export async function startDurableStack(options: DurableStackOptions): Promise<DurableStack> {
  const work = mkdtempSync(join(tmpdir(), 'callflow-durable-'));
  const flowsDir = join(work, 'flows');
  cpSync(FLOWS_DIR, flowsDir, { recursive: true });
  const balancerPort = (await freePorts(1))[0]!;
  const publicUrl = `http://127.0.0.1:${balancerPort}`;
  cpSync(join(E2E_DATA_DIR, 'pki'), join(work, 'emulator', 'pki'), { recursive: true });
  writeFileSync(join(work, 'emulator', 'apps.json'), JSON.stringify([{ ...E2E_APP, callbackUri: `${publicUrl}/api/calling` }]));
  const store = options.store ?? `sqlite:${join(work, 'callflow.db')}`;
  const children: ChildProcess[] = [];
  const variations = options.variations ? ['--variations', options.variations] : [];
  const emulatorArgs = ['emulator', '--port', '0', '--data-dir', join(work, 'emulator'), '--speed', String(options.speed), ...variations];
  const emulator = spawn(process.execPath, [CLI, ...emulatorArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(emulator);
  const emulatorOutput = collect(emulator);
  const engines: EngineProcess[] = [];
  const balancer = await startBalancer(balancerPort, () => engines.filter((engine) => engine.alive()).map((engine) => engine.port), options.random);
  const stop = async () => {
    await stopAll(children);
    await balancer.close();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const printed = await until('callflow emulator', emulator, emulatorOutput, () =>
      emulatorOutput().includes('NODE_EXTRA_CA_CERTS=') ? emulatorOutput() : undefined,
    );
    const printedEnv = Object.fromEntries([...printed.matchAll(/^([A-Z_]+)=(.+)$/gm)].map((m) => [m[1]!, m[2]!]));
    const { AZURE_TENANT_ID: _t, AZURE_CLIENT_ID: _c, AZURE_CLIENT_SECRET: _s, ...inherited } = process.env;
    const env = {
      ...inherited,
      ...printedEnv,
      AZURE_CLIENT_ID: E2E_APP.appId,
      AZURE_CLIENT_SECRET: E2E_APP.secret,
      HOST: '127.0.0.1',
      CALLFLOW_PUBLIC_URL: publicUrl,
      CALLFLOW_FLOWS_DIR: flowsDir,
      CALLFLOW_ADMIN_TOKEN: ADMIN_TOKEN,
      CALLFLOW_LOG_LEVEL: 'warn',
      CALLFLOW_APP_INSTANCE_ID: E2E_APP.applicationInstanceId,
      CALLFLOW_STORE: store,
      ...options.env,
    };
    const addEngines = async (count: number) => {
      const added: EngineProcess[] = [];
      for (let index = 0; index < count; index++) {
        const own = options.flowsPerEngine ? join(work, `flows-${engines.length + index}`) : flowsDir;
        if (own !== flowsDir) cpSync(flowsDir, own, { recursive: true });
        added.push(engineProcess((await freePorts(1))[0]!, { ...env, CALLFLOW_FLOWS_DIR: own }, children));
      }
      engines.push(...added);
      await Promise.all(added.map((engine) => engine.start()));
      return added;
    };
    await addEngines(options.engines);
    const people = new EmulatorClient(printedEnv.AZURE_AUTHORITY_HOST!, {
      ca: readFileSync(printedEnv.NODE_EXTRA_CA_CERTS!, 'utf8'),
      timeoutMs: 60_000,
      pollMs: 50,
    });
    return {
      appId: E2E_APP.appId,
      people,
      addEngines,
      balancer,
      engines,
      flowsDir,
      store,
      async api<T>(engine: EngineProcess, method: string, path: string, body?: unknown) {
        const response = await fetch(`${engine.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as T };
      },
      async stop() {
        people.close();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function engineProcess(port: number, env: NodeJS.ProcessEnv, children: ChildProcess[]): EngineProcess {
  let child: ChildProcess | undefined;
  let output = () => '';
  let history = '';
  const url = `http://127.0.0.1:${port}`;
  return {
    port,
    url,
    alive: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    pid: () => child?.pid,
    output: () => history + output(),
    async kill() {
      if (!child) return;
      await crash(child);
      history += output();
    },
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
      const running = child;
      const exited = new Promise<number | null>((resolve) => running.once('exit', (code) => resolve(code)));
      running.kill('SIGTERM');
      const code = await exited;
      history += output();
      return code;
    },
    async pause() {
      if (!child?.pid) throw new Error(`no engine process on ${port}`);
      child.kill('SIGSTOP');
      while (!stopped(child.pid)) await new Promise((wait) => setTimeout(wait, 1));
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async start() {
      child = spawn(process.execPath, [CLI, 'serve', '--no-editor-build', '--allow-insecure'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...env, PORT: String(port) },
      });
      children.push(child);
      output = collect(child);
      const started = child;
      await until(`callflow serve on ${port}`, started, output, async () => ((await fetch(`${url}/healthz`).catch(() => undefined))?.ok ? true : undefined));
    },
  };
}

/** Whether the process is stopped by a signal: state T in /proc/<pid>/stat (after the command name in parentheses). */
function stopped(pid: number): boolean {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('T');
}
