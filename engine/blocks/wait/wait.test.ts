import { describe, expect, it } from 'vitest';
import { wait } from './index.ts';
import { drive, fireTimer, flowWith, problemsOf } from '../testing.ts';

const delays = { settings: { delays: { short: 1.5, hold: 30 } } };

describe('wait block', () => {
  it('offers one required next port', () => {
    expect(wait.outcomes({ type: 'wait', seconds: 1, next: 'next' })).toEqual([
      { name: 'next', path: ['next'], description: 'The time is up.', required: true },
    ]);
  });

  it('accepts its example', () => {
    expect(problemsOf(flowWith({ w: wait.examples[0] }))).toEqual([]);
  });

  it('requires exactly one of seconds and delay', () => {
    const both = problemsOf(flowWith({ w: { type: 'wait', seconds: 1, delay: 'short', next: 'next' } }, delays));
    const neither = problemsOf(flowWith({ w: { type: 'wait', next: 'next' } }));
    expect(both.map((p) => [p.pointer, p.code])).toEqual([['/states/w', 'schema.oneOf']]);
    expect(neither.map((p) => [p.pointer, p.code])).toEqual([['/states/w', 'schema.oneOf']]);
    expect(neither[0].message).toContain('seconds, delay');
  });

  it('refuses waits longer than an hour and negative waits', () => {
    const long = problemsOf(flowWith({ w: { type: 'wait', seconds: 3601, next: 'next' } }));
    const negative = problemsOf(flowWith({ w: { type: 'wait', seconds: -1, next: 'next' } }));
    expect(long.map((p) => [p.pointer, p.code])).toEqual([['/states/w/seconds', 'schema.maximum']]);
    expect(negative.map((p) => [p.pointer, p.code])).toEqual([['/states/w/seconds', 'schema.minimum']]);
  });

  it('continues through next when the timer fires, without any Graph request', () => {
    const d = drive(flowWith({ w: { type: 'wait', seconds: 2, next: 'next' } }));
    expect(d.effects).toEqual([expect.objectContaining({ type: 'timer.set', dueAt: d.now + 2000 })]);
    fireTimer(d, 'flow.w');
    expect(d.ports).toEqual(['w:next']);
  });

  it('waits for a named delay of settings.delays', () => {
    const d = drive(flowWith({ w: { type: 'wait', delay: 'short', next: 'next' } }, delays));
    expect(d.effects.at(-1)).toMatchObject({ type: 'timer.set', dueAt: d.now + 1500 });
  });

  it('ignores key presses while waiting', () => {
    const d = drive(flowWith({ w: { type: 'wait', seconds: 5, next: 'next' } }));
    d.send({ type: 'tone', digit: '1' });
    expect(d.value()).toBe('w');
    expect(d.ports).toEqual([]);
  });

  it('refuses to compile a delay that settings.delays does not define, naming the ones that exist', () => {
    expect(() => drive(flowWith({ w: { type: 'wait', delay: 'shrot', next: 'next' } }, delays))).toThrow(
      "state 'w' waits for delay 'shrot', which settings.delays does not define (defined: short, hold)",
    );
  });
});
