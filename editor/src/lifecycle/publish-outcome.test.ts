import { describe, expect, it } from 'vitest';
import { ApiError } from '../files/engine-api.ts';
import { coverageInWords, publishedOutcome, refusedOutcome } from './publish-outcome.ts';

const coverage = { missedStates: ['goodbye'], missedPorts: ['menu:timeout', 'menu:invalid'], states: 10, ports: 17 };

describe('what a publish came to', () => {
  it('is published with the number, the scenarios that passed and their coverage', () => {
    expect(publishedOutcome({ number: 4, version: 'abc', commit: null, passedScenarios: ['a', 'b'], coverage })).toEqual({
      kind: 'published',
      number: 4,
      passed: ['a', 'b'],
      coverage,
    });
  });

  it('is refused for failing scenarios, each with its failing step, before lint problems', () => {
    const error = new ApiError(422, {
      error: { code: 'scenariosFailed', message: '1 scenario(s) fail; nothing was published' },
      failedScenarios: [{ name: 'A caller presses 1', step: 0, message: 'expected play welcome' }],
      coverage,
    });
    expect(refusedOutcome(error)).toMatchObject({ kind: 'scenarios', failed: [{ name: 'A caller presses 1', step: 0 }], coverage });
  });

  it('is refused for lint problems, with the problems', () => {
    const problem = { file: 'f', pointer: '/start', line: 1, column: 1, severity: 'error' as const, code: 'x', message: 'm' };
    expect(refusedOutcome(new ApiError(422, { error: { code: 'flowHasErrors', message: 'has errors' }, problems: [problem] }))).toEqual({
      kind: 'problems',
      message: 'has errors',
      problems: [problem],
    });
  });

  it('says another publish came first only for that 409, not for "nothing to publish"', () => {
    expect(refusedOutcome(new ApiError(409, { error: { code: 'publishConflict', message: 'another publish came first' } })).kind).toBe('conflict');
    expect(refusedOutcome(new ApiError(409, { error: { code: 'nothingToPublish', message: 'no draft' } }))).toEqual({
      kind: 'error',
      message: 'Not published: no draft',
    });
  });

  it('puts coverage in words', () => {
    expect(coverageInWords(coverage)).toBe('reached 9 of 10 blocks and 15 of 17 connections');
  });
});
