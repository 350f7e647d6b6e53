import { describe, expect, it } from 'vitest';
import { builtInBlocks } from '../../../engine/blocks/registry.ts';
import { FLOW_SCHEMA } from './schema-kinds.ts';
import { plainHelp } from './plain-help.ts';

/** Every description in a schema, nested options included. */
function descriptions(schema: unknown, out: string[] = []): string[] {
  if (Array.isArray(schema)) for (const item of schema) descriptions(item, out);
  else if (schema && typeof schema === 'object')
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'description' && typeof value === 'string') out.push(value);
      else descriptions(value, out);
    }
  return out;
}

const texts = [...builtInBlocks.all.flatMap((block) => [block.description, ...descriptions(block.properties)]), ...descriptions(FLOW_SCHEMA)];

describe('help texts in plain words', () => {
  it('names no Graph request and no formula language, and explains every formula word where it stands', () => {
    const shown = texts.map(plainHelp);
    expect(shown.filter((text) => /\bGraph\b|\bCEL\b|\bDTMF\b/.test(text))).toEqual([]);
    expect(shown.filter((text) => /lastResult\b/.test(text) && !/lastResult\.\w+ in a formula|lastResult is what/.test(text))).toEqual([]);
    expect(shown.filter((text) => /\{\{/.test(text) && !/placeholder/.test(text))).toEqual([]);
  });

  it('rewrites the sentences the analyst of issue 14 met', () => {
    expect(plainHelp('Plays prompts to the caller (Graph playPrompt) and continues when they have finished.')).toBe(
      'Plays prompts to the caller and continues when they have finished.',
    );
    expect(plainHelp('When true, a key press stops the prompts and continues at once; the key is in lastResult.digit.')).toBe(
      'When true, a key press stops the prompts and continues at once; later blocks can use the key that was pressed (lastResult.digit in a formula).',
    );
    expect(plainHelp('A recording to play after the prompts, e.g. "{{vars.message}}" holding the location a record state stored.')).toContain(
      '"{{vars.message}}" (a placeholder filled in with the variable message)',
    );
  });
});
