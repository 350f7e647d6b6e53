/**
 * The engine and the emulator as separate processes, as they run in production: `callflow emulator`
 * over HTTPS with a high speed factor and `callflow serve` with the environment the emulator
 * prints (checked against it), on free ports. Readiness is polled (the emulator's printed
 * environment, the engine's /healthz). The flows are the example flows, copied with three changes: the web services their http
 * blocks name (https://*.contoso.com) are served by services.ts on this machine, a `dial`
 * rings for the block's minimum of 15 s (see DIAL_RING_SECONDS), and no `wait` lasts longer than
 * WAIT_SECONDS.
 *
 * A stack started with `instants` also registers one more bot per instant on the same emulator,
 * each served by an engine of its own whose flows' clock is moved to that instant
 * (CALLFLOW_CLOCK_OFFSET_MS): time-dependent scenarios run at the instant they state while the
 * other calls stay on the real clock. They boot with the stack, at most one per core at a time;
 * `stack.at(instant)` waits for one.
 *
 * The engines log at debug level (every trace entry is a log line too) and their output, like the
 * emulator's, is kept: `sweep()` searches every trace of every call and every log line for the
 * credentials the run used (credential-sweep.ts), and `stop()` fails when it finds one. The voicemail
 * flow's service wants its API token, a secret the engines are given as CALLFLOW_SECRET_VOICEMAIL_API_TOKEN.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { closeSync, cpSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowDocument } from '../../engine/core/types.ts';
import { EmulatorClient } from '../../engine/emulator/index.ts';
import { FLOWS_DIR } from '../../engine/node/paths.ts';
import { describeFindings, sweepForCredentials, type Credential, type Finding, type Place } from '../support/credential-sweep.ts';
import { collect, freePorts, stopAll, until } from './processes.ts';
import { startServices, type Services } from './services.ts';
import { ADMIN_TOKEN, E2E_APP, E2E_DATA_DIR } from './stack-config.ts';

export interface Stack {
  engineUrl: string;
  /** The bot registration this engine runs as: calls to the bot name it. */
  appId: string;
  emulatorUrl: string;
  /** The flows folder the engines serve (a copy of flows/): where a new recording would be delivered. */
  flowsDir: string;
  /** Where this view's engine keeps the recordings it downloaded (CALLFLOW_RECORDINGS_DIR). */
  recordingsDir: string;
  /** The emulator's CA (PEM): what this process needs to reach the emulator over HTTPS itself. */
  emulatorCa: string;
  people: EmulatorClient;
  services: Services;
  /** An admin request to the engine. */
  api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /**
   * The same stack seen through the engine whose flows' clock read `instant` (ISO 8601) when it
   * started, and has run at real speed since. Only for instants given to startStack.
   */
  at(instant: string): Promise<Stack>;
  /** The JSON log lines this stack's engine (this view's) has written so far, parsed. */
  engineLog(): Array<Record<string, unknown>>;
  /** Every trace and log line of the run so far searched for the run's credentials. */
  sweep(): Promise<SweepReport>;
  /** Stops every process; fails when the sweep (run first) finds a credential. */
  stop(): Promise<void>;
}

export interface SweepReport {
  findings: Finding[];
  /** The calls whose trace was searched (engine call ids). */
  traces: string[];
  /** Trace entries searched, over all calls. */
  traceEntries: number;
  /** Log lines searched: the engines' and the emulator's. */
  engineLogLines: number;
  emulatorLogLines: number;
  /** The kinds of credential searched for, and how many values of each. */
  credentials: Record<string, number>;
  /** JWTs there were to leak: access tokens the emulator issued, notifications it signed (each with its own JWT). */
  accessTokensIssued: number;
  notificationsSigned: number;
}

/** The secret the voicemail flow sends to its service (`Bearer {{secrets.VOICEMAIL_API_TOKEN}}`). */
export const VOICEMAIL_SECRET = 'VOICEMAIL_API_TOKEN';

/**
 * Ring timeout of every `dial` in the copied flows. The flows' own (outbound-reminder: 30 s) runs in
 * the engine in real time and would make a "nobody answers" walk last half a minute; 15 s is the
 * least the dial block accepts, so the flow still validates and behaves the same, only sooner.
 */
