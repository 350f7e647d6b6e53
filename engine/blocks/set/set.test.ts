import { describe, expect, it } from 'vitest';
import { drive, flowWith, problemsOf } from '../testing.ts';

describe('set block', () => {
  it('assigns variables in order, later entries seeing earlier ones, and passes through in the same step', () => {
    const d = drive(flowWith({ s: { type: 'set', values: { attempts: 'vars.attempts + 1', score: 'vars.attempts * 10' }, next: 'next' } }));
    expect(d.vars()).toMatchObject({ attempts: 1, score: 10 });
    expect(d.ports).toEqual(['s:next']);
    expect(d.result.record.status).toBe('done');
  });

  it('can read the caller and the last result', () => {
    const d = drive(flowWith({ s: { type: 'set', values: { phone: 'caller.phone', choice: '"x"' }, next: 'next' } }));
    expect(d.vars()).toMatchObject({ phone: '+14255550123', choice: 'x' });
  });

  it('reports undeclared variables and invalid expressions where they are written', () => {
    const problems = problemsOf(flowWith({ s: { type: 'set', values: { nope: '1', attempts: 'vars.attempts +' }, next: 'next' } }));
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([
      ['/states/s/values/nope', 'ref.unknown-variable'],
      ['/states/s/values/attempts', 'ref.invalid-expression'],
    ]);
  });

  it('sends a failing expression to the flow-wide error handler instead of breaking the call', () => {
    const d = drive(
      flowWith({ s: { type: 'set', values: { attempts: 'vars.choice + 1' }, next: 'next' }, oops: { type: 'hangup' } }, { on: { error: 'oops' } }),
    );
    expect(d.value()).toBe('oops');
    expect(d.lastResult()).toMatchObject({ error: expect.stringContaining('cannot evaluate') });
  });
});
