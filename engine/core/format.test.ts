import { describe, expect, it } from 'vitest';
import { formatFlow } from '../blocks/language.ts';

const messy = {
  states: {
    welcome: { next: 'menu', type: 'answer' },
    menu: { noInput: 'bye', choices: { '2': 'bye', '1': 'bye' }, prompts: ['menu'], type: 'menu', description: 'Main menu' },
    bye: { type: 'hangup' },
  },
  start: 'welcome',
  name: 'Messy',
  version: 1,
  id: 'messy',
  prompts: { menu: { 'en-US': { text: 'Press 1', file: 'prompts/en-US/menu.wav' } } },
};

describe('canonical format', () => {
  it('orders keys as the schema declares them: flow header first, then type, description, options, ports', () => {
    const text = formatFlow(messy);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(['id', 'version', 'name', 'start', 'prompts', 'states']);
    expect(Object.keys(parsed.states.menu)).toEqual(['type', 'description', 'prompts', 'choices', 'noInput']);
    expect(Object.keys(parsed.prompts.menu['en-US'])).toEqual(['file', 'text']);
  });

  it('keeps the author order of states, uses 2-space indent and ends with one newline', () => {
    const text = formatFlow(messy);
    expect(Object.keys(JSON.parse(text).states)).toEqual(['welcome', 'menu', 'bye']);
    expect(text).toMatch(/^\{\n {2}"id": "messy",\n/);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
  });

  it('changes no byte of text that is already canonical', () => {
    const once = formatFlow(messy);
    expect(formatFlow(JSON.parse(once))).toBe(once);
  });

  it('keeps unknown keys (after known ones) so formatting never loses data', () => {
    const text = formatFlow({ ...messy, states: { ...messy.states, bye: { zeta: 1, type: 'hangup' } } });
    expect(JSON.parse(text).states.bye).toEqual({ type: 'hangup', zeta: 1 });
  });
});
