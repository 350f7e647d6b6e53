/**
 * Held-calls benchmark (issue 7, part 3): 10,000 calls held in a menu by one engine process, with
 * the memory store and with SQLite (temp file): heap and RSS per held call after a forced GC, CPU
 * per held call while nothing happens, and the lateness of durable timers firing meanwhile (probe
 * calls re-prompting every second). Each figure has a same-run baseline: the call's stored data as
 * plain parsed JSON (heap), the engine idle with no calls held (CPU), plain setTimeout in the same
 * process during the same seconds (timers). See bench/stack/held-proc.ts for how calls are made.
 */
import type { Row, Section } from './harness.ts';
import { formatBytes } from './harness.ts';
import { formatMs, verdict, type BenchOptions } from './options.ts';
import { percentile } from './stack/load.ts';
import type { HeldArgs, HeldResult } from './stack/held-proc.ts';
import { Stack, type StoreKind } from './stack/stack.ts';

export const HEAP_PER_CALL_AIM = 20 * 1024;
export const TIMER_LATENESS_AIM_MS = 50;
const STORES: StoreKind[] = ['memory', 'sqlite'];

export async function heldCallsBench(options: BenchOptions): Promise<Section[]> {
  const { log } = options;
  const plan = options.quick
    ? { real: 50, total: 1000, probes: 10, windowMs: 3000, idleMs: 1000 }
    : { real: 200, total: 10_000, probes: 20, windowMs: 6000, idleMs: 3000 };
  const stack = Stack.create();
  const results: Array<[StoreKind, HeldResult]> = [];
  try {
    const sink = await stack.sink();
    for (const kind of STORES) {
      log(
        `held calls, ${kind} store: ${plan.real} calls through Graph, copies up to ${plan.total.toLocaleString('en-US')}, then ${plan.probes} probe calls for ${plan.windowMs / 1000} s…`,
      );
      const child = await stack.child('./held-proc.ts', ['--expose-gc']);
      const args: HeldArgs = {
        spec: { store: await stack.storeSpec(kind), flowsDir: stack.flowsDir, sink: sink.info },
        ...plan,
        profileFile: options.profileDir && `${options.profileDir}/held-${kind}.cpuprofile`,
      };
      const result = await child.call<HeldResult>('run', args);
      results.push([kind, result]);
      log(
        `held calls, ${kind}: ${plan.real} real calls in ${(result.createRealMs / 1000).toFixed(1)} s, copies in ${(result.createCopiesMs / 1000).toFixed(1)} s`,
      );
      await child.stop();
    }
  } finally {
    await stack.close();
  }
  return [memorySection(results, plan), cpuSection(results, plan), timerSection(results, plan)];
}

type Plan = { real: number; total: number; probes: number; windowMs: number; idleMs: number };
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function memorySection(results: Array<[StoreKind, HeldResult]>, plan: Plan): Section {
  const rows: Row[] = [];
  for (const [kind, r] of results) {
    const base = r.plain.heapBytes;
    const perCall = (r.heap.afterAll - r.heap.base) / plan.total;
    const perReal = (r.heap.afterReal - r.heap.base) / plan.real;
    const rss = (r.rss.afterAll - r.rss.base) / plan.total;
    rows.push(
      {
        label: `${kind}: one call's stored data as parsed JSON  [baseline]`,
        n: 1000,
        cells: [{ text: kb(base), ratio: 1 }],
        aim: `${formatBytes(r.plain.jsonBytes)} as JSON text`,
      },
      {
        label: `${kind}: engine heap per held call`,
        n: plan.total,
        cells: [{ text: kb(perCall), ratio: perCall / base }],
        aim: `≤ 20 KB: ${verdict(perCall <= HEAP_PER_CALL_AIM)}`,
      },
      { label: `${kind}:   the first ${plan.real}, made through Graph`, n: plan.real, cells: [{ text: kb(perReal), ratio: perReal / base }] },
      { label: `${kind}: engine RSS per held call`, n: plan.total, cells: [{ text: kb(rss), ratio: rss / base }] },
    );
  }
  return {
    title: `(3) memory per held call — ${plan.total.toLocaleString('en-US')} calls in a menu, one engine process`,
    columns: ['per call'],
    baseline: "bytes ÷ the heap one call's stored data (session, timers, pending operation, trace) takes as plain parsed JSON in the same process",
    notes: [
      `heap after forced GCs (node --expose-gc) with every call held, minus before any; RSS adds what lives outside the JS heap (SQLite's page cache, buffers)`,
      `held calls are in the menu with its prompt playing (the sink leaves their playPrompt running): a pending operation and a keepAlive timer each; ${plan.real} are made through the webhook's session path and Graph, the rest are copies of the first one's stored rows written through the CallStore interface (a call through Graph costs several ms of CPU here)`,
    ],
    rows,
  };
}

