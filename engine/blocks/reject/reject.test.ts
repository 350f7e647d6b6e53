import { describe, expect, it } from 'vitest';
import { reject } from './index.ts';
import { drive, flowWith, problemsOf } from '../testing.ts';

describe('reject block', () => {
  it('has no ports and ends the call', () => {
    expect(reject.outcomes({ type: 'reject' })).toEqual([]);
    expect(reject.ends).toBe(true);
  });

  it('accepts its example and refuses a reason Graph does not know', () => {
    expect(problemsOf(flowWith({ r: reject.examples[0] }))).toEqual([]);
    const problems = problemsOf(flowWith({ r: { type: 'reject', reason: 'declined' } }));
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([['/states/r/reason', 'schema.enum']]);
  });

  it('sends one reject with the reason and finishes the flow', () => {
    const d = drive(flowWith({ r: { type: 'reject', reason: 'busy' } }));
    expect(d.effects).toEqual([expect.objectContaining({ type: 'graph.reject', reason: 'busy' })]);
    expect(d.result.record.status).toBe('done');
  });

  it('rejects with reason none when no reason is given', () => {
    const d = drive(flowWith({ r: { type: 'reject' } }));
    expect(d.effects[0]).toMatchObject({ type: 'graph.reject', reason: 'none' });
  });
});
