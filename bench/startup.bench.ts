/**
 * Benchmark (6): starting callflow. (a) `callflow validate flows/main-menu.flow.json` as a whole
 * process — the compiled JavaScript in dist/ (as an installed package runs it, and through the
 * checkout's freshness check) against the TypeScript sources through tsx — each as a multiple of a
 * bare `node -e 0` started in the same rounds; (b) an engine's CPU time from its start until it
 * answers GET /healthz, compiled and through tsx. Needs `npm run build` first (it says so).
 * Process CPU comes from the child itself (process.cpuUsage at exit, preloaded) or, for the engine
 * that keeps running, from /proc/<pid>/stat.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLOWS_DIR, ROOT } from '../engine/node/paths.ts';
import { formatNs, nowNs, summarize, type Row, type Section } from './harness.ts';
import { formatMs, verdict, type BenchOptions } from './options.ts';

const CLI = join(ROOT, 'bin', 'callflow.js');
const AIM_VALIDATE_RATIO = 4;
const AIM_ENGINE_CPU_MS = 1000;
// Prints the process's own CPU time (user + system, µs) on fd 2 as it exits.
const REPORT_CPU = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu-us '+(u.user+u.system)+'\\n')})`;

interface Sample {
  wallNs: number;
  cpuNs: number;
}

function runOnce(args: string[], env: Record<string, string | undefined>): Promise<Sample> {
  const started = nowNs();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', REPORT_CPU, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      const cpu = /cpu-us (\d+)/.exec(stderr);
      if (code !== 0 || !cpu) return reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      resolve({ wallNs: nowNs() - started, cpuNs: Number(cpu[1]) * 1000 });
    });
  });
}

const VALIDATE = [CLI, 'validate', join('flows', 'main-menu.flow.json')];
const variants: Array<{ label: string; args: string[]; env: Record<string, string | undefined> }> = [
  { label: 'bare node -e 0  [baseline]', args: ['-e', '0'], env: {} },
  { label: 'validate, compiled (dist/, as installed)', args: VALIDATE, env: { CALLFLOW_RUN_FROM: 'dist' } },
  { label: 'validate, compiled (checkout: freshness check)', args: VALIDATE, env: { CALLFLOW_RUN_FROM: undefined } },
  { label: 'validate, sources through tsx', args: VALIDATE, env: { CALLFLOW_RUN_FROM: 'source' } },
];

async function validateSection(options: BenchOptions): Promise<Section> {
  const rounds = options.quick ? 3 : 15;
  const samples = variants.map(() => [] as Sample[]);
  // Interleaved: each round runs every variant once, so the machine's load falls on all alike.
  for (let round = 0; round < rounds + 1; round++) {
    for (const [index, variant] of variants.entries()) {
      const sample = await runOnce(variant.args, variant.env);
      if (round > 0) samples[index].push(sample); // the first round warms the disk cache
    }
  }
  const medians = samples.map((list) => ({ wall: summarize(list.map((s) => s.wallNs)).median, cpu: summarize(list.map((s) => s.cpuNs)).median }));
  const base = medians[0];
  const rows: Row[] = variants.map((variant, index) => {
    const { wall, cpu } = medians[index];
    const compiled = variant.env.CALLFLOW_RUN_FROM !== 'source' && index > 0;
    return {
      label: variant.label,
      n: rounds,
      cells: [
        { text: formatNs(wall), ratio: wall / base.wall },
        { text: formatNs(cpu), ratio: cpu / base.cpu },
      ],
      aim: compiled ? `wall ≤ ${AIM_VALIDATE_RATIO}× bare: ${verdict(wall / base.wall <= AIM_VALIDATE_RATIO)}` : undefined,
    };
  });
  return {
    title: '(6a) callflow validate flows/main-menu.flow.json, a whole process',
    columns: ['median wall', 'median CPU'],
    baseline: 'bare `node -e 0` started in the same rounds (interleaved)',
    notes: [
      'compiled (dist/, as installed): CALLFLOW_RUN_FROM=dist, which an installed package does by itself (it has no sources); checkout: bin/callflow.js first checks that no source is newer than the build',
      'CPU: user + system time of the process, read by itself as it exits',
    ],
    rows,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** CPU time (user + system) of a running process, from /proc, in nanoseconds. */
