import { describe, expect, it } from 'vitest';
import { drive, fireTimer, flowWith, problemsOf } from '../testing.ts';

const state = { type: 'transfer', to: { phone: '+14255550100' }, failed: 'other' };

describe('transfer block', () => {
  it('requests the transfer and ends the flow when the target accepts and Graph ends our leg', () => {
    const d = drive(flowWith({ t: state }));
    expect(d.effects[0]).toEqual({ type: 'graph.transfer', to: { phone: '+14255550100' }, clientContext: 't#1.0' });
    d.send({ type: 'transfer.accepted' }).send({ type: 'call.terminated', code: 0, subcode: 7015 });
    expect(d.result.record.status).toBe('done');
    expect(d.ports).toEqual(['t:transferred']);
  });

  it('continues at failed with the result code when the target does not take the call', () => {
    const d = drive(flowWith({ t: state }));
    d.send({ type: 'transfer.failed', code: 500, subcode: 7000 });
    expect(d.ports).toEqual(['t:failed']);
    expect(d.lastResult()).toEqual({ code: 500, subcode: 7000 });
  });

  it('treats a hang-up before acceptance as the caller leaving', () => {
    const d = drive(flowWith({ t: state }));
    d.send({ type: 'call.terminated', code: 0, subcode: 5010 });
    expect(d.ports).toEqual(['$flow:hangup']);
    expect(d.result.record.status).toBe('done');
  });

  it('renders templated targets and rejects a target that is not E.164 or names two kinds', () => {
    const d = drive(flowWith({ t: { type: 'transfer', to: { phone: '{{vars.phone}}' } } }));
    expect(d.effects[0]).toMatchObject({ to: { phone: '+14255550199' } });
    const bad = problemsOf(flowWith({ t: { type: 'transfer', to: { phone: '555-0100' } } }));
    expect(bad.map((p) => [p.pointer, p.code])).toEqual([['/states/t/to/phone', 'schema.pattern']]);
    const both = problemsOf(flowWith({ t: { type: 'transfer', to: { phone: '+14255550100', user: 'u' } } }));
    expect(both.map((p) => [p.pointer, p.code])).toEqual([['/states/t/to', 'schema.oneOf']]);
  });
});

const queue = '2b7e5d3c-9a41-4f6e-8c0d-1e3f5a7b9c2d';
const consult = { type: 'transfer', to: { user: '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50' }, consult: true, ringTimeoutSeconds: 30, failed: 'other' };

describe('transfer block: call queues and consultative transfer', () => {
  it('takes a resource account (application instance) as target, and no target naming it beside another kind', () => {
    const d = drive(flowWith({ t: { type: 'transfer', to: { applicationInstance: queue, displayName: 'Sales queue' } } }));
    expect(d.effects[0]).toEqual({ type: 'graph.transfer', to: { applicationInstance: queue, displayName: 'Sales queue' }, clientContext: 't#1.0' });
    const both = problemsOf(flowWith({ t: { type: 'transfer', to: { applicationInstance: queue, user: 'u' } } }));
    expect(both.map((p) => [p.pointer, p.code])).toEqual([['/states/t/to', 'schema.oneOf']]);
  });

  it('with consult, calls the target first and transfers replacing that call once it answers', () => {
    const d = drive(flowWith({ t: consult }));
    expect(d.effects[0]).toEqual({ type: 'graph.consultCall', to: consult.to, clientContext: 't#1.0' });
    expect(d.effects.map((e) => e.type)).not.toContain('graph.transfer');
    d.send({ type: 'consult.established' }, 4000);
    expect(d.effects.filter((e) => e.type === 'graph.transfer')).toEqual([{ type: 'graph.transfer', to: consult.to, consult: true, clientContext: 't#1.0' }]);
    d.send({ type: 'transfer.accepted' }).send({ type: 'call.terminated', code: 0, subcode: 7015 });
    expect(d.ports).toEqual(['t:transferred']);
    expect(d.effects.map((e) => e.type)).not.toContain('graph.endConsult');
  });

  it('with consult, leaves through failed with the caller still there when the target declines the consult call', () => {
    const d = drive(flowWith({ t: consult }));
    d.send({ type: 'consult.terminated', code: 603, subcode: 0 });
    expect(d.ports).toEqual(['t:failed']);
    expect(d.lastResult()).toEqual({ code: 603, subcode: 0 });
    // The consult call is already gone: nothing to hang up, and no transfer asked for.
    expect(d.effects.map((e) => e.type)).not.toContain('graph.transfer');
    expect(d.effects.map((e) => e.type)).not.toContain('graph.endConsult');
  });

  it('with consult, hangs the consult call up and leaves through failed when nobody answers in ringTimeoutSeconds', () => {
    const d = drive(flowWith({ t: consult }));
    expect(d.effects[1]).toMatchObject({ type: 'timer.set', dueAt: d.now + 30_000 });
    fireTimer(d, 't');
    expect(d.ports).toEqual(['t:failed']);
    expect(d.lastResult()).toEqual({ reason: 'noAnswer' });
    expect(d.effects.map((e) => e.type)).toContain('graph.endConsult');
  });

  it('with consult, hangs the consult call up when the transfer itself fails', () => {
    const d = drive(flowWith({ t: consult }));
    d.send({ type: 'consult.established' }).send({ type: 'transfer.failed', code: 500, subcode: 7700 });
    expect(d.ports).toEqual(['t:failed']);
    expect(d.effects.map((e) => e.type)).toContain('graph.endConsult');
  });

  it('accepts ringTimeoutSeconds only with consult', () => {
    const bad = problemsOf(flowWith({ t: { type: 'transfer', to: { phone: '+14255550100' }, ringTimeoutSeconds: 30 } }));
    expect(bad.map((p) => [p.pointer, p.code])).toEqual([['/states/t', 'schema.dependentRequired']]);
  });
});

describe('transfer block: the caller leaving during a consultation', () => {
  it('hangs the consult call up with the flow-wide hang-up when the caller leaves while it rings', () => {
    const d = drive(flowWith({ t: consult }));
    d.send({ type: 'call.terminated', code: 0, subcode: 5010 });
    expect(d.ports).toEqual(['$flow:hangup']);
    expect(d.effects.map((e) => e.type)).toContain('graph.endConsult');
  });

  it('hangs it up too when the caller leaves before the transfer is accepted, but not once Graph accepted it, nor after a blind transfer', () => {
    const d = drive(flowWith({ t: consult }));
    d.send({ type: 'consult.established' }).send({ type: 'call.terminated', code: 0, subcode: 5010 });
    expect(d.ports).toEqual(['$flow:hangup']);
    expect(d.effects.map((e) => e.type)).toContain('graph.endConsult');
    const accepted = drive(flowWith({ t: consult }));
    accepted.send({ type: 'consult.established' }).send({ type: 'transfer.accepted' }).send({ type: 'call.terminated', code: 0, subcode: 7015 });
    expect(accepted.ports).toEqual(['t:transferred']);
    expect(accepted.effects.map((e) => e.type)).not.toContain('graph.endConsult');
    const blind = drive(flowWith({ t: state }));
    blind.send({ type: 'call.terminated', code: 0, subcode: 5010 });
    expect(blind.effects.map((e) => e.type)).not.toContain('graph.endConsult');
  });
});
