import { describe, expect, it } from 'vitest';
import { hangup } from './index.ts';
import { drive, flowWith } from '../testing.ts';

describe('hangup block', () => {
  it('hangs up and ends the flow at once', () => {
    const d = drive(flowWith({ h: { type: 'hangup' } }));
    expect(d.effects).toEqual([{ type: 'graph.hangup', clientContext: 'h#1.0' }]);
    expect(d.result.record.status).toBe('done');
  });

  it('has no outcomes and counts as an end of the call for lint', () => {
    expect(hangup.outcomes({ type: 'hangup' })).toEqual([]);
    expect(hangup.ends).toBe(true);
  });

  it('with leg hangs up only that call leg, marks it gone and goes on at next', () => {
    const d = drive(
      flowWith({
        a: { type: 'answer', next: 'call' },
        call: { type: 'dial', to: { user: '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50' }, leg: 'agent', next: 'h' },
        h: { type: 'hangup', leg: 'agent', next: 'next' },
      }),
    );
    d.send({ type: 'call.established' });
    d.send({ type: 'leg.established', leg: 'agent', graphId: 'leg-call-1' });
    const hangups = d.effects.filter((effect) => effect.type === 'graph.hangup');
    // The leg's hang-up, then the main call's in `next` (a plain hangup).
    expect(hangups.map((effect) => effect.leg)).toEqual(['agent', undefined]);
    expect(d.ports).toContain('h:next');
    const legs = (d.result.record.snapshot as { context: { legs: Record<string, { state: string; graphId?: string }> } }).context.legs;
    expect(legs.agent).toEqual({ state: 'gone', graphId: 'leg-call-1' });
  });

  it('ends the call for lint only without leg: a hang-up of a leg leaves the main call up', () => {
    expect(hangup.endsWhen!({ type: 'hangup' })).toBe(true);
    expect(hangup.endsWhen!({ type: 'hangup', leg: 'agent', next: 'x' })).toBe(false);
    expect(hangup.outcomes({ type: 'hangup', leg: 'agent', next: 'x' }).map((port) => port.name)).toEqual(['next']);
  });
});