function processCpuNs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat; after "pid (comm) " they are at 11 and 12, in clock ticks (100 a second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) / 100) * 1e9;
}

async function engineUntilHealthy(runFrom: 'dist' | 'source', flowsDir: string): Promise<Sample> {
  const port = await freePort();
  const started = nowNs();
  const child = spawn(process.execPath, [CLI, 'serve', '--no-editor-build'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      CALLFLOW_RUN_FROM: runFrom,
      PORT: String(port),
      CALLFLOW_FLOWS_DIR: flowsDir,
      CALLFLOW_STORE: 'memory:',
      CALLFLOW_TTS_CACHE_DIR: join(flowsDir, '..', 'tts'),
      // A bot's credentials: the engine serves at once, without the built-in emulator (nothing is asked of Graph until a call).
      AZURE_TENANT_ID: '00000000-0000-4000-8000-000000000001',
      AZURE_CLIENT_ID: '00000000-0000-4000-8000-000000000002',
      AZURE_CLIENT_SECRET: 'bench-only',
    },
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the engine exited ${child.exitCode} before answering /healthz`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) return { wallNs: nowNs() - started, cpuNs: processCpuNs(child.pid!) };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function engineSection(options: BenchOptions): Promise<Section> {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-startup-'));
  const flowsDir = join(dir, 'flows');
  cpSync(join(FLOWS_DIR, 'main-menu.flow.json'), join(flowsDir, 'main-menu.flow.json'));
  cpSync(join(FLOWS_DIR, 'prompts'), join(flowsDir, 'prompts'), { recursive: true });
  const rounds = options.quick ? 2 : 5;
  const samples = { dist: [] as Sample[], source: [] as Sample[] };
  try {
    for (let round = 0; round < rounds; round++) {
      samples.dist.push(await engineUntilHealthy('dist', flowsDir));
      samples.source.push(await engineUntilHealthy('source', flowsDir));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const bare = summarize((await Promise.all([0, 1, 2].map(() => runOnce(['-e', '0'], {})))).map((s) => s.cpuNs)).median;
  const row = (label: string, list: Sample[], aim: boolean): Row => {
    const wall = summarize(list.map((s) => s.wallNs)).median;
    const cpu = summarize(list.map((s) => s.cpuNs)).median;
    return {
      label,
      n: list.length,
      cells: [{ text: formatNs(cpu), ratio: cpu / bare }, { text: formatNs(wall) }],
      aim: aim ? `CPU ≤ ${formatMs(AIM_ENGINE_CPU_MS)}: ${verdict(cpu / 1e6 <= AIM_ENGINE_CPU_MS)}` : undefined,
    };
  };
  return {
    title: '(6b) an engine (callflow serve, memory store, main-menu flow) from its start until GET /healthz answers',
    columns: ['median CPU', 'median wall'],
    baseline: 'CPU of a bare `node -e 0`, measured after the engines',
    notes: [
      'CPU: user + system of the engine process from /proc at the first 200 from /healthz (10 ms resolution); with AZURE_* set no emulator starts and nothing is asked of Graph',
    ],
    rows: [row('engine, compiled (dist/)', samples.dist, true), row('engine, sources through tsx', samples.source, false)],
  };
}

export async function startupBench(options: BenchOptions): Promise<Section[]> {
  if (!existsSync(join(ROOT, 'dist', 'engine', 'cli', 'main.js')))
    throw new Error('startup: run npm run build first (it measures the compiled engine in dist/)');
  return [await validateSection(options), await engineSection(options)];
}
