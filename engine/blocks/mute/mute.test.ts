import { describe, expect, it } from 'vitest';
import { mute } from './index.ts';
import { drive, flowWith, problemsOf } from '../testing.ts';

describe('mute block', () => {
  it('offers next (required) and error', () => {
    expect(mute.outcomes({ type: 'mute', next: 'next' }).map((p) => [p.name, p.required ?? false])).toEqual([
      ['next', true],
      ['error', false],
    ]);
  });

  it('accepts its example and requires next', () => {
    expect(problemsOf(flowWith({ m: mute.examples[0] }))).toEqual([]);
    const problems = problemsOf(flowWith({ m: { type: 'mute' } }));
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([['/states/m', 'schema.required']]);
  });

  it('asks Graph to mute the bot and continues when the operation completed', () => {
    const d = drive(flowWith({ m: { type: 'mute', next: 'next' } }));
    expect(d.effects.map((e) => e.type)).toEqual(['graph.mute']);
    d.send({ type: 'operation.completed', kind: 'mute', clientContext: d.lastContext('graph.mute') });
    expect(d.ports).toEqual(['m:next']);
  });

  it('leaves through error when Graph refuses (a peer-to-peer call)', () => {
    const d = drive(flowWith({ m: { type: 'mute', next: 'next', error: 'other' } }));
    d.send({ type: 'operation.completed', kind: 'mute', clientContext: 'other#1.0' });
    expect(d.ports).toEqual([]);
    d.send({ type: 'operation.failed', kind: 'mute', clientContext: d.lastContext('graph.mute') });
    expect(d.ports).toEqual(['m:error']);
  });
});
