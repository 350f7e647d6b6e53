/**
 * The scenario checker (runScenario) must fail a scenario whose expectation the flow does not meet,
 * at the right step and with a message that says what was expected and what happened instead. The
 * gallery's scenarios all pass, so they cannot show this; `state` and `variable` expectations are
 * checked nowhere else (the wire walker skips them). One wrong expectation per kind the scenario
 * language has (schemas/scenario.schema.json), each next to the right one, which must pass.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario, type ScenarioStep } from '../engine/core/sim/scenario.ts';
import { SCENARIO_SCHEMA_FILE } from '../engine/node/paths.ts';
import { compile } from '../engine/blocks/language.ts';
import type { FlowDocument } from '../engine/core/types.ts';
import { compiledHelpDesk, GOLD_TIER } from './support/help-desk.ts';

const compiled = compiledHelpDesk();
const run = (steps: ScenarioStep[]) => runScenario(compiled, { name: 'checked', http: [GOLD_TIER], steps });
const runHelpDesk = run;
/** The help desk's agent reached by a consultative transfer: the consult call, then the transfer. */
const consulting = compile({
  flow: { ...compiled.flow, states: { ...compiled.flow.states, agent: { ...compiled.flow.states.agent, consult: true } } } as FlowDocument,
  hash: 'help-desk-consult',
});
const runConsulting = (steps: ScenarioStep[]) => runScenario(consulting, { name: 'checked', http: [GOLD_TIER], steps });

/** The flow up to its menu, as the caller hears it: every expectation here is met. */
const UP_TO_THE_MENU: ScenarioStep[] = [{ expect: { effect: { type: 'graph.answer' } } }, { expect: { play: 'welcome' } }, { expect: { play: 'menu' } }];
const AT_THE_MENU = UP_TO_THE_MENU.length;
/** The caller presses 1 while the menu plays: the prompt is stopped (cancelMediaProcessing) and the transfer to the agent follows. */
const PRESSED_1: ScenarioStep[] = [...UP_TO_THE_MENU, { press: '1' }];
const AFTER_PRESSING_1 = PRESSED_1.length;

const kinds = Object.keys(
  (JSON.parse(readFileSync(SCENARIO_SCHEMA_FILE, 'utf8')) as { $defs: { expectation: { properties: Record<string, unknown> } } }).$defs.expectation.properties,
);

/** Per kind: steps whose last expectation the flow meets, steps whose last one it does not, and the failure message then. */
const CASES: Record<string, { right: ScenarioStep[]; wrong: ScenarioStep[]; message: string; consult?: true }> = {
  play: {
    right: [{ expect: { play: 'welcome' } }, { expect: { play: 'menu' } }],
    wrong: [{ expect: { play: 'welcome' } }, { expect: { play: 'goodbye' } }],
    message: 'expected to play goodbye, but after the previous expectation the flow did play menu',
  },
  transfer: {
    right: [...PRESSED_1, { expect: { transfer: { phone: '+14255550101' } } }],
    wrong: [...PRESSED_1, { expect: { transfer: { phone: '+14255550102' } } }],
    message:
      'expected a transfer to {"phone":"+14255550102"}, but after the previous expectation the flow did graph.cancelMediaProcessing; transfer to {"phone":"+14255550101","displayName":"Contoso Agent"}',
  },
  consult: {
    consult: true,
    right: [...PRESSED_1, { expect: { consult: { phone: '+14255550101' } } }, { expect: { transfer: { phone: '+14255550101' } } }],
    wrong: [...PRESSED_1, { expect: { consult: { phone: '+14255550102' } } }],
    message:
      'expected a consult call to {"phone":"+14255550102"}, but after the previous expectation the flow did graph.cancelMediaProcessing; consult call to {"phone":"+14255550101","displayName":"Contoso Agent"}; consultative transfer to {"phone":"+14255550101","displayName":"Contoso Agent"}',
  },
  state: {
    right: [...UP_TO_THE_MENU, { expect: { state: 'menu' } }],
    wrong: [...UP_TO_THE_MENU, { expect: { state: 'agent' } }],
    message: "expected to be in state 'agent', but the call is in 'menu'",
  },
  variable: {
    right: [...UP_TO_THE_MENU, { expect: { variable: { name: 'tier', value: 'gold' } } }],
    wrong: [...UP_TO_THE_MENU, { expect: { variable: { name: 'tier', value: 'standard' } } }],
    message: 'expected vars.tier to be "standard", but it is "gold"',
  },
  hangup: {
    right: [...UP_TO_THE_MENU, { press: '2' }, { expect: { hangup: true } }],
    // A transfer ends the bot's leg too, but the bot did not hang up.
    wrong: [...PRESSED_1, { expect: { hangup: true } }],
    message:
      'expected the bot to hang up, but after the previous expectation the flow did graph.cancelMediaProcessing; transfer to {"phone":"+14255550101","displayName":"Contoso Agent"}',
  },
  ended: {
    right: [...PRESSED_1, { expect: { ended: true } }],
    wrong: [...UP_TO_THE_MENU, { expect: { ended: true } }],
    message: "expected the flow to have ended, but it is in 'menu'",
  },
  http: {
    right: [{ expect: { play: 'welcome' } }, { expect: { http: 'crm.contoso.com/api/tier?phone=+14255550123' } }],
    wrong: [{ expect: { play: 'welcome' } }, { expect: { http: 'billing.contoso.com' } }],
    message:
      'expected an HTTP request to billing.contoso.com, but after the previous expectation the flow did GET https://crm.contoso.com/api/tier?phone=+14255550123',
  },
  effect: {
    right: [...PRESSED_1, { expect: { effect: { type: 'graph.transfer', to: { displayName: 'Contoso Agent' } } } }],
    wrong: [...PRESSED_1, { expect: { effect: { type: 'graph.transfer', to: { displayName: 'Contoso Sales' } } } }],
    message:
      'expected effect {"type":"graph.transfer","to":{"displayName":"Contoso Sales"}}, but after the previous expectation the flow did graph.cancelMediaProcessing; transfer to {"phone":"+14255550101","displayName":"Contoso Agent"}',
  },
};

