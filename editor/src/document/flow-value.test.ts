import { describe, expect, it } from 'vitest';
import { addKey, addState, connect, deleteStates, keyedTargets, pasteStates, renameState, setIn, uniqueStateId, type FlowValue } from './flow-value.ts';

const flow = (): FlowValue => ({
  id: 'demo',
  start: 'answer',
  on: { error: 'bye' },
  states: {
    answer: { type: 'answer', next: 'menu' },
    menu: { type: 'menu', prompts: ['menu'], choices: { '1': 'sales', '2': 'bye' }, noInput: 'bye' },
    sales: { type: 'transfer', to: { phone: '+14255550101' }, failed: 'bye' },
    bye: { type: 'hangup' },
  },
});

describe('flow edits', () => {
  it('sets and removes values without touching the original, keeping key order', () => {
    const original = flow();
    const edited = setIn(original, ['states', 'menu', 'timeoutSeconds'], 5);
    expect(original.states!.menu.timeoutSeconds).toBeUndefined();
    expect(Object.keys(edited.states!.menu)).toEqual(['type', 'prompts', 'choices', 'noInput', 'timeoutSeconds']);
    expect(setIn(edited, ['states', 'menu', 'prompts', '0'], undefined).states!.menu.prompts).toEqual([]);
  });

  it('names new states after their block and makes the first state the start', () => {
    const empty: FlowValue = { id: 'x', states: {} };
    const one = addState(empty, uniqueStateId(empty, 'play'), { type: 'play' });
    expect(one.start).toBe('play');
    expect(uniqueStateId(one, 'play')).toBe('play2');
    expect(addState(one, 'play2', { type: 'play' }).start).toBe('play');
  });

  it('renames a state in place and every reference to it', () => {
    const renamed = renameState(flow(), 'bye', 'goodbye');
    expect(Object.keys(renamed.states!)).toEqual(['answer', 'menu', 'sales', 'goodbye']);
    expect(renamed.on).toEqual({ error: 'goodbye' });
    expect(renamed.states!.menu).toMatchObject({ choices: { '1': 'sales', '2': 'goodbye' }, noInput: 'goodbye' });
    expect(renamed.states!.sales.failed).toBe('goodbye');
    expect(renameState(flow(), 'bye', 'menu')).toEqual(flow());
  });

  it('renames and deletes the states of the flow-wide keys, dropping a key whose state is gone', () => {
    const withKeys: FlowValue = { ...flow(), on: { error: 'bye', key: { '0': 'sales', '*': 'menu' } } };
    expect(renameState(withKeys, 'sales', 'operator').on).toEqual({ error: 'bye', key: { '0': 'operator', '*': 'menu' } });
    expect(deleteStates(withKeys, ['sales']).on).toEqual({ error: 'bye', key: { '*': 'menu' } });
    expect(deleteStates(withKeys, ['sales', 'menu']).on).toEqual({ error: 'bye' });
    expect(deleteStates(withKeys, ['sales', 'menu', 'bye']).on).toBeUndefined();
  });

  it('connects and disconnects ports by name, including menu choices', () => {
    expect(connect(flow(), 'menu', '1', 'bye').states!.menu.choices).toEqual({ '1': 'bye', '2': 'bye' });
    expect(connect(flow(), 'menu', 'noInput', undefined).states!.menu.noInput).toBeUndefined();
    expect(connect(flow(), 'menu', 'nope', 'bye')).toEqual(flow());
  });

  it('deletes states and leaves the ports that led to them unconnected', () => {
    const after = deleteStates(flow(), ['bye']);
    expect(Object.keys(after.states!)).toEqual(['answer', 'menu', 'sales']);
    expect(after.on).toBeUndefined();
    expect(after.states!.menu).toEqual({ type: 'menu', prompts: ['menu'], choices: { '1': 'sales' } });
    expect(after.states!.sales).toEqual({ type: 'transfer', to: { phone: '+14255550101' } });
  });

  it('pastes copies under fresh ids, rewiring ports between the copies', () => {
    const { flow: pasted, ids } = pasteStates(flow(), { sales: flow().states!.sales, bye: flow().states!.bye });
    expect([...ids]).toEqual([
      ['sales', 'sales2'],
      ['bye', 'bye2'],
    ]);
    expect(pasted.states!.sales2).toEqual({ type: 'transfer', to: { phone: '+14255550101' }, failed: 'bye2' });
    const { flow: alone } = pasteStates(flow(), { lost: { type: 'play', next: 'nowhere' } });
    expect(alone.states!.lost).toEqual({ type: 'play' });
  });

  it('adds the first free key of a menu, going to a state, and none to a block without keys', () => {
    const { flow: added, key } = addKey(flow(), 'menu', 'sales');
    expect(key).toBe('3');
    expect(added.states!.menu.choices).toEqual({ '1': 'sales', '2': 'bye', '3': 'sales' });
    expect(keyedTargets(flow().states!.answer)).toBeUndefined();
    expect(addKey(flow(), 'answer', 'bye').key).toBeUndefined();
  });
});
