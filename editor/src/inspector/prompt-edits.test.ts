import { describe, expect, it } from 'vitest';
import { flowLocales, newPromptProblem, withVariant, withoutVariant } from './prompt-edits.ts';

const prompts = { greeting: { 'en-US': { text: 'Hello', file: 'prompts/en-US/welcome.wav' } } };

describe('prompt edits', () => {
  it('checks a new prompt: a free key, a locale and words', () => {
    expect(newPromptProblem(prompts, '', 'en-US', 'Hi')).toBe('enter a key');
    expect(newPromptProblem(prompts, 'greeting', 'en-US', 'Hi')).toBe("'greeting' already exists");
    expect(newPromptProblem(prompts, '1st', 'en-US', 'Hi')).toMatch(/starts with a letter/);
    expect(newPromptProblem(prompts, 'hours', 'english', 'Hi')).toMatch(/not a locale/);
    expect(newPromptProblem(prompts, 'hours', 'en-US', '  ')).toBe('enter the words callers hear');
    expect(newPromptProblem(prompts, 'hours', 'en-US', 'x'.repeat(2001))).toMatch(/2,000/);
    expect(newPromptProblem(prompts, 'hours', 'en-US', 'We are open from 9 to 5.')).toBeUndefined();
  });

  it('patches a variant, removing what is cleared', () => {
    expect(withVariant(prompts, 'greeting', 'en-US', { file: undefined, voice: 'en-us' })).toEqual({
      greeting: { 'en-US': { text: 'Hello', voice: 'en-us' } },
    });
    expect(withVariant(prompts, 'greeting', 'es-US', { text: 'Hola' }).greeting).toEqual({ ...prompts.greeting, 'es-US': { text: 'Hola' } });
    expect(withVariant(prompts, 'greeting', 'en-US', { voice: '' }).greeting['en-US']).toEqual(prompts.greeting['en-US']);
  });

  it('removes a variant but never the last one', () => {
    const two = withVariant(prompts, 'greeting', 'es-US', { text: 'Hola' });
    expect(withoutVariant(two, 'greeting', 'en-US')).toEqual({ greeting: { 'es-US': { text: 'Hola' } } });
    expect(withoutVariant(prompts, 'greeting', 'en-US')).toBe(prompts);
  });

  it("lists the flow's locales, settings first", () => {
    expect(flowLocales({ settings: { locale: 'es-US' }, prompts: withVariant(prompts, 'x', 'fr-CA', { text: 'Allo' }) })).toEqual(['es-US', 'en-US', 'fr-CA']);
  });
});