export const DIAL_RING_SECONDS = 15;

/**
 * Longest `wait` in the copied flows. A wait makes no Graph request and runs in the engine in real
 * time: standup-timer's 15-minute timebox would hold the walk for 15 minutes. Any wait ends the
 * same way, only sooner.
 */
export const WAIT_SECONDS = 3;

/**
 * Longest `waitFor` in the copied flows: it runs in real time, and a walk makes someone join or
 * leave as soon as the bot listens, so only its timeouts take this long (conference-host's minute
 * without a guest lasts 6 s).
 */
export const WAIT_FOR_SECONDS = 6;

/** The example flows with their service URLs pointed at `origin`, DIAL_RING_SECONDS, WAIT_SECONDS and WAIT_FOR_SECONDS. */
function flowsFor(origin: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-e2e-flows-'));
  cpSync(FLOWS_DIR, dir, { recursive: true });
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.flow.json'))) {
    const file = join(dir, name);
    const flow = JSON.parse(readFileSync(file, 'utf8').replace(/https:\/\/([a-z]+\.contoso\.com)\//g, `${origin}/$1/`)) as FlowDocument;
    for (const state of Object.values(flow.states)) {
      if (state.type === 'dial') state.ringTimeoutSeconds = DIAL_RING_SECONDS;
      if (state.type === 'wait' && typeof state.seconds === 'number') state.seconds = Math.min(state.seconds, WAIT_SECONDS);
      if (state.type === 'waitFor' && typeof state.timeoutSeconds === 'number') state.timeoutSeconds = Math.min(state.timeoutSeconds, WAIT_FOR_SECONDS);
    }
    const delays = flow.settings?.delays ?? {};
    for (const name of Object.keys(delays)) delays[name] = Math.min(delays[name], WAIT_SECONDS);
    writeFileSync(file, `${JSON.stringify(flow, null, 2)}\n`);
  }
  return dir;
}

interface Bot {
  app: typeof E2E_APP & { callbackUri: string };
  port: number;
}

/**
 * The emulator's data folder for one stack: the certificates the global setup made (openssl key
 * generation takes seconds) and the bots, each with the webhook of its engine. One folder per
 * stack, so test files running side by side never share a registration.
 */
function emulatorDataDir(bots: Bot[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-e2e-emulator-'));
  cpSync(join(E2E_DATA_DIR, 'pki'), join(dir, 'pki'), { recursive: true });
  writeFileSync(
    join(dir, 'apps.json'),
    `${JSON.stringify(
      bots.map((bot) => bot.app),
      null,
      2,
    )}\n`,
  );
  return dir;
}

function bot(app: typeof E2E_APP, port: number): Bot {
  return { app: { ...app, callbackUri: `http://127.0.0.1:${port}/api/calling` }, port };
}

/** Engines boot at most one per core at a time: each takes seconds of CPU to load. */
const boots = { free: availableParallelism(), waiting: [] as Array<() => void> };
async function oneBootPerCore<T>(boot: () => Promise<T>): Promise<T> {
  if (boots.free > 0) boots.free--;
  else await new Promise<void>((go) => boots.waiting.push(go));
  try {
    return await boot();
  } finally {
    const next = boots.waiting.shift();
    if (next) next();
    else boots.free++;
  }
}

/**
 * The environment `callflow emulator` prints for its first bot (engine/emulator/server.ts `env`),
 * known before it runs from the port, folder and bot the stack gives it: the engines boot while the
 * emulator does, and what it prints is then checked against what they were given.
 */
function emulatorEnv(port: number, dataDir: string, app: typeof E2E_APP): Record<string, string> {
  const base = `https://127.0.0.1:${port}`;
  return {
    AZURE_TENANT_ID: app.tenantId,
    AZURE_CLIENT_ID: app.appId,
    AZURE_CLIENT_SECRET: app.secret,
    AZURE_AUTHORITY_HOST: base,
    GRAPH_BASE_URL: `${base}/v1.0`,
    CALLFLOW_NOTIFICATION_OPENID_URL: `${base}/v1/.well-known/OpenIdConfiguration`,
    NODE_EXTRA_CA_CERTS: join(dataDir, 'pki', 'ca.pem'),
  };
}

export async function startStack(options: {
  speed: number;
  env?: Record<string, string>;
  instants?: string[];
  /** PEM certificates registered for the main bot (the emulator's apps.json `certificates`). */
  appCertificates?: string[];
}): Promise<Stack> {
  // Distinctive and new each run, so finding it anywhere means it leaked from this run.
  const voicemailToken = `vm-${randomBytes(24).toString('base64url')}`;
  const services = await startServices({ 'voicemail.contoso.com': `Bearer ${voicemailToken}` });
  const flowsDir = flowsFor(services.origin);
  const cli = join(FLOWS_DIR, '..', 'bin', 'callflow.js');
  const instants = options.instants ?? [];
  const [emulatorPort, mainPort, ...timedPorts] = await freePorts(2 + instants.length);
  const main = bot(E2E_APP, mainPort);
  if (options.appCertificates) Object.assign(main.app, { certificates: options.appCertificates });
  // One more registration of the bot per instant: its own app id, secret and webhook, the same
  // tenant and resource account, so flows/routes.json routes its calls as it routes the main one's.
  const timed = new Map(
    instants.map((instant, index) => [
      instant,
      bot({ ...E2E_APP, appId: randomUUID(), secret: `e2e~${randomBytes(18).toString('base64url')}` }, timedPorts[index]),
    ]),
  );
  const dataDir = emulatorDataDir([main, ...timed.values()]);
  const env = emulatorEnv(emulatorPort, dataDir, E2E_APP);
  const seed = Number(process.env.CALLFLOW_TEST_SEED) || randomInt(1, 2 ** 31);
  // Call ids are random, so a seed alone does not replay a call's draws: a failure prints the
  // failing call's drawn behaviours, and CALLFLOW_TEST_VARIATIONS (e.g. mediaState=laterUpdate) fixes them.
  console.log(`emulator seed ${seed} (CALLFLOW_TEST_SEED replays it; CALLFLOW_TEST_VARIATIONS=name=behaviour,… fixes behaviours)`);
  const fixed = process.env.CALLFLOW_TEST_VARIATIONS ? ['--variations', process.env.CALLFLOW_TEST_VARIATIONS] : [];
  const emulatorArgs = [
    'emulator',
    '--port',
    String(emulatorPort),
    '--data-dir',
    dataDir,
    '--speed',
    String(options.speed),
    '--seed',
    String(seed),
    '--verbose',
    ...fixed,
  ];
  const emulator = spawn(process.execPath, [cli, ...emulatorArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const emulatorOutput = collect(emulator);
  // Synthesized prompts of this stack's engines, apart from any other run's.
  const speechDir = mkdtempSync(join(tmpdir(), 'callflow-e2e-tts-'));
  // The recordings each engine keeps, one folder per engine (by its port).
  const recordingsRoot = mkdtempSync(join(tmpdir(), 'callflow-e2e-recordings-'));
  const recordingsOf = (engineUrl: string) => join(recordingsRoot, new URL(engineUrl).port);
  const children: ChildProcess[] = [emulator];
  // The engines write their logs (debug: a line per trace entry) to files rather than through pipes
  // this process would have to drain while it walks the calls.
  const logsDir = mkdtempSync(join(tmpdir(), 'callflow-e2e-logs-'));
  /** Every engine started, with all it wrote. */
  const engines: Array<{ url: string; output: () => string }> = [];
  let stopped = false;
  const stopEverything = async () => {
    stopped = true;
    await stopAll(children);
    await services.stop();
    rmSync(flowsDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(logsDir, { recursive: true, force: true });
    rmSync(speechDir, { recursive: true, force: true });
    rmSync(recordingsRoot, { recursive: true, force: true });
  };
  const { AZURE_TENANT_ID: _t, AZURE_CLIENT_ID: _c, AZURE_CLIENT_SECRET: _s, ...inherited } = process.env;
  const startEngine = async (served: Bot, extra: Record<string, string> = {}): Promise<string> => {
    // A boot queued behind others must not outlive the stack.
    if (stopped) throw new Error('the stack has stopped');
    const engineUrl = `http://127.0.0.1:${served.port}`;
    const logFile = join(logsDir, `engine-${served.port}.log`);
    const log = openSync(logFile, 'w');
    const engine = spawn(process.execPath, [cli, 'serve', '--no-editor-build', '--allow-insecure'], {
      stdio: ['ignore', log, log],
      env: {
        ...inherited,
        ...env,
        AZURE_CLIENT_ID: served.app.appId,
        AZURE_CLIENT_SECRET: served.app.secret,
        PORT: String(served.port),
        HOST: '127.0.0.1',
        CALLFLOW_PUBLIC_URL: engineUrl,
        CALLFLOW_FLOWS_DIR: flowsDir,
        CALLFLOW_TTS_CACHE_DIR: speechDir,
        CALLFLOW_RECORDINGS_DIR: recordingsOf(engineUrl),
        CALLFLOW_ADMIN_TOKEN: ADMIN_TOKEN,
        // Debug: every trace entry is a log line too, so the sweep reads everything the engine would log.
        CALLFLOW_LOG_LEVEL: 'debug',
        CALLFLOW_APP_INSTANCE_ID: served.app.applicationInstanceId,
        // Calls in memory: the store is not what these tests are about, and a store file would
        // belong to one engine process while a stack runs several.
        CALLFLOW_STORE: 'memory:',
        // The services run on this machine, which an http block reaches only at a host:port listed exactly.
        CALLFLOW_HTTP_ALLOWLIST: new URL(services.origin).host,
        [`CALLFLOW_SECRET_${VOICEMAIL_SECRET}`]: voicemailToken,
        ...options.env,
        ...extra,
      },
    });
    children.push(engine);
    closeSync(log);
    const engineOutput = () => readFileSync(logFile, 'utf8');
    engines.push({ url: engineUrl, output: engineOutput });
    await until('callflow serve', engine, engineOutput, async () => ((await fetch(`${engineUrl}/healthz`).catch(() => undefined))?.ok ? true : undefined));
    return engineUrl;
  };
  // Every engine boots now, beside the emulator (the engines reach Graph only when a call comes):
  // booting takes seconds of CPU, better spent before the calls than during them.
  const mainEngine = startEngine(main);
  const timedEngines = new Map(
    [...timed].map(([instant, served]) => {
      // The offset is taken as the process starts: the flows' clock reads `instant` then, and runs
      // on from there. TZ: the flows name their own time zones; the machine's must not matter.
      const boot = oneBootPerCore(() => startEngine(served, { CALLFLOW_CLOCK_OFFSET_MS: String(Date.parse(instant) - Date.now()), TZ: 'Asia/Kolkata' }));
      boot.catch(() => undefined); // awaited by at(instant); a failed boot fails the calls that need it
      return [instant, boot] as const;
    }),
  );
  try {
    const printed = await until('callflow emulator', emulator, emulatorOutput, () =>
      emulatorOutput().includes('NODE_EXTRA_CA_CERTS=') ? emulatorOutput() : undefined,
    );
    const printedEnv = Object.fromEntries([...printed.matchAll(/^([A-Z_]+)=(.+)$/gm)].map((m) => [m[1], m[2]]));
    const differing = Object.keys(env).filter((name) => printedEnv[name] !== env[name]);
    if (differing.length)
      throw new Error(
        `the emulator prints ${differing.map((name) => `${name}=${printedEnv[name]}`).join(', ')}; the engines were started with ${differing.map((name) => `${name}=${env[name]}`).join(', ')}`,
      );
    const ca = readFileSync(env.NODE_EXTRA_CA_CERTS, 'utf8');
    const emulatorUrl = env.AZURE_AUTHORITY_HOST;
    const people = new EmulatorClient(emulatorUrl, { ca, timeoutMs: 30_000, pollMs: 25 });
    const sweep = async (): Promise<SweepReport> => {
      const credentials: Credential[] = [
        { kind: 'the admin token', value: ADMIN_TOKEN },
        { kind: `the secret ${VOICEMAIL_SECRET}`, value: voicemailToken },
        ...[main, ...timed.values()].map((served) => ({ kind: "the bot's client secret", value: served.app.secret })),
        ...(await recordingTokens(people)).map((value) => ({ kind: 'a recording access token', value })),
      ];
      const notificationsSigned = await notificationCount(people);
      const places: Place[] = [];
      const traces: string[] = [];
      let traceEntries = 0;
      let engineLogLines = 0;
      for (const [index, engine] of engines.entries()) {
        const lines = engine.output().split('\n').filter(Boolean);
        engineLogLines += lines.length;
        lines.forEach((line, n) => places.push({ name: `engine ${index + 1} (${engine.url}) log line ${n + 1}`, text: line }));
        // The calls it logged about: every call's trace entries are logged with its session id.
        const ids = new Set(lines.map((line) => /"sessionId":"([^"]+)"/.exec(line)?.[1]).filter((id): id is string => id !== undefined));
        for (const id of ids) {
          const response = await fetch(`${engine.url}/api/calls/${encodeURIComponent(id)}/trace`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
          if (response.status === 404) continue;
          if (!response.ok) throw new Error(`GET /api/calls/${id}/trace from ${engine.url} answered ${response.status}`);
          const trace = (await response.json()) as { entries: unknown[] };
          traces.push(id);
          traceEntries += trace.entries.length;
          places.push({ name: `the trace of call ${id} (engine ${index + 1})`, text: JSON.stringify(trace) });
        }
      }
      // The banner, up to the environment for the bot, tells its user the bot's client secret; the
      // rest is the emulator's log (--verbose).
      const emulatorLines = emulatorOutput().split('\n').filter(Boolean);
      const bannerEnd = emulatorLines.findIndex((line) => line.startsWith('NODE_EXTRA_CA_CERTS='));
      emulatorLines.forEach((line, n) =>
        places.push({ name: `emulator log line ${n + 1}`, text: line, ...(n <= bannerEnd && { allowed: ["the bot's client secret"] }) }),
      );
      const kinds: Record<string, number> = {};
      for (const credential of credentials) kinds[credential.kind] = (kinds[credential.kind] ?? 0) + 1;
      return {
        findings: sweepForCredentials(places, credentials),
        traces,
        traceEntries,
        engineLogLines,
        emulatorLogLines: emulatorLines.length - bannerEnd - 1,
        credentials: kinds,
        accessTokensIssued: emulatorLines.filter((line) => /token request .*: 200$/.test(line)).length,
        notificationsSigned,
      };
    };
    const view = (engineUrl: string, appId: string): Stack => ({
      engineUrl,
      appId,
      emulatorUrl,
      flowsDir,
      recordingsDir: recordingsOf(engineUrl),
      emulatorCa: ca,
      people,
      services,
      engineLog() {
        const engine = engines.find((e) => e.url === engineUrl);
        if (!engine) throw new Error(`no engine at ${engineUrl}`);
        return engine
          .output()
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>);
      },
      async api<T>(method: string, path: string, body?: unknown) {
        const response = await fetch(`${engineUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as T };
      },
      async at(instant: string) {
        const boot = timedEngines.get(instant);
        if (!boot) throw new Error(`no engine for ${instant}: give it to startStack({ instants })`);
        return view(await boot, timed.get(instant)!.app.appId);
      },
      sweep,
      async stop() {
        // Searched before the engines stop (a memory store's traces go with them), reported after.
        const swept = await sweep().catch((error: Error) => error);
        people.close();
        await stopEverything();
        if (swept instanceof Error) throw new Error(`the credential sweep could not run: ${swept.message}`);
        if (swept.findings.length) throw new Error(`credentials in what the run wrote (values not shown):\n${describeFindings(swept.findings)}`);
      },
    });
    return view(await mainEngine, E2E_APP.appId);
  } catch (error) {
    mainEngine.catch(() => undefined); // stopped with the rest
    await stopEverything();
    throw error;
  }
}

/** Every recording access token the emulator handed out, read from the notifications in its call logs. */
async function recordingTokens(people: EmulatorClient): Promise<string[]> {
  const tokens = new Set<string>();
  for (const call of await people.calls())
    for (const entry of await people.log(call.id))
      for (const match of JSON.stringify(entry).matchAll(/"recordingAccessToken":"([^"]+)"/g)) tokens.add(match[1]);
  return [...tokens];
}

/** How many notifications the emulator delivered: each carried a validation JWT of its own. */
async function notificationCount(people: EmulatorClient): Promise<number> {
  let count = 0;
  for (const call of await people.calls()) count += (await people.notifications(call.id)).length;
  return count;
}
