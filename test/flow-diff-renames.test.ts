/**
 * Renamed states in the flow diff: a state that only changed its id is one change, with the start,
 * the handlers and the ports that led to it following; several renames at once (one renamed state
 * leading to another) stay renames; a renamed state whose target also moved is a rename plus that
 * port. When a pairing is ambiguous, or the state changed too, it is honestly removed and added.
 */
import { describe, expect, it } from 'vitest';
import { diffFlows } from '../engine/blocks/language.ts';
import type { FlowChange } from '../engine/core/flow-diff-changes.ts';
import type { FlowDocument, StateConfig } from '../engine/core/types.ts';
import { edited, MAIN_MENU } from './support/flow-diff-fixtures.ts';

const lines = (changes: FlowChange[]) => changes.map((change) => `${change.pointer}  ${change.sentence}`);

/**
 * The flow with states renamed in place (same position) and every reference rewritten: in the main
 * menu a state id appears as a string property other than `type` (prompt keys are in lists).
 */
function renamed(flow: FlowDocument, renames: Record<string, string>): FlowDocument {
  const follow = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return key !== 'type' && value in renames ? renames[value] : value;
    if (Array.isArray(value) || !value || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, follow(item, name)]));
  };
  const states = Object.fromEntries(Object.entries(flow.states).map(([id, state]) => [renames[id] ?? id, follow(state) as StateConfig]));
  return { ...structuredClone(flow), start: renames[flow.start] ?? flow.start, on: follow(flow.on) as FlowDocument['on'], states };
}

describe('flow diff: renamed states', () => {
  it('follows the start and the error handler to the renamed states', () => {
    const after = renamed(MAIN_MENU, { answer: 'pickUp', apology: 'sorry' });
    expect(after.start).toBe('pickUp');
    expect(lines(diffFlows(MAIN_MENU, after))).toEqual([
      "/states/pickUp  State 'answer' (answer) renamed to 'pickUp'",
      "/states/sorry  State 'apology' (play) renamed to 'sorry'",
    ]);
  });

  it('keeps two renames at once when one renamed state leads to the other', () => {
    const after = renamed(MAIN_MENU, { holdForOperator: 'hold', operator: 'desk' });
    expect(after.states.hold.next).toBe('desk');
    expect(lines(diffFlows(MAIN_MENU, after))).toEqual([
      "/states/hold  State 'holdForOperator' (play) renamed to 'hold'",
      "/states/desk  State 'operator' (transfer) renamed to 'desk'",
    ]);
  });

  it('reports a renamed state whose port also moved as the rename and the port', () => {
    const after = edited((flow) => (flow.states.helpDesk.failed = 'hangup'), renamed(MAIN_MENU, { support: 'helpDesk' }));
    expect(lines(diffFlows(MAIN_MENU, after))).toEqual([
      "/states/helpDesk  State 'support' (transfer) renamed to 'helpDesk'",
      "/states/helpDesk/failed  State 'helpDesk' (transfer): port failed now goes to 'hangup' instead of 'holdForOperator'",
    ]);
  });

  it('does not guess between two identical new states: the old one is removed and both added', () => {
    const after = edited((flow) => {
      flow.states = renamed(flow, { hangup: 'end' }).states;
      flow.states.end2 = { type: 'hangup' };
      flow.states.apology.next = 'end2';
    });
    const changes = diffFlows(MAIN_MENU, after);
    expect(changes.map((change) => `${change.kind} ${change.pointer}`)).toEqual([
      'port-rewired /states/operatorUnavailable/next',
      'port-rewired /states/apology/next',
      'state-added /states/end',
      'state-added /states/end2',
      'state-removed /states/hangup',
    ]);
  });

  it('does not guess between two identical old states either', () => {
    const before = edited((flow) => {
      flow.states.bye = { type: 'hangup' };
      flow.states.apology.next = 'bye';
    });
    const after = renamed(
      edited((flow) => delete flow.states.bye, before),
      { hangup: 'end' },
    );
    expect(after.states.apology.next).toBe('bye');
    const kinds = diffFlows(
      before,
      edited((flow) => (flow.states.apology.next = 'end'), after),
    ).map((change) => change.kind);
    expect(kinds).toEqual(['port-rewired', 'port-rewired', 'state-added', 'state-removed', 'state-removed']);
  });

  it('is no rename when the state changed besides its id', () => {
    const after = edited((flow) => ((flow.states.helpDesk.to as { phone: string }).phone = '+14255550199'), renamed(MAIN_MENU, { support: 'helpDesk' }));
    expect(diffFlows(MAIN_MENU, after).map((change) => `${change.kind} ${change.pointer}`)).toEqual([
      'port-rewired /states/mainMenu/choices/2',
      'state-added /states/helpDesk',
      'state-removed /states/support',
    ]);
  });
});
