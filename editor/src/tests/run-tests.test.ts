import { describe, expect, it } from 'vitest';
import mainMenu from '../../../flows/main-menu.flow.json';
import mainMenuTests from '../../../flows/main-menu.test.json';
import type { Scenario } from '../../../engine/core/sim/scenario.ts';
import type { FlowDocument } from '../../../engine/core/types.ts';
import { callBefore, compileForTests, failureInWords, runTests } from './run-tests.ts';

const compiled = compileForTests(mainMenu as unknown as FlowDocument, new Map());
const scenarios = (mainMenuTests as { scenarios: Scenario[] }).scenarios;
const wrong: Scenario = {
  name: 'wrong',
  steps: [{ expect: { play: 'mainMenu' } }, { press: '2' }, { expect: { transfer: { phone: '+14255550101' } } }, { hangup: true }],
};

describe('tests run in the editor', () => {
  it('passes the flow’s own scenarios and reaches every state, as callflow test does', () => {
    const run = runTests(compiled, scenarios, {});
    expect(Object.values(run.runs).every((result) => result.passed)).toBe(true);
    expect(run.coverage.missedStates).toEqual([]);
  });

  it('marks each step of a failing scenario passed, failed or not run, and the states it never reached', () => {
    const run = runTests(compiled, [wrong], {});
    expect(run.runs.wrong.steps).toEqual(['passed', 'passed', 'failed', 'not run']);
    expect(run.coverage.missedStates).toContain('sales');
    expect(failureInWords(run.runs.wrong.failure!)).not.toMatch(/graph\.|\{"/);
  });

  it('continues a scenario in the simulator from the step before the failing one', () => {
    const resumed = callBefore(compiled, wrong, 2, {}, 1);
    expect(resumed.call.effects.some((effect) => effect.type === 'graph.transfer')).toBe(true);
    expect(resumed.startedAt).toBe(Date.parse('2026-01-05T10:00:00Z'));
  });
});
