/**
 * Child process (node --expose-gc): many calls held in a menu by one engine, for the held-calls
 * benchmark. The engine is the real one (bench/stack/engine-build.ts); calls come in through its
 * session layer and Graph (the sink). Held calls are named `held-…`: the sink leaves their menu
 * prompt running, so they stay in the menu listening, with a pending playPrompt and their keepAlive
 * timer, and no timer of theirs fires during the measurement.
 *
 * Creating a call through Graph costs several ms of CPU here, so `real` calls are made that way and
 * the rest are copies of the first one's stored state (session, timers, pending operation, trace)
 * written through the CallStore interface under new ids: the same rows a real call leaves.
 * Meanwhile `probes` calls of the probe flow (1 s menu timeout, prompts completed at once) fire a
 * timer about every second each; their lateness is the timer precision under that load, next to
 * plain setTimeout lateness in the same process at the same time.
 */
import { randomUUID } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import type { CallSession, PendingOperation, SessionTraceEntry, TimerRow } from '../../engine/session/types.ts';
import { settledHeap } from '../harness.ts';
import { buildEngine, establishCalls, pool, type EngineSpec } from './engine-build.ts';
import { PROBE_NUMBER } from './payloads.ts';
import { serve } from './rpc.ts';
import { watchTimers, type TimerWatch } from './timer-watch.ts';
import { callIds } from './ids.ts';

export interface HeldArgs {
  spec: EngineSpec;
  real: number;
  total: number;
  probes: number;
  windowMs: number;
  idleMs: number;
  profileFile?: string;
}

export interface HeldResult {
  createRealMs: number;
  createCopiesMs: number;
  heap: { base: number; afterReal: number; afterAll: number };
  rss: { base: number; afterAll: number };
  /** Bytes of one call's stored data as JSON, and the heap one parsed copy of it takes. */
  plain: { jsonBytes: number; heapBytes: number };
  /** CPU ms per second of wall time, idle with no call held and with every call held. */
  cpu: { idle: number; held: number };
  timers: { claimed: number[]; applied: number[]; setTimeout: number[] };
  running: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a CPU profile of this process when `file` is given; the returned function stops and writes it. */
async function profile(file: string | undefined): Promise<() => Promise<void>> {
  if (!file) return async () => undefined;
  const inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
  return async () => {
    const { profile: result } = await inspector.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(result));
    inspector.disconnect();
  };
}

/** CPU of the process per second over `ms`, after a forced GC and a second to settle (same conditions every time). */
async function cpuPerSecond(ms: number): Promise<number> {
  settledHeap();
  await sleep(1000);
  const start = process.cpuUsage();
  const started = performance.now();
  await sleep(ms);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / ((performance.now() - started) / 1000);
}

/** Plain setTimeout lateness: `chains` 1 s timers re-armed on firing, until `stop()`. */
function setTimeoutLateness(chains: number): { samples: number[]; stop(): void } {
  const samples: number[] = [];
  let stopped = false;
  const arm = (delay: number) => {
    const due = performance.now() + delay;
    setTimeout(() => {
      samples.push(performance.now() - due);
      if (!stopped) arm(1000);
    }, delay);
  };
  for (let index = 0; index < chains; index++) arm((1000 * index) / chains);
  return { samples, stop: () => void (stopped = true) };
}

/** Writes a copy of call `template` under `id` (its id replaced everywhere in its stored data). */
async function copyCall(built: Awaited<ReturnType<typeof buildEngine>>, template: { text: string; id: string }, id: string): Promise<void> {
  const data = JSON.parse(template.text.split(template.id).join(id)) as {
    session: CallSession;
    timers: TimerRow[];
    pending: PendingOperation[];
    trace: SessionTraceEntry[];
  };
  const timers = data.timers.map((timer) => ({ ...timer, token: randomUUID() }));
  if (!(await built.store.create(data.session, { trace: data.trace, timers }))) throw new Error(`call ${id} exists`);
  for (const operation of data.pending) await built.store.addPending(id, operation);
}

async function run(args: HeldArgs): Promise<HeldResult> {
  let watch: TimerWatch | undefined;
  const built = await buildEngine(args.spec, { wrapStore: (store) => (watch = watchTimers(store, (id) => id.startsWith('probe-'))).store });
  const { engine, store } = built;
  // Warm-up: compile, pin the flow versions, open Graph connections, get the token.
  await establishCalls(engine, callIds('held-warm', 20));
  const idle = await cpuPerSecond(args.idleMs);
  const heapBase = settledHeap();
  const rssBase = process.memoryUsage().rss;

  let started = performance.now();
  const real = callIds('held-real', args.real);
  await establishCalls(engine, real);
  const createRealMs = performance.now() - started;
  const afterReal = settledHeap();

  const id = real[0];
  const text = JSON.stringify({
    session: await store.get(id),
    timers: await store.timers(id),
    pending: await store.pending(id),
    trace: await store.readTrace(id),
  });
  started = performance.now();
  await pool(callIds('held-copy', args.total - args.real), 20, (copy) => copyCall(built, { text, id }, copy));
  await engine.sessions.idle();
  const createCopiesMs = performance.now() - started;
  const afterAll = settledHeap();
  const rssAll = process.memoryUsage().rss;
  const plainBefore = settledHeap();
  const copies = Array.from({ length: 1000 }, () => JSON.parse(text) as unknown);
  const plainHeap = (settledHeap() - plainBefore) / copies.length;
  copies.length = 0;

  const held = await cpuPerSecond(args.idleMs);
  const probeProfile = await profile(args.profileFile);
  const baseline = setTimeoutLateness(args.probes);
  await establishCalls(engine, callIds('probe', args.probes), PROBE_NUMBER);
  await sleep(1500); // the probes' first timers are due; from here on, lateness counts
  watch!.reset();
  baseline.samples.length = 0;
  await sleep(args.windowMs);
  baseline.stop();
  const timers = { claimed: [...watch!.claimed], applied: [...watch!.applied], setTimeout: [...baseline.samples] };
  await probeProfile();
  const running = (await store.runningSessionIds()).length;
  await built.close();
  return {
    createRealMs,
    createCopiesMs,
    heap: { base: heapBase, afterReal, afterAll },
    rss: { base: rssBase, afterAll: rssAll },
    plain: { jsonBytes: Buffer.byteLength(text), heapBytes: plainHeap },
    cpu: { idle, held },
    timers,
    running,
  };
}

serve({ run });
