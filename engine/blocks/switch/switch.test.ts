import { describe, expect, it } from 'vitest';
import { switchBlock } from './index.ts';
import { drive, flowWith } from '../testing.ts';

const state = {
  type: 'switch',
  cases: [
    { name: 'gold', when: 'vars.score > 90', next: 'next' },
    { when: 'vars.score > 50', next: 'other' },
  ],
  default: 'other',
};

describe('switch block', () => {
  it('names ports after cases, or case<N>, plus default', () => {
    expect(switchBlock.outcomes(state as never).map((p) => p.name)).toEqual(['gold', 'case2', 'default']);
  });

  it.each([
    [95, 's:gold'],
    [60, 's:case2'],
    [10, 's:default'],
  ])('with score %i leaves through %s', (score, port) => {
    const d = drive(flowWith({ s: state }), { vars: { score } });
    expect(d.ports).toEqual([port]);
  });

  it('treats a non-boolean condition as an error, not as false', () => {
    const d = drive(
      flowWith({ s: { type: 'switch', cases: [{ when: 'vars.score', next: 'next' }], default: 'other' }, oops: { type: 'end' } }, { on: { error: 'oops' } }),
    );
    expect(d.value()).toBe('oops');
  });
});
