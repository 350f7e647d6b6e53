import { describe, expect, it } from 'vitest';
import { dial } from './index.ts';
import { drive, fireTimer, flowWith, problemsOf } from '../testing.ts';
import { permissionsFor } from '../language.ts';
import type { StateConfig } from '../../core/types.ts';

const base = { type: 'dial', to: { phone: '+14255550100' }, ringTimeoutSeconds: 30, next: 'next', noAnswer: 'other', failed: 'other' };
const outgoing = { call: { id: 'call-1', direction: 'outgoing' } };
const codes = (states: Record<string, object>) => problemsOf(flowWith(states as never)).map((p) => [p.pointer, p.code]);

describe('dial block', () => {
  it('offers next, noAnswer, failed and error and needs Calls.Initiate.All', () => {
    expect(dial.outcomes(base as never).map((p) => p.name)).toEqual(['next', 'noAnswer', 'failed', 'error']);
    expect(dial.permissions).toEqual(['Calls.Initiate.All']);
  });

  it("keeps the ring timeout within Graph's 15–115 s", () => {
    expect(codes({ d: { ...base, ringTimeoutSeconds: 120 } })).toEqual([['/states/d/ringTimeoutSeconds', 'schema.maximum']]);
    expect(codes({ d: { ...base, ringTimeoutSeconds: 10 } })).toEqual([['/states/d/ringTimeoutSeconds', 'schema.minimum']]);
  });

  it('needs exactly one kind of target', () => {
    expect(codes({ d: { ...base, to: { displayName: 'Nobody' } } })).toEqual([['/states/d/to', 'schema.oneOf']]);
  });

  it('places the call, starts the ring timer and continues with tones when answered', () => {
    const d = drive(flowWith({ d: base }), outgoing);
    expect(d.effects[0]).toEqual({ type: 'graph.createCall', to: { phone: '+14255550100' }, clientContext: 'd#1.0' });
    expect(d.effects[1]).toMatchObject({ type: 'timer.set', dueAt: d.now + 30_000 });
    d.send({ type: 'call.established' });
    expect(d.ports).toEqual(['d:next']);
    expect(d.effects.map((e) => e.type)).toContain('graph.subscribeToTone');
    expect(d.effects.map((e) => e.type)).toContain('timer.cancel');
  });

  it('rings for 60 s when no timeout is given', () => {
    const d = drive(flowWith({ d: { ...base, ringTimeoutSeconds: undefined } }), outgoing);
    expect(d.effects[1]).toMatchObject({ type: 'timer.set', dueAt: d.now + 60_000 });
  });

  it('hangs up the attempt and leaves through noAnswer when the ring timer fires', () => {
    const d = drive(flowWith({ d: base }), outgoing);
    fireTimer(d, 'flow.d');
    expect(d.ports).toEqual(['d:noAnswer']);
    expect(d.effects.at(-2)).toMatchObject({ type: 'graph.hangup', clientContext: 'd#1.0' });
    expect(d.lastResult()).toEqual({ reason: 'noAnswer' });
  });

  it('hangs up only once when noAnswer is not connected', () => {
    const d = drive(flowWith({ d: { ...base, noAnswer: undefined } }), outgoing);
    fireTimer(d, 'flow.d');
    expect(d.ports).toEqual(['d:noAnswer']);
    expect(d.effects.filter((e) => e.type === 'graph.hangup')).toHaveLength(1);
    expect(d.result.record.status).toBe('done');
  });

  it('leaves through failed with code and subcode when the callee is busy or declines', () => {
    const d = drive(flowWith({ d: base }), outgoing);
    d.send({ type: 'call.terminated', code: 486, subcode: 10003 });
    expect(d.ports).toEqual(['d:failed']);
    expect(d.lastResult()).toEqual({ code: 486, subcode: 10003 });
    expect(d.value()).toBe('other');
  });

  it('leaves a termination to the flow-wide hang-up handler when failed is not connected', () => {
    const d = drive(flowWith({ d: { ...base, failed: undefined } }, { on: { hangup: 'other' } }), outgoing);
    d.send({ type: 'call.terminated', code: 480, subcode: 10037 });
    expect(d.ports).toEqual(['$flow:hangup']);
  });

  it('takes the error port when Graph refuses to create the call', () => {
    const d = drive(flowWith({ d: { ...base, error: 'next' } }), outgoing);
    d.send({ type: 'operation.failed', kind: 'createCall', clientContext: d.lastContext('graph.createCall'), result: { code: 403 } });
    expect(d.ports).toEqual(['d:error']);
    expect(d.lastResult()).toEqual({ code: 403 });
  });

  describe('with leg', () => {
    const flow = flowWith({
      a: { type: 'answer', next: 'call' },
      call: { type: 'dial', to: { user: '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50' }, leg: 'agent', next: 'next', failed: 'other', noAnswer: 'other' },
    });

    it('places a leg beside the main call and reads its answer from the leg’s own events', () => {
      const d = drive(flow);
      d.send({ type: 'call.established', graphId: 'main-call' });
      expect(d.effects.find((effect) => effect.type === 'graph.createCall')).toMatchObject({ leg: 'agent' });
      // The main call's news is not the leg's answer.
      d.send({ type: 'call.established' });
      expect(d.ports).not.toContain('call:next');
      d.send({ type: 'leg.established', leg: 'agent', graphId: 'leg-call-1' });
      expect(d.ports).toContain('call:next');
      expect(d.effects.filter((effect) => effect.type === 'graph.subscribeToTone').map((effect) => effect.leg)).toEqual([undefined, 'agent']);
      const context = (d.result.record.snapshot as { context: { legs: unknown; call: Record<string, unknown> } }).context;
      expect(context.legs).toEqual({ agent: { state: 'up', graphId: 'leg-call-1' } });
      expect(context.call.graphId).toBeUndefined();
    });

    it('takes failed when the leg ends unanswered, and leaves the main call’s hang-up to the flow-wide handler', () => {
      const busy = drive(flow);
      busy.send({ type: 'call.established' });
      busy.send({ type: 'leg.terminated', leg: 'agent', code: 486, subcode: 0 });
      expect(busy.ports).toContain('call:failed');
      expect(busy.lastResult()).toEqual({ code: 486, subcode: 0 });

      const callerLeft = drive(flow);
      callerLeft.send({ type: 'call.established' });
      callerLeft.send({ type: 'call.terminated', code: 0, subcode: 5010 });
      expect(callerLeft.ports).not.toContain('call:failed');
      expect(callerLeft.ports).toContain('$flow:hangup');
    });

    it('keeps the main call when the leg is not answered and noAnswer is not connected: failed, else error', () => {
      const leg = { type: 'dial', to: { user: '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50' }, leg: 'agent', next: 'next' } as const;
      const ringOut = (states: Record<string, StateConfig>) => {
        // 'stay' holds the main call, so every hang-up seen is the leg's.
        const d = drive(flowWith({ a: { type: 'answer', next: 'call' }, ...states, stay: { type: 'wait', seconds: 5, next: 'next' } }));
        d.send({ type: 'call.established' });
        fireTimer(d, 'flow.call');
        return d;
      };
      const toFailed = ringOut({ call: { ...leg, failed: 'stay' } });
      expect(toFailed.ports).toContain('call:failed');
      expect(toFailed.lastResult()).toEqual({ reason: 'noAnswer' });
      expect(toFailed.effects.filter((effect) => effect.type === 'graph.hangup').map((effect) => effect.leg)).toEqual(['agent']);

      const toError = ringOut({ call: { ...leg, error: 'stay' } });
      expect(toError.ports).toContain('call:error');
      expect(toError.effects.filter((effect) => effect.type === 'graph.hangup').map((effect) => effect.leg)).toEqual(['agent']);
    });
  });

  describe('to several Teams users (a group call)', () => {
    const ana = { user: '11111111-0000-4000-8000-000000000001', displayName: 'Ana' };
    const ben = { user: '11111111-0000-4000-8000-000000000002' };
    const group = { ...base, to: [ana, ben] };
    const members = (ids: string[]) => ({ type: 'participants.updated', joined: ids, left: [] });

    it('takes 2–5 people', () => {
      expect(codes({ d: group })).toEqual([]);
      expect(codes({ d: { ...base, to: [ana] } })).toEqual([['/states/d/to', 'schema.minItems']]);
      const six = Array.from({ length: 6 }, (_, i) => ({ user: `u-${i}` }));
      expect(codes({ d: { ...base, to: six } })).toEqual([['/states/d/to', 'schema.maxItems']]);
    });

    it('refuses a phone number or an application among them, and the same user twice, at the option to change', () => {
      const flagged = problemsOf(
        flowWith({ d: { ...base, to: [ana, { phone: '+14255550100' }, { application: 'app-1' }, { ...ana, displayName: 'Ana again' }] } }),
      );
      expect(flagged.map((p) => [p.pointer, p.code, p.severity])).toEqual([
        ['/states/d/to/1/phone', 'lint.group-target', 'error'],
        ['/states/d/to/2/application', 'lint.group-target', 'error'],
        ['/states/d/to/3/user', 'lint.duplicate-target', 'error'],
      ]);
      expect(flagged[0].message).toContain('Teams users only');
      expect(flagged[2].message).toContain('already target 1');
      expect(flagged[0].line).toBeGreaterThan(1);
    });

    it('is the main call, never a leg', () => {
      expect(codes({ d: { ...group, leg: 'crew' } })).toEqual([['/states/d/leg', 'lint.group-leg']]);
    });

    it('needs Calls.InitiateGroupCall.All instead of Calls.Initiate.All', () => {
      const flow = flowWith({ one: { ...base, next: 'many', noAnswer: 'many', failed: 'many' }, many: group });
      expect([...permissionsFor(flow)]).toEqual([
        ['Calls.Initiate.All', ['one']],
        ['Calls.InitiateGroupCall.All', ['many']],
      ]);
    });

    it('places one call to everybody and is answered when established with someone in it', () => {
      const d = drive(flowWith({ d: group }), outgoing);
      expect(d.effects[0]).toEqual({ type: 'graph.createCall', to: [ana, ben], clientContext: 'd#1.0' });
      // Graph establishes a group call once the bot is in it: nobody has picked up yet.
      d.send({ type: 'call.established', graphId: 'group-1' });
      expect(d.ports).toEqual([]);
      d.send(members([]));
      expect(d.ports).toEqual([]);
      d.send(members(['p-ana']));
      expect(d.ports).toEqual(['d:next']);
      expect(d.effects.map((e) => e.type)).toContain('graph.subscribeToTone');
      const call = (d.result.record.snapshot as { context: { call: Record<string, unknown> } }).context.call;
      expect(call.roster).toEqual({ count: 1, ids: ['p-ana'] });
      expect(call.graphId).toBe('group-1');
    });

    it('is answered at once when someone joined before the established notification came', () => {
      const d = drive(flowWith({ d: group }), outgoing);
      d.send(members(['p-ben']));
      expect(d.ports).toEqual([]);
      d.send({ type: 'call.established' });
      expect(d.ports).toEqual(['d:next']);
    });

    it('renders templates in every target', () => {
      const d = drive(flowWith({ d: { ...group, to: [ana, { user: '{{vars.choice}}' }] } }), { ...outgoing, vars: { choice: 'u-7' } });
      expect(d.effects[0]).toMatchObject({ to: [ana, { user: 'u-7' }] });
    });

    it('hangs up and leaves through noAnswer when nobody joins in time, and through failed when Graph ends it', () => {
      const quiet = drive(flowWith({ d: group }), outgoing);
      quiet.send({ type: 'call.established' });
      fireTimer(quiet, 'flow.d');
      expect(quiet.ports).toEqual(['d:noAnswer']);
      expect(quiet.effects.at(-2)).toMatchObject({ type: 'graph.hangup' });

      const nobody = drive(flowWith({ d: group }), outgoing);
      nobody.send({ type: 'call.established' });
      nobody.send({ type: 'call.terminated', code: 200, subcode: 5013 });
      expect(nobody.ports).toEqual(['d:failed']);
      expect(nobody.lastResult()).toEqual({ code: 200, subcode: 5013 });
    });
  });
});
