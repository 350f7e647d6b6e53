/**
 * The container image, built from the repository's Dockerfile and run with Debian's podman: its
 * configuration (non-root, port, volume, health check), then a real call. The Graph emulator runs on
 * the host (`callflow emulator`), the engine in the container with the environment the emulator
 * prints and the emulator's CA mounted in; `callflow call` dials the main number from the host,
 * and the engine's trace shows the call ran the routed flow and played its prompts, synthesized by
 * the image's espeak-ng onto the /data volume.
 *
 * The base image is built once (scripts/build-base-image.mjs) and kept; the image, its container
 * and its volume are removed afterwards. `npm run test:image` runs this file alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../engine/node/paths.ts';
import { collect, freePorts, until } from '../e2e-graph/processes.ts';
import { baseImage, imageConfig, podman, runBuild, runCommand } from './podman.ts';
import { readWalkthrough } from './walkthrough.ts';

/** The engine's readiness route: the container counts as started when it answers 200 here. */
const READY_PATH = '/readyz';
const CLI = join(ROOT, 'bin', 'callflow.js');
const ADMIN_TOKEN = `image-${randomBytes(12).toString('hex')}`;
/** Where the container finds the emulator's CA (NODE_EXTRA_CA_CERTS). */
const CA_IN_CONTAINER = '/run/callflow/emulator-ca.pem';

/** The images whose layers the next run's build reuses. */
const CACHE_TAGS = { runtime: 'localhost/callflow-image-test:cache', build: 'localhost/callflow-image-test:build-cache' };
const run = randomBytes(4).toString('hex');
const image = `localhost/callflow-image-test:${run}`;
const container = `callflow-image-test-${run}`;
const volume = `callflow-image-test-${run}`;
const emulatorDir = mkdtempSync(join(tmpdir(), 'callflow-image-emulator-'));
const children: ChildProcess[] = [];
const timings: Record<string, number> = {};
let emulatorUrl = '';
let containerStarted = false;
let baseTag = '';
let walkthroughCleanUp: string | undefined;

function log(what: string, seconds: number): void {
  timings[what] = seconds;
  console.log(`image lane: ${what} in ${seconds.toFixed(1)} s`);
}

beforeAll(async () => {
  const base = await baseImage();
  baseTag = base.tag;
  log(`base image ${base.tag}`, base.seconds);
  const build = await runBuild('podman', [
    'build',
    '--format',
    'docker',
    '--jobs',
    '2',
    '--network=host',
    '--build-arg',
    `BASE_IMAGE=${base.tag}`,
    '-t',
    image,
    ROOT,
  ]);
  if (build.code !== 0) throw new Error(`podman build exited ${build.code}:\n${build.stdout.slice(-4000)}\n${build.stderr.slice(-4000)}`);
  log('podman build', build.seconds);
  // Both stages' last layers under fixed names: the next run's cache (the dependency layers) is
  // what these keep, and every layer of earlier runs becomes dangling, pruned in afterAll.
  await podman('tag', image, CACHE_TAGS.runtime);
  await podman('build', '--format', 'docker', '--network=host', '--build-arg', `BASE_IMAGE=${base.tag}`, '--target', 'build', '-t', CACHE_TAGS.build, ROOT);
}, 1_200_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  if (containerStarted) await runCommand('podman', ['rm', '--force', '--time', '5', container]);
  if (walkthroughCleanUp) await runCommand('sh', ['-c', walkthroughCleanUp]);
  await runCommand('podman', ['volume', 'rm', '--force', volume]);
  await runCommand('podman', ['rmi', '--force', image]);
  // Else every run would leave a gigabyte of layers behind.
  await runCommand('podman', ['image', 'prune', '--force']);
  rmSync(emulatorDir, { recursive: true, force: true });
  console.log(`image lane timings (s): ${JSON.stringify(timings)}`);
}, 120_000);

