import { describe, expect, it } from 'vitest';
import mainMenu from '../../../flows/main-menu.flow.json';
import { diffFlows } from '../../../engine/blocks/language.ts';
import type { FlowDocument } from '../../../engine/core/types.ts';
import type { FlowValue } from '../document/flow-value.ts';
import { stateNodeData } from '../canvas/flow-to-graph.ts';
import { diffClass, diffView } from './diff-view.ts';

const before = mainMenu as unknown as FlowDocument;

/** The main menu with: a new state behind key 3, key 2 rewired to it, support removed, new welcome words. */
function edited(): FlowDocument {
  const flow = structuredClone(before) as FlowDocument & { states: Record<string, Record<string, unknown>> };
  flow.prompts!.welcome['en-US'].text = 'Welcome to Contoso.';
  flow.states.billing = { type: 'hangup' };
  (flow.states.mainMenu.choices as Record<string, string>)['2'] = 'billing';
  delete flow.states.support;
  return flow;
}

describe('the History tab’s view of a diff', () => {
  const after = edited();
  const view = diffView(diffFlows(before, after), after as unknown as FlowValue);

  it('keeps the engine’s sentence for every change, each tied to the states it is about', () => {
    const lines = view.entries.map((entry) => [entry.mark, entry.states.join(','), entry.sentence]);
    expect(lines).toContainEqual(['changed', 'welcome', expect.stringContaining('"Welcome to Contoso."')]);
    expect(lines).toContainEqual(['changed', 'mainMenu', expect.stringMatching(/port 2 now goes to 'billing' instead of 'support'/)]);
    expect(lines).toContainEqual(['added', 'billing', expect.stringContaining("State 'billing' (hangup) added")]);
    expect(lines).toContainEqual(['removed', 'support', expect.stringContaining("State 'support' (transfer) removed")]);
  });

  it('marks each state once: added and removed win over changed', () => {
    expect(Object.fromEntries(view.marks)).toEqual({ welcome: 'changed', mainMenu: 'changed', billing: 'added', support: 'removed' });
    expect(view.removed).toEqual(['support']);
  });

  it('makes ghosts of the added or removed states the canvas does not draw', () => {
    expect(view.ghosts).toEqual([{ id: 'support', type: 'transfer', mark: 'removed' }]);
    // The canvas shows the older flow: the added state is the one it lacks.
    const older = diffView(diffFlows(before, after), before as unknown as FlowValue);
    expect(older.ghosts).toEqual([{ id: 'billing', type: 'hangup', mark: 'added' }]);
  });

  it('ties a change to a prompt nobody plays to no state, and marks nothing for it', () => {
    const flow = structuredClone(before);
    flow.prompts!.spare = { 'en-US': { text: 'Spare words.', file: 'prompts/en-US/spare.wav' } };
    const spare = diffView(diffFlows(before, flow), flow as unknown as FlowValue);
    expect(spare.entries).toEqual([{ sentence: expect.stringContaining("Prompt 'spare'"), states: [] }]);
    expect(spare.marks.size).toBe(0);
  });

  it('gives a state’s box the class of its mark, and none without one', () => {
    expect(diffClass('added')).toBe('is-diff-added');
    expect(diffClass('removed')).toBe('is-diff-removed');
    expect(diffClass('changed')).toBe('is-diff-changed');
    expect(diffClass(undefined)).toBeUndefined();
    const flow = after as unknown as FlowValue;
    expect(stateNodeData(flow, 'billing', [], { diff: view.marks }).diff).toBe('added');
    expect(stateNodeData(flow, 'answer', [], { diff: view.marks }).diff).toBeUndefined();
    expect(stateNodeData(flow, 'welcome', [], {}).diff).toBeUndefined();
  });
});
