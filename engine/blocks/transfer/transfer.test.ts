import { describe, expect, it } from 'vitest';
import { drive, flowWith, problemsOf } from '../testing.ts';

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