describe('the container image', () => {
  it('runs the engine as a non-root user on port 3978 with its calls on the /data volume and a health check', async () => {
    const config = await imageConfig(image);
    expect(config.User).toBe('callflow');
    expect(Object.keys(config.ExposedPorts ?? {})).toEqual(['3978/tcp']);
    expect(Object.keys(config.Volumes ?? {})).toEqual(['/data']);
    expect(config.Cmd).toEqual(['node', 'bin/callflow.js', 'serve']);
    expect(config.Env).toEqual(expect.arrayContaining(['HOST=0.0.0.0', 'PORT=3978', 'CALLFLOW_STORE=sqlite:/data/callflow.db']));
    expect(config.Healthcheck?.Test.join(' ')).toContain('/healthz');
    expect(config.Env).toContain('CALLFLOW_RUN_FROM=dist');
    // Only what the engine runs: the compiled engine, no sources, no tests, no development dependencies.
    const listing = await podman('run', '--rm', '--ulimit', 'host', '--network=host', image, 'sh', '-c', 'ls /app; ls /app/node_modules; id -u');
    const names = listing.stdout.split('\n');
    expect(names).toEqual(expect.arrayContaining(['bin', 'dist', 'editor', 'flows', 'schemas', 'express', 'better-sqlite3']));
    for (const absent of ['engine', 'test', 'vitest', 'tsx', 'typescript']) expect(names).not.toContain(absent);
    expect(names.filter(Boolean).at(-1)).toBe('10001');
  });

  it('answers ready, takes a call from the Graph emulator on the host into its flow and speaks its prompts with espeak-ng', async () => {
    const [emulatorPort, port] = await freePorts(2);
    const engineUrl = `http://127.0.0.1:${port}`;
    const emulator = spawn(
      process.execPath,
      [CLI, 'emulator', '--port', String(emulatorPort), '--data-dir', emulatorDir, '--callback-uri', `${engineUrl}/api/calling`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(emulator);
    const emulatorOutput = collect(emulator);
    const printed = await until('callflow emulator', emulator, emulatorOutput, () =>
      emulatorOutput().includes('NODE_EXTRA_CA_CERTS=') ? emulatorOutput() : undefined,
    );
    const env = Object.fromEntries([...printed.matchAll(/^([A-Z_]+)=(.+)$/gm)].map((m) => [m[1], m[2]]));
    emulatorUrl = env.AZURE_AUTHORITY_HOST;
    const caOnHost = env.NODE_EXTRA_CA_CERTS;

    // The bot's environment as the emulator printed it, but the CA at its path inside the container.
    const engineEnv: Record<string, string> = {
      AZURE_TENANT_ID: env.AZURE_TENANT_ID,
      AZURE_CLIENT_ID: env.AZURE_CLIENT_ID,
      AZURE_CLIENT_SECRET: env.AZURE_CLIENT_SECRET,
      AZURE_AUTHORITY_HOST: env.AZURE_AUTHORITY_HOST,
      GRAPH_BASE_URL: env.GRAPH_BASE_URL,
      CALLFLOW_NOTIFICATION_OPENID_URL: env.CALLFLOW_NOTIFICATION_OPENID_URL,
      NODE_EXTRA_CA_CERTS: CA_IN_CONTAINER,
      PORT: String(port),
      CALLFLOW_PUBLIC_URL: engineUrl,
      CALLFLOW_ADMIN_TOKEN: ADMIN_TOKEN,
    };
    const started = Date.now();
    await podman(
      'run',
      '--detach',
      '--name',
      container,
      '--ulimit',
      'host',
      '--network=host',
      '--volume',
      `${volume}:/data`,
      '--volume',
      `${caOnHost}:${CA_IN_CONTAINER}:ro`,
      ...Object.entries(engineEnv).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
      image,
      // The emulator stands in for Graph on this machine: its webhook is plain http on loopback.
      ...['node', 'bin/callflow.js', 'serve', '--allow-insecure'],
    );
    containerStarted = true;
    await waitForReady(`${engineUrl}${READY_PATH}`);
    log(`container ready (${READY_PATH} 200)`, (Date.now() - started) / 1000);
    expect((await podman('healthcheck', 'run', container)).code).toBe(0);

    const call = spawn(process.execPath, [CLI, 'call', '--to', '+14255550100', '--keys', '1', '--emulator', emulatorUrl, '--ca', caOnHost, '--timeout', '60'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(call);
    const heard = collect(call);
    const code = await new Promise<number | null>((done) => call.once('exit', done));
    expect({ code, heard: heard() }).toMatchObject({ code: 0 });
    const lines = heard().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '(call established)',
        'bot: Thank you for calling Contoso.',
        'you pressed 1',
        '(the bot transfers you to Contoso Sales (phone))',
        'call ended (0/7015 GracefulTransferCompleted)',
      ]),
    );

    // The engine in the container ran the routed flow: its trace of the call, by the emulator's call id.
    const callId = /\(emulator call ([0-9a-f-]+)\)/.exec(heard())?.[1];
    expect(callId, heard()).toBeDefined();
    // The caller's side ends first: the engine settles the call when the emulator's last notification arrives.
    let trace: { flowId: string; status: string; entries: Array<{ kind: string; effect?: unknown }> } | undefined;
    for (let tries = 0; tries < 50 && trace?.status !== 'done'; tries++) {
      if (tries) await new Promise((done) => setTimeout(done, 200));
      const response = await fetch(`${engineUrl}/api/calls/${callId}/trace`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(response.status).toBe(200);
      trace = (await response.json()) as typeof trace;
    }
    expect(trace).toMatchObject({ flowId: 'main-menu', status: 'done' });
    const played = trace!.entries.filter((entry) => entry.kind === 'graph.request' && entry.effect === 'graph.playPrompt');
    expect(played.length).toBeGreaterThanOrEqual(2);

    // The calls and the synthesized prompts are on the volume, written by the container's user.
    const { stdout } = await podman('volume', 'inspect', '--format', '{{.Mountpoint}}', volume);
    const data = stdout.trim();
    expect(existsSync(join(data, 'callflow.db'))).toBe(true);
    expect(readdirSync(join(data, 'tts')).filter((name) => name.endsWith('.wav')).length).toBeGreaterThanOrEqual(2);
  });
});

describe("docs/deploy.md's walkthrough against the emulator", () => {
  it('runs the emulator, Redis, three engines and the proxy in a pod; the doctor passes every check and a call goes through', async () => {
    const standIns = await standInImages();
    const [hostPort] = await freePorts(1);
    const walkthrough = readWalkthrough({ callflow: image, ...standIns }, hostPort, '1');
    const workDir = mkdtempSync(join(tmpdir(), 'callflow-walkthrough-'));
    const inWorkDir = (script: string) => runCommand('bash', ['-e', '-c', `cd ${workDir}\n${script}`], 180_000);
    await inWorkDir(walkthrough.cleanUp); // what an interrupted earlier run left
    walkthroughCleanUp = walkthrough.cleanUp;
    const started = Date.now();
    const setup = await inWorkDir(walkthrough.setup);
    expect(setup.code, setup.stderr).toBe(0);
    await waitForReady(`http://127.0.0.1:${hostPort}${READY_PATH}`, ['try-emulator', 'try-engine-1', 'try-proxy']);
    log('walkthrough pod ready', (Date.now() - started) / 1000);

    const doctor = await inWorkDir(walkthrough.doctor);
    expect({ code: doctor.code, output: doctor.stdout + doctor.stderr }).toMatchObject({ code: 0 });
    expect(doctor.stdout).toMatch(/^pass {2}webhook /m);
    expect(doctor.stdout).not.toMatch(/^FAIL/m);

    const call = await inWorkDir(walkthrough.call);
    expect({ code: call.code, output: call.stdout + call.stderr }).toMatchObject({ code: 0 });
    expect(call.stdout.split('\n')).toEqual(
      expect.arrayContaining(['bot: Thank you for calling Contoso.', 'you pressed 1', 'call ended (0/7015 GracefulTransferCompleted)']),
    );
    log('walkthrough doctor and call', (Date.now() - started) / 1000);
  });
});

/** Local stand-ins for the walkthrough's public Redis and HAProxy images (stand-ins.Containerfile), kept between runs. */
async function standInImages(): Promise<{ redis: string; haproxy: string }> {
  const tags = { redis: `localhost/callflow-stand-in-redis:${baseTag.split(':')[1]}`, haproxy: `localhost/callflow-stand-in-haproxy:${baseTag.split(':')[1]}` };
  for (const [target, tag] of Object.entries(tags)) {
    const file = join(ROOT, 'test', 'image', 'stand-ins.Containerfile');
    const build = await runBuild('podman', [
      'build',
      '--format',
      'docker',
      '--network=host',
      '--build-arg',
      `BASE_IMAGE=${baseTag}`,
      '--target',
      target,
      '-t',
      tag,
      '-f',
      file,
      join(ROOT, 'test', 'image'),
    ]);
    if (build.code !== 0) throw new Error(`building the ${target} stand-in exited ${build.code}:\n${build.stderr.slice(-4000)}`);
  }
  return tags;
}

async function waitForReady(url: string, containers = [container]): Promise<void> {
  const deadline = Date.now() + 90_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const status = await fetch(url).then(
      (r) => r.status,
      (error: Error) => error.message,
    );
    if (status === 200) return;
    last = String(status);
    await new Promise((done) => setTimeout(done, 200));
  }
  const logs = await Promise.all(containers.map((name) => runCommand('podman', ['logs', '--tail', '40', name])));
  const output = logs.map((log, i) => `--- ${containers[i]}:\n${log.stdout}\n${log.stderr}`).join('\n');
  throw new Error(`${url} did not answer 200 within 90 s (last: ${last}); the containers' output:\n${output}`);
}