describe('scenario expectations that the flow does not meet', () => {
  it('covers every kind of expectation the scenario schema allows', () => {
    expect(Object.keys(CASES).sort()).toEqual([...kinds].sort());
  });

  describe.each(Object.entries(CASES))('%s', (_kind, { right, wrong, message, consult }) => {
    const run = consult ? runConsulting : runHelpDesk;
    it('passes when the flow does what the expectation says', () => {
      const result = run(right);
      expect(result.failure).toBeUndefined();
      expect(result.passed).toBe(true);
    });

    it('fails at the wrong expectation, saying what was expected and what the flow did', () => {
      const result = run([...wrong, { expect: { ended: true } }]);
      expect({ passed: result.passed, failedStep: result.failedStep, failure: result.failure }).toEqual({
        passed: false,
        failedStep: wrong.length - 1,
        failure: message,
      });
    });
  });

  it('matches effects in order: a prompt already matched does not satisfy a later expectation', () => {
    const result = run([{ expect: { play: 'welcome' } }, { expect: { play: 'menu' } }, { expect: { play: 'welcome' } }]);
    expect(result).toMatchObject({
      passed: false,
      failedStep: 2,
      failure: 'expected to play welcome, but after the previous expectation the flow did no graph.playPrompt*',
    });
  });

  it('does not let a flow timer fire while it waits for an expectation: the menu has not timed out', () => {
    const result = run([...UP_TO_THE_MENU, { expect: { play: 'goodbye' } }]);
    expect(result).toMatchObject({
      passed: false,
      failedStep: AT_THE_MENU,
      failure: 'expected to play goodbye, but after the previous expectation the flow did no graph.playPrompt*',
    });
    // The menu prompt (about 5 s in the simulator) and its 5 s of silence: then the goodbye.
    expect(run([...UP_TO_THE_MENU, { wait: '12s' }, { expect: { play: 'goodbye' } }]).failure).toBeUndefined();
  });

  it('reports the step at which the caller acts on a call that has already ended', () => {
    const result = run([...PRESSED_1, { expect: { ended: true } }, { press: '2' }]);
    expect(result).toMatchObject({ passed: false, failedStep: AFTER_PRESSING_1 + 1, failure: 'cannot press 2: the call has ended' });
  });

  it('fails an empty expectation, naming the kinds there are', () => {
    const result = run([{ expect: {} }]);
    expect(result).toMatchObject({
      passed: false,
      failedStep: 0,
      failure: 'empty expectation: say what to expect (play, transfer, consult, state, variable, hangup, ended, http or effect)',
    });
  });
});
