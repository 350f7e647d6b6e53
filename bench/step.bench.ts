/**
 * Benchmark (b): events per second through `step` (hydrate, transition, persist, map effects)
 * against XState's bare `transition` on the same machine and the same recorded call.
 */
import { createActor, transition, type AnyMachineSnapshot } from 'xstate';
import { type CompiledFlow } from '../engine/core/compile.ts';
import { start, step } from '../engine/core/step.ts';
import type { CallRecord, EngineEvent, FlowDocument, StartInput, StepResult } from '../engine/core/types.ts';
import { formatNs, formatRate, nowNs, summarize, type Row, type Section } from './harness.ts';
import { AIM_STEP_RATIO, freshHash, type CoreOptions } from './core-options.ts';
import { compile } from '../engine/blocks/language.ts';
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

export function stepSection(size: number, flow: FlowDocument, text: string, options: CoreOptions): Section {
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
  if (JSON.stringify(machine.getPersistedSnapshot(finalBare!)) !== JSON.stringify(finalStep!.snapshot))
    throw new Error('step and bare transition disagree on the final snapshot');

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
