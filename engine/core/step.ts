/**
 * The stepper: one event in, the next persisted snapshot and the effects out, as plain JSON.
 * Uses XState's pure `initialTransition` / `transition`; a restored snapshot is hydrated with
 * `createActor(...).getSnapshot()` and never `.start()`ed, so nothing runs twice and timers are
 * ours (effects `timer.set` / `timer.cancel`), not XState's in-memory scheduler.
 *
 * @example
 *   const { record, effects } = start(compiled, { call: { id: 'c1', direction: 'incoming' } }, { now });
 *   const next = step(record, { type: 'call.established' }, { lookup, now });
 */
import { createActor, initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { CompiledFlow } from './compile.ts';
import { isEffectName } from './effects.ts';
import type { CallRecord, Effect, EngineEvent, StartInput, StepResult, TraceEntry } from './types.ts';
import type { FlowContext } from './flow-context.ts';

export const DEFAULT_MAX_STEPS = 1000;
export const DEFAULT_MAX_VISITS = 50;

/** Finds the compiled flow a call is pinned to. */
export type FlowLookup = (flowId: string, version: string) => CompiledFlow | undefined;

export interface StepOptions {
  lookup: FlowLookup;
  now: number;
}

/** The flow version a call is pinned to is not deployed any more. */
export class FlowVersionMissingError extends Error {
  constructor(
    readonly flowId: string,
    readonly flowVersion: string,
  ) {
    super(`flow '${flowId}' version ${flowVersion} is not available; the call cannot continue on it`);
    this.name = 'FlowVersionMissingError';
  }
}

/** The persisted snapshot does not fit the machine (a state it names does not exist). */
export class SnapshotMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotMismatchError';
  }
}

type Actions = ReturnType<typeof transition>[1];

/** Starts a call on a compiled flow: enters the boot state, then steps `engine.start`. */
export function start(compiled: CompiledFlow, input: StartInput, options: { now: number }): StepResult {
  const [boot] = initialTransition(compiled.machine, { ...input, now: options.now });
  const record: CallRecord = {
    callId: input.call.id,
    flowId: compiled.flowId,
    flowVersion: compiled.version,
    rev: 0,
    status: 'active',
    snapshot: compiled.machine.getPersistedSnapshot(boot),
    startedAt: options.now,
    updatedAt: options.now,
    steps: 0,
  };
  return step(record, { type: 'engine.start', callId: input.call.id }, { lookup: () => compiled, now: options.now });
}

/**
 * Moves a call whose pinned version is gone onto `compiled` (the flow's deployed version) at its
 * flow-wide error handler: the caller hears the current flow's apology instead of a dropped line.
 * The call's identity and variables come from the old snapshot's context, which is plain JSON.
 */
export function failOver(compiled: CompiledFlow, record: CallRecord, reason: string, options: { now: number }): StepResult {
  const context = ((record.snapshot as { context?: Partial<StartInput> } | undefined)?.context ?? {}) as Partial<StartInput>;
  const input = { call: context.call ?? { id: record.callId }, caller: context.caller ?? {}, vars: context.vars ?? {} } as StartInput;
  const [boot] = initialTransition(compiled.machine, { ...input, now: options.now });
  const moved: CallRecord = {
    ...record,
    flowId: compiled.flowId,
    flowVersion: compiled.version,
    status: 'active',
    snapshot: compiled.machine.getPersistedSnapshot(boot),
  };
  return step(moved, { type: 'engine.error', reason }, { lookup: () => compiled, now: options.now });
}

/** Applies one event to a call; throws FlowVersionMissingError / SnapshotMismatchError. */
export function step(record: CallRecord, event: EngineEvent, options: StepOptions): StepResult & { changed: boolean } {
  const compiled = options.lookup(record.flowId, record.flowVersion);
  if (!compiled) throw new FlowVersionMissingError(record.flowId, record.flowVersion);
  const now = options.now;
  const stamped: EngineEvent = { ...event, at: event.at ?? now };
  const trace: TraceEntry[] = [{ at: now, kind: 'event', event: stamped }];
  if (record.status !== 'active') {
    trace.push({ at: now, kind: 'unhandled', reason: `call is ${record.status}` });
    return { record, effects: [], trace, changed: false };
  }
  const previous = hydrate(compiled, record.snapshot);
  let [next, actions] = tryTransition(previous, stamped, compiled);
  const failure = next ? boundsViolation(compiled, previous, next, record) : actions;
  if (typeof failure === 'string' || !next) {
    const reason = typeof failure === 'string' ? failure : 'transition failed';
    trace.push({ at: now, kind: 'error', message: reason });
    [next, actions] = tryTransition(previous, { type: 'engine.error', reason, at: now }, compiled);
    if (!next) {
      // The error handler itself failed: end the call rather than leave it stuck.
      trace.push({ at: now, kind: 'error', message: `error handler failed: ${actions}` });
      const effects: Effect[] = [{ type: 'graph.hangup', clientContext: 'engine-error' }];
      return { record: { ...record, rev: record.rev + 1, status: 'error', updatedAt: now }, effects, trace, changed: true };
    }
  } else if (next === previous) {
    trace.push({ at: now, kind: 'unhandled', state: previous.value });
    return { record, effects: [], trace, changed: false };
  }
  return { ...finish(compiled, record, next, actions as Actions, trace, now), changed: true };
}

