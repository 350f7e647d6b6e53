/**
 * The coverage report of `callflow test` (coverageOf): the states and connected ports no scenario
 * reached. The gallery flows are fully covered, so on them an empty report proves nothing; here a
 * small flow is walked by scenarios that leave parts out on purpose, and the report must name
 * exactly those parts, and drop each one as soon as some scenario reaches it.
 */
import { describe, expect, it } from 'vitest';
import { coverageOf, runScenario, type Scenario, type ScenarioResult } from '../engine/core/sim/scenario.ts';
import { compile } from '../engine/blocks/language.ts';
import { compiledHelpDesk, GOLD_TIER } from './support/help-desk.ts';

const compiled = compiledHelpDesk();

/** Runs a scenario and insists it passed: coverage of a scenario that went astray would say little. */
function run(scenario: Scenario): ScenarioResult {
  const result = runScenario(compiled, scenario);
  expect(result.failure, scenario.name).toBeUndefined();
  return result;
}

/** The web service knows the caller; they press 1 and the agent takes the call. */
const toTheAgent = (): Scenario => ({
  name: 'to the agent',
  http: [GOLD_TIER],
  steps: [{ expect: { play: 'menu' } }, { press: '1' }, { expect: { transfer: { phone: '+14255550101' } } }, { expect: { ended: true } }],
});
/** No answer from the web service, and the caller stays silent until the bot says goodbye. */
const silentCaller = (): Scenario => ({
  name: 'silent caller',
  steps: [{ expect: { play: 'menu' } }, { wait: '10s' }, { expect: { play: 'goodbye' } }, { expect: { hangup: true } }],
});
/** The web service refuses, the caller presses a key the menu does not offer. */
const wrongKey = (): Scenario => ({
  name: 'wrong key',
  http: [{ match: 'crm.contoso.com', status: 500 }],
  steps: [{ expect: { play: 'menu' } }, { press: '9' }, { expect: { play: 'goodbye' } }, { expect: { ended: true } }],
});
/** The caller chooses to leave. */
const leaves = (): Scenario => ({ name: 'leaves', http: [GOLD_TIER], steps: [{ expect: { play: 'menu' } }, { press: '2' }, { expect: { hangup: true } }] });
/** The agent does not take the call. */
const agentRefuses = (): Scenario => ({
  name: 'agent refuses',
  http: [GOLD_TIER],
  transfers: 'refuse',
  steps: [{ expect: { play: 'menu' } }, { press: '1' }, { expect: { play: 'goodbye' } }, { expect: { hangup: true } }],
});

describe('coverage of a flow by its scenarios', () => {
  it('counts every state and every connected port of the flow', () => {
    expect(coverageOf(compiled, [run(toTheAgent())])).toMatchObject({ states: 7, ports: 11 });
  });

  it('names exactly the states and ports that the only scenario left out', () => {
    expect(coverageOf(compiled, [run(toTheAgent())])).toEqual({
      missedStates: ['goodbye', 'bye'],
      missedPorts: ['lookup:failed', 'lookup:error', 'menu:2', 'menu:noInput', 'menu:noMatch', 'agent:failed', 'goodbye:next'],
      states: 7,
      ports: 11,
    });
  });

  it('drops what a second scenario reaches and keeps naming the rest', () => {
    const report = coverageOf(compiled, [run(toTheAgent()), run(silentCaller())]);
    expect(report.missedStates).toEqual([]);
    expect(report.missedPorts).toEqual(['lookup:failed', 'menu:2', 'menu:noMatch', 'agent:failed']);
  });

  it('reports the same gaps whatever the order of the scenarios', () => {
    const report = coverageOf(compiled, [run(silentCaller()), run(toTheAgent())]);
    expect(report.missedPorts).toEqual(['lookup:failed', 'menu:2', 'menu:noMatch', 'agent:failed']);
  });

  it('reports nothing once the scenarios together reach every state and take every port', () => {
    const all = [toTheAgent(), silentCaller(), wrongKey(), leaves(), agentRefuses()].map(run);
    expect(coverageOf(compiled, all)).toEqual({ missedStates: [], missedPorts: [], states: 7, ports: 11 });
  });

  it('names a port again when the one scenario that took it is left out', () => {
    const withoutRefusal = [toTheAgent(), silentCaller(), wrongKey(), leaves()].map(run);
    expect(coverageOf(compiled, withoutRefusal)).toMatchObject({ missedStates: [], missedPorts: ['agent:failed'] });
  });

  it('counts what a failing scenario reached before it failed', () => {
    const failing = runScenario(compiled, { ...silentCaller(), steps: [{ wait: '30s' }, { expect: { play: 'goodbye' } }, { expect: { state: 'menu' } }] });
    expect(failing).toMatchObject({ passed: false, failedStep: 2 });
    expect(coverageOf(compiled, [failing]).missedStates).toEqual(['agent']);
  });

  it('reports every state but the first as missed when no scenario ran past the start', () => {
    const answerFails = run({ name: 'answer fails', fail: [{ effect: 'graph.answer' }], steps: [{ expect: { ended: true } }] });
    expect(coverageOf(compiled, [answerFails])).toEqual({
      missedStates: ['welcome', 'lookup', 'menu', 'agent', 'goodbye', 'bye'],
      missedPorts: [
        'answer:next',
        'welcome:next',
        'lookup:next',
        'lookup:failed',
        'lookup:error',
        'menu:1',
        'menu:2',
        'menu:noInput',
        'menu:noMatch',
        'agent:failed',
        'goodbye:next',
      ],
      states: 7,
      ports: 11,
    });
  });

  it('counts a start state the call leaves at once, as a switch in front of reject or redirect', () => {
    // Before answering, a line closed by its route rejects the call, an open one redirects it.
    const line = compile({
      flow: {
        id: 'line',
        version: 1,
        name: 'Line',
        start: 'open',
        variables: { closed: { type: 'boolean', default: false } },
        states: {
          open: { type: 'switch', cases: [{ when: 'vars.closed', next: 'decline' }], default: 'forward' },
          decline: { type: 'reject', reason: 'busy' },
          forward: { type: 'redirect', targets: [{ phone: '+14255550160' }] },
        },
      },
      hash: 'line',
    });
    const closed = runScenario(line, { name: 'closed', call: { vars: { closed: true } }, steps: [{ expect: { effect: { type: 'graph.reject' } } }] });
    expect(closed.failure).toBeUndefined();
    expect(coverageOf(line, [closed])).toEqual({ missedStates: ['forward'], missedPorts: ['open:default'], states: 3, ports: 2 });
  });
});
