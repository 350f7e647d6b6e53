/**
 * Core benchmark: (a) validate + compile (and lint) of generated flows against ajv validation of
 * the same document, plus the heap a compiled machine retains; (b) events per second through
 * `step` (hydrate, transition, persist, map effects) against XState's bare `transition` on the same
 * machine and the same recorded call. Run through bench/run.ts (`npm run bench`), or alone with
 * `node --expose-gc --import tsx bench/core.bench.ts [--quick]`.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createActor, transition, type AnyMachineSnapshot } from 'xstate';
import { buildFlowSchema } from '../engine/core/schema.ts';
import { validateText, reporter } from '../engine/core/validate.ts';
import { checkText, lintFlow } from '../engine/core/lint.ts';
import { compile, type CompiledFlow } from '../engine/core/compile.ts';
import { start, step } from '../engine/core/step.ts';
import { contentHash } from '../engine/core/hash.ts';
import type { CallRecord, EngineEvent, FlowDocument, StartInput, StepResult } from '../engine/core/types.ts';
import { generateFlow, typeMix } from './flowgen.ts';
import {
  canMeasureHeap,
  formatBytes,
  formatNs,
  formatRate,
  nowNs,
  retainedBy,
  summarize,
  time,
  type Row,
  type Section,
  type Summary,
} from './harness.ts';

export interface CoreOptions {
  /** Fewer iterations, for checking the benchmark itself. */
  quick?: boolean;
  log?: (line: string) => void;
}

const SIZES = [100, 1000, 5000] as const;
const AIM_COMPILE_NS = 1e9; // 5,000 states validate + compile < 1 s
const AIM_STEP_RATIO = 3; // step ≤ 3× bare transition
const FILE = 'bench.flow.json';

let hashCounter = 0;
/** A hash no earlier compile used, so compile's cache never answers. */
const freshHash = (text: string) => `${contentHash(text)}-${++hashCounter}`;

export async function coreBench(options: CoreOptions = {}): Promise<Section[]> {
  const log = options.log ?? (() => {});
  const flows = SIZES.map((size) => {
    const flow = generateFlow(size);
    const text = `${JSON.stringify(flow, null, 2)}\n`;
    assertClean(text, size);
    return { size, flow, text };
  });
  // Heap first, while the compile cache is still small (every compile below stays cached, and
  // full GCs over that heap would be slow and noisy); then (b) on a small heap; then (a).
  let heap: Section | undefined;
  if (canMeasureHeap) {
    log('(a) heap retained by compiled machines…');
    heap = heapSection(flows);
  }
  const steps: Section[] = [];
  for (const { size, flow, text } of flows) {
    log(`(b) step, ${size} states…`);
    steps.push(stepSection(size, flow, text, options));
  }
  const sections: Section[] = [];
  for (const { size, flow, text } of flows) {
    log(`(a) validate + compile, ${size} states…`);
    sections.push(validateCompileSection(size, flow, text, options));
  }
  if (heap) sections.push(heap);
  sections.push(...steps);
  return sections;
}