function cpuSection(results: Array<[StoreKind, HeldResult]>, plan: Plan): Section {
  const rows: Row[] = [];
  for (const [kind, r] of results) {
    const perCall = ((r.cpu.held - r.cpu.idle) * 1000) / plan.total;
    rows.push(
      { label: `${kind}: engine idle, 20 calls  [baseline]`, cells: [{ text: `${r.cpu.idle.toFixed(2)} ms/s`, ratio: 1 }] },
      {
        label: `${kind}: engine with ${plan.total.toLocaleString('en-US')} calls held`,
        cells: [{ text: `${r.cpu.held.toFixed(2)} ms/s`, ratio: r.cpu.held / r.cpu.idle }],
        aim: `${perCall.toFixed(2)} µs/s per held call`,
      },
    );
  }
  return {
    title: '(3) CPU of the engine process while calls are held and nothing happens',
    columns: ['CPU'],
    baseline: 'CPU time per second ÷ the same process before the calls were held',
    notes: [
      `each over ${plan.idleMs / 1000} s, one second after a forced GC; process CPU (all threads): the sweep for stored work (every 1 s), lease renewals and the timer scheduler on the main thread, V8's background GC threads beside it`,
      'per held call = (held − idle) ÷ calls; the 3 s windows resolve about ±0.5 µs/s per call with 10,000 calls, so a value near 0 (even negative) means no cost measurable',
    ],
    rows,
  };
}

function timerSection(results: Array<[StoreKind, HeldResult]>, plan: Plan): Section {
  const rows: Row[] = [];
  for (const [kind, r] of results) {
    const base = r.timers.setTimeout;
    const cells = (samples: number[]) => [
      { text: formatMs(percentile(samples, 0.5)), ratio: percentile(samples, 0.5) / percentile(base, 0.5) },
      { text: formatMs(percentile(samples, 0.99)), ratio: percentile(samples, 0.99) / percentile(base, 0.99) },
      { text: formatMs(Math.max(...samples)), ratio: Math.max(...samples) / Math.max(...base) },
    ];
    const late = r.timers.applied.filter((ms) => ms > TIMER_LATENESS_AIM_MS).length;
    rows.push(
      { label: `${kind}: setTimeout, same process and seconds  [baseline]`, n: base.length, cells: cells(base) },
      { label: `${kind}: durable timer claimed by the scheduler`, n: r.timers.claimed.length, cells: cells(r.timers.claimed) },
      {
        label: `${kind}: durable timer applied (step committed)`,
        n: r.timers.applied.length,
        cells: cells(r.timers.applied),
        aim: `≤ 50 ms: ${verdict(late === 0)}${late ? ` (${late} later; setTimeout max ${formatMs(Math.max(...base))})` : ''}`,
      },
    );
  }
  return {
    title: `(3) timer precision with ${plan.total.toLocaleString('en-US')} calls held — ${plan.probes} probe calls re-prompting on a 1 s menu timeout, ${plan.windowMs / 1000} s`,
    columns: ['p50 late', 'p99 late', 'max late'],
    baseline: 'lateness ÷ that of plain setTimeout timers (1 s, re-armed) in the engine process during the same seconds',
    notes: [
      'lateness = when the store saw the timer claimed / its step committed, minus its due time (ms clock); probes are real calls: each firing steps the flow, sends a playPrompt and steps again on its completion',
    ],
    rows,
  };
}
