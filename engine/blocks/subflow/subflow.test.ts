import { describe, expect, it } from 'vitest';
import { subflow } from './index.ts';
import { drive, flowWith, problemsOf, TEST_PROMPTS } from '../testing.ts';
import { CompileError, type FlowResolver } from '../../core/compile.ts';
import type { FlowDocument, StateConfig } from '../../core/types.ts';
import { contentHash } from '../../core/hash.ts';

/** A child flow asking for a PIN: plays a prompt, stores a PIN, returns. */
function childFlow(states: Record<string, StateConfig> = {}): FlowDocument {
  return {
    id: 'collect-pin',
    version: 1,
    name: 'Collect PIN',
    start: 'ask',
    prompts: TEST_PROMPTS,
    variables: { maxAttempts: { type: 'integer', default: 1 }, callerNumber: { type: 'string' }, pin: { type: 'string', default: '' } },
    states: {
      ask: { type: 'play', prompts: ['pin'], next: 'store' },
      store: { type: 'set', values: { pin: '"1234"' }, next: 'done' },
      done: { type: 'end' },
      ...states,
    },
  };
}

const parentVars: FlowDocument['variables'] = { pin: { type: 'string', default: '' }, greeting: { type: 'string', default: 'hi' } };
const base = {
  type: 'subflow',
  flow: 'collect-pin',
  inputs: { maxAttempts: '2 + 1', callerNumber: 'caller.phone' },
  outputs: { pin: 'pin' },
  next: 'next',
  error: 'other',
};
const parent = (state: object = base, extra: Partial<FlowDocument> = {}) => flowWith({ s: state as StateConfig }, { variables: parentVars, ...extra });
// Compiled machines are cached by content hash, so each child variant needs its own.
const resolveTo =
  (child: FlowDocument): FlowResolver =>
  (id) =>
    id === child.id ? { flow: child, hash: contentHash(JSON.stringify(child)) } : undefined;
const snapshotContext = (d: ReturnType<typeof drive>) => (d.result.record.snapshot as { context: { stack: unknown[] } }).context;