/** Generated flows must be valid: zero error-severity problems from validation and lint. */
function assertClean(text: string, size: number): void {
  const errors = checkText(text, FILE).problems.filter((problem) => problem.severity === 'error');
  if (errors.length) {
    throw new Error(`generated flow of ${size} states has ${errors.length} error(s):\n${errors.slice(0, 10).map((p) => `  ${p.pointer} ${p.code} ${p.message}`).join('\n')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// (a) validate + compile

function plan(size: number, quick?: boolean): { warmup: number; iterations: number; ajvReps: number } {
  if (quick) return { warmup: 1, iterations: 3, ajvReps: 3 };
  if (size <= 100) return { warmup: 5, iterations: 40, ajvReps: 10 };
  if (size <= 1000) return { warmup: 3, iterations: 15, ajvReps: 6 };
  return { warmup: 2, iterations: 7, ajvReps: 4 };
}

/** p99 when there are enough samples for one, else the maximum. */
const worst = (summary: Summary, samples: number[]) => (Number.isFinite(summary.p99) ? summary.p99 : Math.max(...samples));

function validateCompileSection(size: number, flow: FlowDocument, text: string, options: CoreOptions): Section {
  // Baseline: the flow schema compiled once by ajv, then only `validate(doc)` is timed.
  const ajvValidate = new Ajv2020({ allErrors: true }).compile(buildFlowSchema());
  const doc = JSON.parse(text) as unknown;
  if (!ajvValidate(doc)) throw new Error(`ajv rejects the generated flow of ${size} states: ${JSON.stringify(ajvValidate.errors?.slice(0, 3))}`);

  const samples = { ajv: [] as number[], total: [] as number[], validate: [] as number[], compile: [] as number[], check: [] as number[], lint: [] as number[] };
  const { warmup, iterations, ajvReps } = plan(size, options.quick);
  for (let i = 0; i < warmup + iterations; i++) {
    const keep = i >= warmup;
    for (let r = 0; r < ajvReps; r++) {
      const ns = time(() => ajvValidate(doc));
      if (keep) samples.ajv.push(ns);
    }
    const t0 = nowNs();
    const validation = validateText(text, FILE);
    const t1 = nowNs();
    const compiled = compile({ flow: validation.flow!, hash: freshHash(text) });
    const t2 = nowNs();
    if (!validation.flow || !compiled.machine) throw new Error('validation or compile failed');
    const check = time(() => checkText(text, FILE));
    const lint = time(() => lintFlow(validation.flow!, reporter(validation.source, [])));
    if (keep) {
      samples.validate.push(t1 - t0);
      samples.compile.push(t2 - t1);
      samples.total.push(t2 - t0);
      samples.check.push(check);
      samples.lint.push(lint);
    }
  }

  const base = summarize(samples.ajv);
  const baseWorst = worst(base, samples.ajv);
  const row = (label: string, values: number[], aim?: string): Row => {
    const s = summarize(values);
    const w = worst(s, values);
    return {
      label,
      n: s.n,
      cells: [
        { text: formatNs(s.median), ratio: s.median / base.median },
        { text: formatNs(w), ratio: w / baseWorst },
      ],
      aim,
    };
  };
  const total = summarize(samples.total);
  const aim = size === 5000 ? `< 1 s: ${total.median < AIM_COMPILE_NS ? 'meets' : 'misses'}` : undefined;
  const mix = Object.entries(typeMix(flow)).map(([type, count]) => `${type} ${count}`).join(', ');
  return {
    title: `(a) validate + compile — ${size.toLocaleString('en-US')} states (${formatBytes(text.length)} of JSON; ${mix})`,
    columns: ['median', 'p99|max'],
    baseline: 'time ÷ ajv validate(doc) of the same document (schema compiled once, Ajv2020 {allErrors:true}); higher = slower',
    notes: [
      'compile gets a fresh hash every iteration, so its cache never answers; p99|max is p99 from 50 samples up, else the maximum',
    ],
    rows: [
      { ...row('ajv validate(doc)  [baseline]', samples.ajv) },
      row('validateText + compile', samples.total, aim),
      row('  validateText (parse + schema + references)', samples.validate),
      row('  compile (flow → XState machine)', samples.compile),
      row('checkText (validate + lint)', samples.check),
      row('  lintFlow alone', samples.lint),
    ],
  };
}

function heapSection(flows: Array<{ size: number; flow: FlowDocument; text: string }>): Section {
  const rows: Row[] = [];
  for (const { size, text } of flows) {
    // Several copies per measurement where one is small, so GC noise (±100 KiB) stays negligible.
    const docCopies = Math.max(2, Math.round(4000 / size));
    const machineCopies = Math.max(1, Math.round(1000 / size));
    const docs = retainedBy(() => Array.from({ length: docCopies }, () => JSON.parse(text) as FlowDocument));
    const validation = validateText(text, FILE);
    // Each compile under a fresh hash, so each builds its own machine.
    const machines = retainedBy(() => Array.from({ length: machineCopies }, () => compile({ flow: validation.flow!, hash: freshHash(text) })));
    const doc = docs.bytes / docCopies;
    const machine = machines.bytes / machineCopies;
    const label = `${size.toLocaleString('en-US')} states`;
    rows.push(
      { label: `${label}: parsed document  [baseline]`, n: docCopies, cells: [{ text: formatBytes(doc), ratio: 1 }] },
      { label: `${label}: compiled machine`, n: machineCopies, cells: [{ text: formatBytes(machine), ratio: machine / doc }] },
    );
  }
  return {
    title: '(a) heap retained by a compiled machine',
    columns: ['heap'],
    baseline: 'bytes ÷ heap of the same flow parsed by JSON.parse (the document the machine is compiled from)',
    notes: [
      'settled heap (forced GC) before and after n compile({flow, hash}) ÷ n; the document itself is not counted in the machine figure',
      'XState memoizes some per-state tables lazily (event candidates, delayed transitions) on first use; those are not included',
    ],
    rows,
  };
}

// ---------------------------------------------------------------------------------------------
// (b) step vs bare transition

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const INPUT: StartInput = {
  call: { id: 'call-bench', direction: 'incoming' },
  caller: { phone: '+14255550123', displayName: 'Ann Example' },
};

/**
 * Records one whole call through the menu loop of a generated flow: answer, welcome, then passes
 * main menu → key 1 → set → switch → play info → main menu, alternately waiting for the menu prompt
 * to finish and barging in, until the switch sends the call to the goodbye and the hang-up.
 */
function recordCall(compiled: CompiledFlow): { events: EngineEvent[]; first: StepResult } {
  const lookup = () => compiled;
  const first = start(compiled, INPUT, { now: T0 });
  const events: EngineEvent[] = [];
  let result: StepResult = first;
  let at = T0;
  let prompt = '';
  const send = (event: { type: string; [key: string]: unknown }) => {
    at += 1500;
    const stamped: EngineEvent = { ...event, at };
    events.push(stamped);
    result = step(result.record, stamped, { lookup, now: at });
    const problem = result.trace.find((entry) => entry.kind === 'error' || entry.kind === 'unhandled');
    if (problem) throw new Error(`recorded call went wrong at event ${events.length} (${event.type}): ${JSON.stringify(problem)}`);
    const played = result.effects.find((effect) => effect.type === 'graph.playPrompt');
    if (played) prompt = String(played.clientContext);
  };
  const completed = () => send({ type: 'operation.completed', kind: 'playPrompt', clientContext: prompt, resultInfo: { code: 200, subcode: 0 } });
  send({ type: 'call.established' });
  completed(); // the welcome prompt
  let menus = 0;
  for (let pass = 0; result.record.status === 'active'; pass++) {
    const value = (result.record.snapshot as { value: unknown }).value;
    const where = typeof value === 'string' ? value : JSON.stringify(value);
    if (where === '{"main":"prompting"}') {
      if (menus++ % 2 === 0) completed(); // listened to the whole menu → waiting; else barge in
      send({ type: 'tone', digit: '1' }); // → set → switch → play info (or goodbye)
    } else if (where === 'loopInfo' || where === 'goodbye') {
      completed();
    } else {
      throw new Error(`recorded call reached an unexpected state ${where}`);
    }
    if (pass > 1000) throw new Error('recorded call does not end');
  }
  if (result.record.status !== 'done') throw new Error(`recorded call ended ${result.record.status}`);
  return { events, first };
}

function stepSection(size: number, flow: FlowDocument, text: string, options: CoreOptions): Section {
  const compiled = compile({ flow, hash: freshHash(text) });
  const { machine } = compiled;
  const lookup = () => compiled;
  const { events, first } = recordCall(compiled);
  const record0: CallRecord = first.record;
  // The baseline starts from the very snapshot step starts from, hydrated once outside the timing.
  const snapshot0 = createActor(machine, { snapshot: record0.snapshot as never }).getSnapshot();
  const m = events.length;

  // One call per round for each variant, interleaved so drift and GC hit all three alike.
  const samples = { bare: [] as number[], step: [] as number[], json: [] as number[], hydrate: [] as number[], persist: [] as number[] };
  // The persisted snapshot before each event and the live one after it, for timing step's parts.
  const persisted: unknown[] = [];
  const live: AnyMachineSnapshot[] = [];
  {
    let record = record0;
    let snapshot: AnyMachineSnapshot = snapshot0;
    for (const event of events) {
      persisted.push(record.snapshot);
      record = step(record, event, { lookup, now: event.at! }).record;
      [snapshot] = transition(machine, snapshot, event);
      live.push(snapshot);
    }
  }
  const rounds = options.quick ? 5 : 60;
  const warmup = options.quick ? 2 : 20;
  let finalBare: AnyMachineSnapshot | undefined;
  let finalStep: CallRecord | undefined;
  let finalJson: CallRecord | undefined;
  for (let round = 0; round < warmup + rounds; round++) {
    const keep = round >= warmup;
    {
      let snapshot: AnyMachineSnapshot = snapshot0;
      for (let i = 0; i < m; i++) {
        const t = nowNs();
        [snapshot] = transition(machine, snapshot, events[i]);
        const dt = nowNs() - t;
        if (keep) samples.bare.push(dt);
      }
      finalBare = snapshot;
    }
    {
      let record = record0;
      for (let i = 0; i < m; i++) {
        const t = nowNs();
        record = step(record, events[i], { lookup, now: events[i].at! }).record;
        const dt = nowNs() - t;
        if (keep) samples.step.push(dt);
      }
      finalStep = record;
    }
    {
      let record = JSON.parse(JSON.stringify(record0)) as CallRecord;
      for (let i = 0; i < m; i++) {
        const t = nowNs();
        // What a store does around each step: read the record as text, write it back as text.
        const stored = JSON.stringify(step(record, events[i], { lookup, now: events[i].at! }).record);
        record = JSON.parse(stored) as CallRecord;
        const dt = nowNs() - t;
        if (keep) samples.json.push(dt);
      }
      finalJson = record;
    }
    for (let i = 0; i < m; i++) {
      const t = nowNs();
      createActor(machine, { snapshot: persisted[i] as never }).getSnapshot();
      const dt = nowNs() - t;
      if (keep) samples.hydrate.push(dt);
    }
    for (let i = 0; i < m; i++) {
      const t = nowNs();
      machine.getPersistedSnapshot(live[i]);
      const dt = nowNs() - t;
      if (keep) samples.persist.push(dt);
    }
  }
  // The three paths must have run the same call to the same end.
  const ends = [finalBare?.status, finalStep?.status, finalJson?.status];
  if (ends.some((status) => status !== 'done')) throw new Error(`variants ended differently: ${ends.join(', ')}`);
  if (JSON.stringify(machine.getPersistedSnapshot(finalBare!)) !== JSON.stringify(finalStep!.snapshot)) throw new Error('step and bare transition disagree on the final snapshot');

  const base = summarize(samples.bare);
  const baseRate = 1e9 / base.mean;
  const row = (label: string, values: number[], aim = false): Row => {
    const s = summarize(values);
    const rate = 1e9 / s.mean;
    const cost = baseRate / rate;
    return {
      label,
      n: s.n,
      cells: [
        { text: formatRate(rate), ratio: cost },
        { text: formatNs(s.median), ratio: s.median / base.median },
        { text: formatNs(s.p99), ratio: s.p99 / base.p99 },
      ],
      aim: aim ? `≤ ${AIM_STEP_RATIO}×: ${cost <= AIM_STEP_RATIO ? 'meets' : 'misses'}` : undefined,
    };
  };
  return {
    title: `(b) events through step — ${size.toLocaleString('en-US')}-state flow, one recorded call of ${m} events (menu loop with set + switch, half barge-in), ${rounds} calls`,
    columns: ['events/s', 'median/event', 'p99/event'],
    baseline: "cost ÷ XState's bare transition(machine, snapshot, event) on the same machine and events (events/s: baseline rate ÷ rate); higher = slower",
    rows: [
      row('bare transition  [baseline]', samples.bare),
      row('step (hydrate + transition + persist + effects)', samples.step, true),
      row('step + JSON.stringify/parse of the record', samples.json),
      row('  part of step: hydrate (createActor + getSnapshot)', samples.hydrate),
      row('  part of step: persist (getPersistedSnapshot)', samples.persist),
    ],
  };
}

// Standalone: node --expose-gc --import tsx bench/core.bench.ts [--quick]
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printSections, machineInfo } = await import('./harness.ts');
  for (const line of machineInfo()) console.log(line);
  printSections(await coreBench({ quick: process.argv.includes('--quick'), log: (line) => console.error(line) }));
}
