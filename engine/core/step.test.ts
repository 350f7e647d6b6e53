import { describe, expect, it } from 'vitest';
import { compile } from '../blocks/language.ts';
import { start, step, FlowVersionMissingError, SnapshotMismatchError } from './step.ts';
import { flowWith } from '../blocks/testing.ts';
import type { CallRecord, FlowDocument } from './types.ts';

const now = Date.UTC(2026, 0, 5, 10);
const flow = flowWith({
  a: { type: 'answer', next: 'm' },
  m: { type: 'menu', prompts: ['menu'], choices: { '1': 'next' }, noInput: 'other', noMatch: 'other' },
});
const compiled = compile({ flow, hash: 'v1' });
const lookup = () => compiled;
const input = { call: { id: 'c1', direction: 'incoming' as const } };

describe('stepper', () => {
  it('returns plain JSON records and effects that survive a round trip through a store', () => {
    const started = start(compiled, input, { now });
    const stored = JSON.parse(JSON.stringify(started.record)) as CallRecord;
    const next = step(stored, { type: 'call.established' }, { lookup, now: now + 100 });
    expect(next.record.rev).toBe(2);
    expect(next.record.flowVersion).toBe('v1');
    expect(JSON.parse(JSON.stringify(next.effects))).toEqual(next.effects);
    expect(next.effects.map((e) => e.type)).toEqual(['timer.cancel', 'graph.subscribeToTone', 'graph.playPrompt']);
  });

  it('turns XState delays into timer effects with absolute due times, and cancels them on exit', () => {
    const started = start(compiled, input, { now });
    expect(started.effects).toContainEqual({
      type: 'timer.set',
      id: 'xstate.after.15000.flow.a',
      dueAt: now + 15000,
      event: { type: 'xstate.after.15000.flow.a' },
    });
  });

  it('leaves the record untouched on an event no state handles', () => {
    const started = start(compiled, input, { now });
    const result = step(started.record, { type: 'tone', digit: '1' }, { lookup, now });
    expect(result.changed).toBe(false);
    expect(result.record).toBe(started.record);
    expect(result.trace.at(-1)).toMatchObject({ kind: 'unhandled' });
  });

  it('refuses to step a call whose flow version is gone, instead of restarting it', () => {
    const started = start(compiled, input, { now });
    expect(() => step(started.record, { type: 'call.established' }, { lookup: () => undefined, now })).toThrow(FlowVersionMissingError);
  });

  it('refuses a snapshot that names a state the pinned machine does not have', () => {
    const started = start(compiled, input, { now });
    const broken = { ...started.record, snapshot: { ...(started.record.snapshot as object), value: 'vanished' } };
    expect(() => step(broken, { type: 'call.established' }, { lookup, now })).toThrow(SnapshotMismatchError);
  });

  it('stops a runaway loop after maxVisitsPerState and runs the error handler', () => {
    const looping: FlowDocument = flowWith(
      {
        p: { type: 'play', prompts: ['welcome'], next: 'q' },
        q: { type: 'play', prompts: ['welcome'], next: 'p' },
        oops: { type: 'hangup' },
      },
      { settings: { maxVisitsPerState: 3 }, on: { error: 'oops' } },
    );
    const machine = compile({ flow: looping, hash: 'loop' });
    let result = start(machine, input, { now });
    for (let i = 0; i < 10 && result.record.status === 'active'; i++) {
      const play = result.effects.find((e) => e.type === 'graph.playPrompt')!;
      result = step(result.record, { type: 'operation.completed', clientContext: play.clientContext }, { lookup: () => machine, now });
    }
    expect(result.trace.some((t) => t.kind === 'error' && String(t.message).includes('more than 3 times'))).toBe(true);
    expect(result.effects).toEqual([{ type: 'graph.hangup', clientContext: 'oops#1.0' }]);
  });

  it('hangs up when even the error handler fails, rather than leaving the call stuck', () => {
    const broken = flowWith(
      {
        s: { type: 'set', values: { attempts: 'vars.choice + 1' }, next: 'next' },
        oops: { type: 'set', values: { attempts: 'vars.choice + 2' }, next: 'next' },
      },
      { on: { error: 'oops' } },
    );
    const machine = compile({ flow: broken, hash: 'broken' });
    const result = start(machine, input, { now });
    expect(result.record.status).toBe('error');
    expect(result.effects).toEqual([{ type: 'graph.hangup', clientContext: 'engine-error' }]);
  });

  it('stamps events with the step time so pure guards can read the clock', () => {
    const started = start(compiled, input, { now });
    const result = step(started.record, { type: 'call.established' }, { lookup, now: now + 5 });
    expect(result.trace[0]).toMatchObject({ kind: 'event', event: { type: 'call.established', at: now + 5 } });
  });
});
