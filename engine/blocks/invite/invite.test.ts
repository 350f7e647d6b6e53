import { describe, expect, it } from 'vitest';
import { invite } from './index.ts';
import { drive, flowWith, problemsOf } from '../testing.ts';

const user = { user: '8b081ef6-4792-4def-b2c9-c363a1bf41d5' };
const base = { type: 'invite', participants: [user, { phone: '+14255550100' }], next: 'next', failed: 'other' };
const codes = (states: Record<string, object>) => problemsOf(flowWith(states as never)).map((p) => [p.pointer, p.code]);

describe('invite block', () => {
  it('offers next, failed and error ports and needs Calls.InitiateGroupCall.All', () => {
    expect(invite.outcomes(base as never).map((p) => [p.name, Boolean(p.required)])).toEqual([
      ['next', true],
      ['failed', false],
      ['error', false],
    ]);
    expect(invite.permissions).toEqual(['Calls.InitiateGroupCall.All']);
  });

  it('accepts its examples', () => {
    for (const example of invite.examples) expect(codes({ i: example })).toEqual([]);
  });

  it('rejects more than five participants, as Graph does', () => {
    expect(codes({ i: { ...base, participants: Array.from({ length: 6 }, () => user) } })).toEqual([['/states/i/participants', 'schema.maxItems']]);
  });

  it('rejects an empty list, a bad phone number and a missing next', () => {
    expect(codes({ i: { type: 'invite', participants: [] } })).toEqual(
      expect.arrayContaining([
        ['/states/i', 'schema.required'],
        ['/states/i/participants', 'schema.minItems'],
      ]),
    );
    expect(codes({ i: { ...base, participants: [{ phone: '555-0100' }] } })).toContainEqual(['/states/i/participants/0/phone', 'schema.pattern']);
  });

  it('sends the participants with templates rendered and continues when the operation completes', () => {
    const d = drive(flowWith({ i: { ...base, participants: [{ phone: '{{caller.phone}}' }] } }));
    expect(d.effects[0]).toMatchObject({ type: 'graph.invite', participants: [{ phone: '+14255550123' }], clientContext: 'i#1.0' });
    d.send({ type: 'operation.completed', kind: 'invite', clientContext: d.lastContext('graph.invite'), result: { code: 200 } });
    expect(d.ports).toEqual(['i:next']);
    expect(d.lastResult()).toEqual({ code: 200 });
  });

  it('ignores completions of operations it did not start', () => {
    const d = drive(flowWith({ i: base }));
    d.send({ type: 'operation.completed', kind: 'invite', clientContext: 'elsewhere#1.0' });
    expect(d.ports).toEqual([]);
    expect(d.value()).toBe('i');
  });

  it('leaves through failed when the invitation is declined', () => {
    const d = drive(flowWith({ i: base }));
    d.send({ type: 'operation.failed', kind: 'invite', clientContext: d.lastContext('graph.invite'), result: { code: 487, subcode: 10020 } });
    expect(d.ports).toEqual(['i:failed']);
    expect(d.lastResult()).toEqual({ code: 487, subcode: 10020 });
  });

  it('treats a failure as an error when failed is not connected', () => {
    const d = drive(flowWith({ i: { ...base, failed: undefined, error: 'other' } }));
    d.send({ type: 'operation.failed', kind: 'invite', clientContext: d.lastContext('graph.invite'), result: { code: 403 } });
    expect(d.ports).toEqual(['i:error']);
    expect(d.value()).toBe('other');
  });

  it('with fromLeg names the leg’s Graph call as replacesCallId, and refuses more than one participant then', () => {
    const flow = flowWith({
      a: { type: 'answer', next: 'call' },
      call: { type: 'dial', to: { user: '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50' }, leg: 'agent', next: 'i' },
      i: { type: 'invite', participants: [{ user: '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50' }], fromLeg: 'agent', next: 'next', failed: 'other' },
    });
    const d = drive(flow);
    d.send({ type: 'call.established' });
    d.send({ type: 'leg.established', leg: 'agent', graphId: 'leg-call-1' });
    expect(d.effects.find((effect) => effect.type === 'graph.invite')).toMatchObject({ replacesCallId: 'leg-call-1' });
    expect(d.effects.find((effect) => effect.type === 'graph.invite')?.leg).toBeUndefined();

    const two = { ...flow.states.i, participants: [{ user: '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50' }, { phone: '+14255550100' }] };
    expect(problemsOf({ ...flow, states: { ...flow.states, i: two } }).map((problem) => problem.pointer)).toContain('/states/i/participants');
  });
});