describe('subflow block', () => {
  it('offers next and error', () => {
    expect(subflow.outcomes(base as never).map((p) => [p.name, Boolean(p.required)])).toEqual([
      ['next', true],
      ['error', false],
    ]);
  });

  it('validates without resolving the called flow', () => {
    expect(problemsOf(parent())).toEqual([]);
  });

  it("rejects a bad flow id and checks input expressions against this flow's variables", () => {
    expect(problemsOf(parent({ ...base, flow: 'Collect_PIN' })).map((p) => [p.pointer, p.code])).toEqual([['/states/s/flow', 'schema.pattern']]);
    expect(problemsOf(parent({ ...base, inputs: { maxAttempts: 'vars.attempts', callerNumber: 'caller.phone +' } })).map((p) => [p.pointer, p.code])).toEqual([
      ['/states/s/inputs/maxAttempts', 'ref.unknown-variable'],
      ['/states/s/inputs/callerNumber', 'ref.invalid-expression'],
    ]);
  });

  it("runs the child with its defaults plus the inputs and keeps the parent's variables aside", () => {
    const d = drive(parent(), {}, resolveTo(childFlow()));
    expect(d.value()).toEqual({ s: 'ask' });
    expect(d.vars()).toEqual({ maxAttempts: 3, callerNumber: '+14255550123', pin: '' });
    expect(snapshotContext(d).stack).toEqual([{ pin: '', greeting: 'hi' }]);
    // Operation ids carry the child state's path, so they never collide with the parent's.
    expect(d.effects[0]).toMatchObject({ type: 'graph.playPrompt', clientContext: 's.ask#1.0' });
  });

  it('returns to next with the outputs copied into the restored parent variables', () => {
    const d = drive(parent(), {}, resolveTo(childFlow()));
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: d.lastContext('graph.playPrompt') });
    expect(d.ports).toEqual(['s.ask:next', 's.store:next', 's:next']);
    expect(d.vars()).toEqual({ pin: '1234', greeting: 'hi' });
    expect(snapshotContext(d).stack).toEqual([]);
    expect(d.value()).toBe('next');
  });

  it('ends the whole call when the child hangs up instead of returning', () => {
    const child = childFlow({ store: { type: 'hangup' } });
    const d = drive(parent(), {}, resolveTo(child));
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: d.lastContext('graph.playPrompt') });
    expect(d.ports).toEqual(['s.ask:next']);
    expect(d.effects.filter((e) => e.type === 'graph.hangup')).toHaveLength(1);
    expect(d.result.record.status).toBe('done');
    expect(d.vars()).toEqual({ pin: '', greeting: 'hi' });
  });

  it("leaves through error with the parent's variables when the child fails", () => {
    // lastResult is null after the prompt, so reading a key of it fails when `store` is entered.
    const child = childFlow({ store: { type: 'set', values: { pin: 'lastResult.digit' }, next: 'done' } });
    const d = drive(parent(), {}, resolveTo(child));
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: d.lastContext('graph.playPrompt') });
    expect(d.ports).toEqual(['s:error']);
    expect(d.value()).toBe('other');
    expect(d.vars()).toEqual({ pin: '', greeting: 'hi' });
    expect(snapshotContext(d).stack).toEqual([]);
    expect(d.lastResult()).toMatchObject({ error: expect.stringContaining('lastResult.digit') });
  });

  it('gives the parent its variables back when the caller hangs up inside the child', () => {
    const d = drive(parent(base, { on: { hangup: 'other' } }), {}, resolveTo(childFlow()));
    d.send({ type: 'call.terminated', code: 200, subcode: 5001 });
    expect(d.ports).toEqual(['$flow:hangup']);
    expect(d.vars()).toEqual({ pin: '', greeting: 'hi' });
    expect(snapshotContext(d).stack).toEqual([]);
  });

  it('returns through nested calls, each level getting its own variables back', () => {
    const grandchild: FlowDocument = {
      id: 'make-pin',
      version: 1,
      name: 'Make PIN',
      start: 'make',
      variables: { seed: { type: 'string' }, out: { type: 'string' } },
      states: { make: { type: 'set', values: { out: 'vars.seed + "99"' }, next: 'done' }, done: { type: 'end' } },
    };
    const child = childFlow({ store: { type: 'subflow', flow: 'make-pin', inputs: { seed: '"12"' }, outputs: { pin: 'out' }, next: 'done' } });
    const flows = [child, grandchild];
    const resolve: FlowResolver = (id) => {
      const flow = flows.find((f) => f.id === id);
      return flow && { flow, hash: contentHash(JSON.stringify(flow)) };
    };
    const d = drive(parent(), {}, resolve);
    d.send({ type: 'operation.completed', kind: 'playPrompt', clientContext: d.lastContext('graph.playPrompt') });
    expect(d.ports).toEqual(['s.ask:next', 's.store.make:next', 's.store:next', 's:next']);
    expect(d.vars()).toEqual({ pin: '1299', greeting: 'hi' });
    expect(snapshotContext(d).stack).toEqual([]);
  });

  it('reports an output into a variable this flow does not declare', () => {
    expect(problemsOf(parent({ ...base, outputs: { code: 'pin' } })).map((p) => [p.pointer, p.code])).toEqual([
      ['/states/s/outputs/code', 'ref.unknown-variable'],
    ]);
  });

  it('refuses to compile inputs and outputs naming variables the called flow does not have', () => {
    const resolve = resolveTo(childFlow());
    expect(() => drive(parent({ ...base, inputs: { tries: '1' } }), {}, resolve)).toThrow(/input 'tries' is not a variable of flow 'collect-pin'/);
    expect(() => drive(parent({ ...base, outputs: { pin: 'code' } }), {}, resolve)).toThrow(/reads 'code', which is not a variable/);
  });

  it('fails to compile when the called flow is not deployed', () => {
    expect(() => drive(parent(), {}, () => undefined)).toThrow(CompileError);
  });

  it('fails to compile a flow that calls itself, directly or through another flow', () => {
    const self = parent({ ...base, flow: 'block-test', inputs: {}, outputs: {} });
    expect(() => drive(self, {}, (id) => (id === 'block-test' ? { flow: self, hash: 'x' } : undefined))).toThrow(CompileError);

    const back = childFlow({ ask: { type: 'subflow', flow: 'block-test', next: 'done' } });
    const loop = parent();
    expect(() => drive(loop, {}, (id) => (id === 'collect-pin' ? { flow: back, hash: 'y' } : { flow: loop, hash: 'z' }))).toThrow(
      /subflow cycle: block-test → collect-pin → block-test/,
    );
  });
});
