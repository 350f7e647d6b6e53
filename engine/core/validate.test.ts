import { describe, expect, it } from 'vitest';
import { checkText, validateText } from '../blocks/language.ts';

const text = `{
  "id": "demo",
  "version": 1,
  "name": "Demo",
  "start": "welcome",
  "states": {
    "welcome": { "type": "answer", "nxet": "bye" },
    "bye": { "type": "hangup" }
  }
}
`;

describe('validation', () => {
  it('locates a problem by JSON pointer, line and column, and says what to change', () => {
    const { problems } = validateText(text, 'flows/demo.flow.json');
    expect(problems).toEqual([
      {
        file: 'flows/demo.flow.json',
        pointer: '/states/welcome',
        line: 7,
        column: 16,
        severity: 'error',
        code: 'schema.required',
        message: "state 'welcome' is missing 'next' (where to go once the call is established) — add it",
      },
      {
        file: 'flows/demo.flow.json',
        pointer: '/states/welcome/nxet',
        line: 7,
        column: 36,
        severity: 'error',
        code: 'schema.additionalProperties',
        message: expect.stringContaining("has no property 'nxet' — did you mean 'next'?"),
      },
    ]);
  });

  it('suggests the nearest block type for a misspelled one', () => {
    const { problems } = validateText(text.replace('"hangup"', '"hnagup"'), 'f.json');
    expect(problems.find((p) => p.pointer === '/states/bye/type')?.message).toMatch(/unknown block type "hnagup" — did you mean "hangup"\?/);
  });

  it('checks targets, suggesting the nearest state id', () => {
    const { problems } = validateText(text.replace('"nxet": "bye"', '"next": "by"'), 'f.json');
    expect(problems.map((p) => [p.pointer, p.line, p.code, p.message])).toEqual([
      ['/states/welcome/next', 7, 'ref.unknown-target', "port 'next' of state 'welcome' goes to 'by', which is not a state of this flow — did you mean 'bye'?"],
    ]);
  });
});

describe('lint', () => {
  it('warns about unreachable states and unconnected ports, with severities', () => {
    const flow = text
      .replace('"nxet": "bye"', '"next": "m"')
      .replace(
        '"bye": { "type": "hangup" }',
        '"m": { "type": "menu", "prompts": ["p"], "choices": { "1": "bye" } },\n    "bye": { "type": "hangup" },\n    "lost": { "type": "hangup" }',
      )
      .replace('"states"', '"prompts": { "p": { "en-US": { "file": "prompts/p.wav", "text": "Press 1" } } },\n  "states"');
    const { problems } = checkText(flow, 'f.json');
    expect(problems.map((p) => [p.pointer, p.severity, p.code])).toEqual([
      ['/states/m', 'warning', 'lint.unconnected-port'],
      ['/states/m', 'warning', 'lint.unconnected-port'],
      ['/states/lost', 'warning', 'lint.unreachable'],
    ]);
  });
});
