import { describe, expect, it } from 'vitest';
import { redirect } from './index.ts';
import { drive, flowWith, problemsOf } from '../testing.ts';

const phone = (n: number) => ({ phone: `+1425555${String(n).padStart(4, '0')}` });

describe('redirect block', () => {
  it('offers only the error port and ends the call', () => {
    expect(redirect.outcomes({ type: 'redirect', targets: [phone(1)] }).map((p) => p.name)).toEqual(['error']);
    expect(redirect.ends).toBe(true);
    expect(redirect.permissions).toEqual(['Calls.Initiate.All']);
  });

  it('accepts its example', () => {
    expect(problemsOf(flowWith({ r: redirect.examples[0] }))).toEqual([]);
  });

  it('enforces Graph limits: 1–25 targets, 15–90 s of ringing', () => {
    const many = Array.from({ length: 26 }, (_, i) => phone(i));
    const problems = problemsOf(
      flowWith({ a: { type: 'redirect', targets: many, timeoutSeconds: 10 }, b: { type: 'redirect', targets: [], timeoutSeconds: 91 } }),
    );
    expect(problems.map((p) => [p.pointer, p.code])).toEqual(
      expect.arrayContaining([
        ['/states/a/targets', 'schema.maxItems'],
        ['/states/a/timeoutSeconds', 'schema.minimum'],
        ['/states/b/targets', 'schema.minItems'],
        ['/states/b/timeoutSeconds', 'schema.maximum'],
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('refuses a target that is not a participant', () => {
    const problems = problemsOf(flowWith({ r: { type: 'redirect', targets: [{ phone: '12345' }] } }));
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([['/states/r/targets/0/phone', 'schema.pattern']]);
  });

  it('rings all targets with the default timeout of 55 s and renders templates', () => {
    const d = drive(flowWith({ r: { type: 'redirect', targets: [{ phone: '{{caller.phone}}' }, { user: 'u-1' }] } }));
    expect(d.effects).toEqual([expect.objectContaining({ type: 'graph.redirect', targets: [{ phone: '+14255550123' }, { user: 'u-1' }], timeout: 55 })]);
  });

  it('ends the flow quietly when Graph drops the redirected call, without a hang-up', () => {
    const d = drive(flowWith({ r: { type: 'redirect', targets: [phone(1)], timeoutSeconds: 20 } }));
    d.send({ type: 'call.terminated', code: 200, subcode: 0 });
    expect(d.ports).toEqual(['r:redirected']);
    expect(d.result.record.status).toBe('done');
    expect(d.effects.map((e) => e.type)).toEqual(['graph.redirect']);
  });

  it('leaves through error when Graph refuses the redirect', () => {
    const d = drive(flowWith({ r: { type: 'redirect', targets: [phone(1)], error: 'other' } }));
    d.send({ type: 'operation.failed', kind: 'redirect', clientContext: d.lastContext('graph.redirect') });
    expect(d.ports).toEqual(['r:error']);
    expect(d.value()).toBe('other');
  });

  it("ignores the failure of another state's operation", () => {
    const d = drive(flowWith({ r: { type: 'redirect', targets: [phone(1)], error: 'other' } }));
    d.send({ type: 'operation.failed', kind: 'redirect', clientContext: 'elsewhere#1.0' });
    expect(d.ports).toEqual([]);
  });
});
