import { describe, expect, it } from 'vitest';
import { drive, fireTimer, flowWith } from '../testing.ts';

describe('answer block', () => {
  it('answers with the flow prompts pre-fetched and continues once established, subscribing to tones', () => {
    const d = drive(flowWith({ a: { type: 'answer', next: 'next' } }));
    expect(d.effects[0]).toMatchObject({ type: 'graph.answer', clientContext: 'a#1.0' });
    expect((d.effects[0].preFetch as string[]).sort()).toEqual(['beep', 'goodbye', 'menu', 'noinput', 'pin', 'sorry', 'welcome']);
    d.send({ type: 'call.established' });
    expect(d.ports).toEqual(['a:next']);
    expect(d.effects.map((e) => e.type)).toEqual(['graph.answer', 'timer.set', 'timer.cancel', 'graph.subscribeToTone', 'graph.hangup']);
  });

  it('ignores a repeated established notification after it moved on', () => {
    const d = drive(flowWith({ a: { type: 'answer', next: 'w' }, w: { type: 'wait', seconds: 10, next: 'next' } }));
    d.send({ type: 'call.established' });
    const count = d.effects.length;
    d.send({ type: 'call.established' });
    expect(d.effects.length).toBe(count);
  });

  it('takes the error port when the call is not established within 15 seconds', () => {
    const d = drive(flowWith({ a: { type: 'answer', next: 'next', error: 'other' } }));
    fireTimer(d, 'flow.a');
    expect(d.ports).toEqual(['a:error']);
  });

  it('falls back to the flow-wide error handler when its error port is not connected', () => {
    const d = drive(flowWith({ a: { type: 'answer', next: 'next' }, oops: { type: 'hangup' } }, { on: { error: 'oops' } }));
    d.send({ type: 'operation.failed', kind: 'answer', clientContext: 'a#1.0', result: { code: 500 } });
    expect(d.ports).toEqual(['a:error']);
    expect(d.value()).toBe('oops');
  });
});