/** The machine snapshot of a record, for reading state and context (never started). */
export function hydrate(compiled: CompiledFlow, persisted: unknown): AnyMachineSnapshot {
  const snapshot = createActor(compiled.machine, { snapshot: persisted as never }).getSnapshot();
  if (snapshot.status === 'error') {
    throw new SnapshotMismatchError(`call snapshot does not fit flow '${compiled.flowId}' version ${compiled.version}: ${errorMessage(snapshot.error)}`);
  }
  return snapshot;
}

function tryTransition(previous: AnyMachineSnapshot, event: EngineEvent, compiled: CompiledFlow): [AnyMachineSnapshot | null, Actions | string] {
  try {
    const [next, actions] = transition(compiled.machine, previous, event);
    if (next.status === 'error') return [null, errorMessage(next.error)];
    return [next, actions];
  } catch (error) {
    return [null, errorMessage(error)];
  }
}

function boundsViolation(compiled: CompiledFlow, previous: AnyMachineSnapshot, next: AnyMachineSnapshot, record: CallRecord): string | Actions | null {
  const settings = compiled.flow.settings ?? {};
  if (record.steps + 1 > (settings.maxSteps ?? DEFAULT_MAX_STEPS)) return `the call exceeded ${settings.maxSteps ?? DEFAULT_MAX_STEPS} steps`;
  const limit = settings.maxVisitsPerState ?? DEFAULT_MAX_VISITS;
  const before = (previous.context as FlowContext).visits;
  for (const [path, count] of Object.entries((next.context as FlowContext).visits)) {
    if (count > limit && count !== before[path]) return `state '${path}' was entered more than ${limit} times; the flow loops without a bound`;
  }
  return null;
}

function finish(compiled: CompiledFlow, record: CallRecord, next: AnyMachineSnapshot, actions: Actions, trace: TraceEntry[], now: number): StepResult {
  const effects: Effect[] = [];
  for (const action of actions) {
    const output = toOutput(action, now);
    if (!output) continue;
    if ('port' in output) trace.push({ at: now, kind: 'port', ...output.port });
    else if ('unknown' in output)
      trace.push({ at: now, kind: 'error', message: `the flow produced an effect no part of the engine knows: '${output.unknown}'` });
    else {
      effects.push(output.effect);
      trace.push({ at: now, kind: 'effect', effect: output.effect });
    }
  }
  trace.push({ at: now, kind: 'transition', to: next.value });
  const status = next.status === 'done' ? 'done' : 'active';
  return {
    record: {
      ...record,
      rev: record.rev + 1,
      status,
      snapshot: compiled.machine.getPersistedSnapshot(next),
      steps: record.steps + 1,
      updatedAt: now,
    },
    effects,
    trace,
  };
}

type Output = { effect: Effect } | { port: Record<string, unknown> } | { unknown: string };

/** Maps an XState action object to JSON: a catalogued effect, a timer, or a port taken (for the trace). */
function toOutput(action: Actions[number], now: number): Output | null {
  const params = (action.params ?? {}) as Record<string, unknown>;
  switch (action.type) {
    case 'xstate.raise': {
      if (typeof params.delay !== 'number') return null;
      return { effect: { type: 'timer.set', id: String(params.id), dueAt: now + params.delay, event: params.event } };
    }
    case 'xstate.cancel':
      return { effect: { type: 'timer.cancel', id: String(params.sendId) } };
    case 'cf.port':
      return { port: params };
    default:
      if (action.type.startsWith('xstate.')) return null;
      // Blocks can only name catalogued effects (BlockCompileContext.effect); this guards the cast.
      return isEffectName(action.type) ? { effect: { ...params, type: action.type } } : { unknown: action.type };
  }
}
function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
}
