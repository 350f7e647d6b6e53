import { describe, expect, it } from 'vitest';
import { problemRanges } from './problem-ranges.ts';
import { checkText } from '../../../engine/blocks/language.ts';

const slice = (text: string, range: { start: number; end: number }) => text.slice(range.start, range.end);

describe('problem ranges', () => {
  it('underlines the value a schema problem is about', () => {
    const text =
      '{\n  "id": "x",\n  "version": 1,\n  "name": "X",\n  "start": "m",\n  "states": {\n    "m": { "type": "menu", "prompts": ["p"], "choices": { "1": "m" }, "timeoutSeconds": "five" }\n  }\n}\n';
    const { problems } = checkText(text, 'x.flow.json');
    const ranges = problemRanges(text, problems);
    expect(ranges.map((range) => slice(text, range))).toContain('"five"');
  });

  it('underlines the key of a state that misses an option, not the whole state', () => {
    const text = '{\n  "id": "x",\n  "version": 1,\n  "name": "X",\n  "start": "m",\n  "states": {\n    "m": { "type": "play" }\n  }\n}\n';
    const ranges = problemRanges(text, checkText(text, 'x.flow.json').problems);
    expect(ranges.map((range) => slice(text, range))).toContain('"m"');
  });

  it('underlines the token where the JSON breaks', () => {
    const text = '{\n  "id": "x",\n  "version": 1 oops\n}';
    const [range] = problemRanges(text, checkText(text, 'x.flow.json').problems);
    expect(slice(text, range)).toBe('oops');
  });
});
