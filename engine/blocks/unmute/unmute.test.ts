import { describe, expect, it } from 'vitest';
import { unmute } from './index.ts';
import { drive, flowWith, problemsOf } from '../testing.ts';

describe('unmute block', () => {
  it('is its own block type with next and error ports', () => {
    expect(unmute.type).toBe('unmute');
    expect(unmute.outcomes({ type: 'unmute', next: 'next' }).map((p) => p.name)).toEqual(['next', 'error']);
  });

  it('accepts its example and refuses unknown options', () => {
    expect(problemsOf(flowWith({ u: unmute.examples[0] }))).toEqual([]);
    const problems = problemsOf(flowWith({ u: { type: 'unmute', next: 'next', participant: 'x' } }));
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([['/states/u/participant', 'schema.additionalProperties']]);
  });

  it('asks Graph to unmute the bot and continues when the operation completed', () => {
    const d = drive(flowWith({ u: { type: 'unmute', next: 'next' } }));
    expect(d.effects.map((e) => e.type)).toEqual(['graph.unmute']);
    d.send({ type: 'operation.completed', kind: 'unmute', clientContext: d.lastContext('graph.unmute') });
    expect(d.ports).toEqual(['u:next']);
  });

  it('falls back to the flow-wide error handler when error is not connected', () => {
    const d = drive(flowWith({ u: { type: 'unmute', next: 'next' } }, { on: { error: 'other' } }));
    d.send({ type: 'operation.failed', kind: 'unmute', clientContext: d.lastContext('graph.unmute') });
    expect(d.ports).toEqual(['u:error']);
    expect(d.value()).toBe('other');
  });
});
