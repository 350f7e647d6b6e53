import { describe, expect, it } from 'vitest';
import { formatFlow } from '../../../engine/blocks/language.ts';
import { analyze } from './analysis.ts';
import { plainProblem } from './plain-problems.ts';
import type { FlowValue } from './flow-value.ts';

/** The plain sentence of every problem the editor reports for a flow. */
function sentences(flow: FlowValue): string[] {
  return analyze(formatFlow(flow), 'demo.flow.json').problems.map((problem) => plainProblem(problem, flow));
}

const prompts = { hello: { 'en-US': { file: 'prompts/en-US/welcome.wav', text: 'Hello.' } } };
const flow = (states: FlowValue['states'], extra: Partial<FlowValue> = {}): FlowValue => ({
  id: 'demo',
  version: 1,
  name: 'Demo',
  start: 'a',
  prompts,
  states,
  ...extra,
});

describe('problems in plain words', () => {
  it('asks who to transfer to, whether the option is missing or empty', () => {
    expect(sentences(flow({ a: { type: 'answer', next: 't' }, t: { type: 'transfer' } }))).toContain(
      'Choose who to transfer to: a person, a phone number or an app.',
    );
    expect(sentences(flow({ a: { type: 'answer', next: 't' }, t: { type: 'transfer', to: {} } }))).toContain(
      'Choose who to transfer to: a person, a phone number or an app.',
    );
  });

  it('says where a key or port leads nowhere, or to a block that does not exist', () => {
    const menu = { type: 'menu', prompts: ['hello'], choices: { '1': 'h', '2': 'gone' }, noInput: 'h', noMatch: 'h' };
    expect(sentences(flow({ a: { type: 'answer', next: 'm' }, m: menu, h: { type: 'hangup' } }))).toContain(
      "Key 2 of the menu goes to “gone”, which isn't a block of this flow.",
    );
    expect(sentences(flow({ a: { type: 'answer' }, h: { type: 'hangup' } }))).toContain(
      "“next” of the “Answer” block doesn't go anywhere yet: drag from its tab to the next block.",
    );
  });

  it('speaks of blocks nothing leads to, and of prompts and variables that do not exist', () => {
    const all = sentences(
      flow({ a: { type: 'answer', next: 'p' }, p: { type: 'play', prompts: ['helo'], next: 'h' }, h: { type: 'hangup' }, lost: { type: 'hangup' } }),
    );
    expect(all).toContain('Nothing leads to the “Hang up” block yet: connect a tab of another block to it, or delete it.');
    expect(all).toContain("The prompt “helo” doesn't exist yet: add it in the flow's prompts (did you mean “hello”?).");
  });

  it('never shows a JSON pointer or a schema word', () => {
    const all = sentences(flow({ a: { type: 'answer', next: 'w' }, w: { type: 'wait', seconds: 'x' }, t: { type: 'transfer', to: {} } }));
    expect(all.length).toBeGreaterThan(0);
    for (const sentence of all) expect(sentence).not.toMatch(/\/states\/|must have exactly one of|'[\w.]+' of state/);
  });
});
