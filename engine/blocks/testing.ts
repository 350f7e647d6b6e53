/**
 * Test helpers for block tests: build a minimal flow around states, validate it, compile it and
 * drive it with engine events, collecting effects and taken ports. Used by every `<type>.test.ts`.
 */
import type { Effect, EngineEvent, FlowDocument, StateConfig, StepResult, Problem } from '../core/types.ts';
import { compile, validateText } from './language.ts';
import { type CompiledFlow, type FlowResolver } from '../core/compile.ts';
import { start, step } from '../core/step.ts';
import { contentHash } from '../core/hash.ts';

export const TEST_PROMPTS = Object.fromEntries(
  ['welcome', 'menu', 'sorry', 'noinput', 'goodbye', 'beep', 'pin'].map((key) => [
    key,
    { 'en-US': { file: `prompts/en-US/${key}.wav`, text: `The ${key} prompt.` } },
  ]),
);

/** Variables every test flow declares, so block examples can read and set them. */
export const TEST_VARIABLES: FlowDocument['variables'] = {
  attempts: { type: 'integer', default: 0 },
  choice: { type: 'string', default: '' },
  pin: { type: 'string', default: '' },
  message: { type: 'string', default: '' },
  score: { type: 'integer', default: 0 },
  phone: { type: 'string', default: '+14255550199' },
};

/** A flow whose `start` is the first given state, with test prompts and variables. */
export function flowWith(states: Record<string, StateConfig>, extra: Partial<FlowDocument> = {}): FlowDocument {
  return {
    id: 'block-test',
    version: 1,
    name: 'Block test',
    start: Object.keys(states)[0],
    prompts: TEST_PROMPTS,
    variables: TEST_VARIABLES,
    ...extra,
    states: { ...states, next: { type: 'hangup' }, other: { type: 'hangup' } },
  };
}

/** Problems of a flow document (schema and references). */
export function problemsOf(flow: FlowDocument): Problem[] {
  return validateText(JSON.stringify(flow, null, 2), 'test.flow.json').problems;
}

export interface Drive {
  compiled: CompiledFlow;
  result: StepResult;
  /** Every effect so far, in order. */
  effects: Effect[];
  /** `state:port` of every port taken so far. */
  ports: string[];
  now: number;
  send(event: EngineEvent, advanceMs?: number): Drive;
  /** The clientContext of the last effect of a type, to complete it. */
  lastContext(type: string): string;
  /** Current state value. */
  value(): unknown;
  vars(): Record<string, unknown>;
  lastResult(): unknown;
}

/** Validates (throws on errors), compiles and starts a flow; returns a driver. */
export function drive(flow: FlowDocument, input: Record<string, unknown> = {}, resolve?: FlowResolver): Drive {
  const problems = problemsOf(flow).filter((p) => p.severity === 'error');
  if (problems.length) throw new Error(`flow does not validate:\n${problems.map((p) => `${p.pointer} ${p.message}`).join('\n')}`);
  const compiled = compile({ flow, hash: contentHash(JSON.stringify(flow)) }, resolve);
  let now = Date.UTC(2026, 0, 5, 10, 0, 0); // a Monday, 10:00 UTC
  const collect = (d: Drive, result: StepResult) => {
    d.result = result;
    d.effects.push(...result.effects);
    for (const t of result.trace) if (t.kind === 'port') d.ports.push(`${t.state}:${t.port}`);
  };
  const d: Drive = {
    compiled,
    result: undefined as never,
    effects: [],
    ports: [],
    now,
    send(event, advanceMs = 0) {
      now += advanceMs;
      d.now = now;
      collect(d, step(d.result.record, event, { lookup: () => compiled, now }));
      return d;
    },
    lastContext(type) {
      const found = [...d.effects].reverse().find((e) => e.type === type);
      if (!found) throw new Error(`no ${type} effect yet`);
      return String(found.clientContext);
    },
    value: () => (d.result.record.snapshot as { value: unknown }).value,
    vars: () => (d.result.record.snapshot as { context: { vars: Record<string, unknown> } }).context.vars,
    lastResult: () => (d.result.record.snapshot as { context: { lastResult: unknown } }).context.lastResult,
  };
  collect(d, start(compiled, { call: { id: 'call-1', direction: 'incoming' }, caller: { phone: '+14255550123' }, ...input }, { now }));
  return d;
}

/** Fires the most recent timer of the given id prefix (as the server's timer store would). */
export function fireTimer(d: Drive, idContains: string): Drive {
  const timer = [...d.effects].reverse().find((e) => e.type === 'timer.set' && String(e.id).includes(idContains));
  if (!timer) throw new Error(`no timer matching ${idContains}`);
  return d.send(timer.event as EngineEvent, Math.max(0, Number(timer.dueAt) - d.now));
}

/** Prompt keys of a playPrompt effect. */
export function promptKeys(effect: Effect | undefined): string[] {
  return ((effect?.prompts as Array<{ key: string }>) ?? []).map((prompt) => prompt.key);
}
