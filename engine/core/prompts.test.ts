import { describe, expect, it } from 'vitest';
import { checkText, compile } from '../blocks/language.ts';
import { flowWith, problemsOf } from '../blocks/testing.ts';
import { contentHash } from './hash.ts';
import { resolvePrompt } from './prompts.ts';
import { start, step } from './step.ts';
import type { FlowDocument } from './types.ts';

const now = Date.UTC(2026, 0, 5, 10);

const bilingual = (extra: Partial<FlowDocument> = {}): FlowDocument =>
  flowWith(
    { a: { type: 'answer', next: 'p' }, p: { type: 'play', prompts: ['hello'], next: 'next' } },
    {
      variables: { locale: { type: 'string', default: '' }, when: { type: 'string', default: '2026-12-08T15:30:00Z' } },
      prompts: {
        hello: { 'en-US': { text: 'Hello' }, 'es-US': { text: 'Hola' } },
        bye: { 'es-US': { text: 'Adiós' }, 'en-US': { text: 'Goodbye' } },
        only: { 'fr-FR': { text: 'Bonjour' }, 'en-US': { text: 'Hi' } },
      },
      settings: { locale: 'en-US' },
      ...extra,
    },
  );

/** The prompts of the first playPrompt a call of `flow` sends, given its vars and caller. */
function firstPlay(flow: FlowDocument, start_: { vars?: Record<string, string>; caller?: Record<string, string> } = {}) {
  const compiled = compile({ flow, hash: contentHash(JSON.stringify(flow)) });
  const started = start(compiled, { call: { id: 'c1', direction: 'incoming' }, ...start_ } as never, { now });
  const stepped = step(started.record, { type: 'call.established' }, { lookup: () => compiled, now });
  const play = stepped.effects.find((effect) => effect.type === 'graph.playPrompt');
  return play?.prompts as Array<Record<string, unknown>> | undefined;
}

describe('prompt languages', () => {
  it("falls back to the flow's settings.locale, not the first variant written, when the call's language is missing", () => {
    const flow = bilingual();
    expect(resolvePrompt(flow, 'bye', 'de-DE')).toMatchObject({ locale: 'en-US', text: 'Goodbye' });
    expect(resolvePrompt(flow, 'bye', 'es-US')).toMatchObject({ locale: 'es-US', text: 'Adiós' });
    expect(resolvePrompt(flow, 'only', undefined)).toMatchObject({ locale: 'en-US' });
  });

  it('warns about a prompt that lacks a locale other prompts of the flow have', () => {
    const { problems } = checkText(JSON.stringify(bilingual()), 'f.json');
    const gaps = problems.filter((problem) => problem.code === 'lint.prompt-locale-missing');
    expect(gaps.map((problem) => [problem.pointer, problem.severity])).toEqual([
      ['/prompts/hello', 'warning'],
      ['/prompts/bye', 'warning'],
      ['/prompts/only', 'warning'],
    ]);
    expect(gaps[0].message).toMatch(/has no fr-FR version/);
  });
});

describe('prompts of words', () => {
  it('are valid with text alone, no recording', () => {
    const flow = flowWith({ p: { type: 'play', prompts: ['words'], next: 'next' } }, { prompts: { words: { 'en-US': { text: 'Just words' } } } });
    expect(problemsOf(flow)).toEqual([]);
  });

  it('refuses text over the limit and SSML that is not well formed', () => {
    const long = flowWith({ p: { type: 'play', prompts: ['long'], next: 'next' } }, { prompts: { long: { 'en-US': { text: 'x'.repeat(2001) } } } });
    expect(problemsOf(long).map((problem) => [problem.pointer, problem.code])).toEqual([['/prompts/long/en-US/text', 'schema.maxLength']]);
    const markup = flowWith(
      { p: { type: 'play', prompts: ['markup'], next: 'next' } },
      { prompts: { markup: { 'en-US': { text: 'Hi', ssml: '<speak>Hi {{ caller.displayName }} <break time="1s"></speak>' } } } },
    );
    expect(problemsOf(markup).map((problem) => [problem.pointer, problem.code, problem.message])).toEqual([
      ['/prompts/markup/en-US/ssml', 'ref.prompt-ssml', 'the SSML is not well formed: </speak> closes <break>'],
    ]);
  });

  it("checks a named voice against the synthesizer's voices for the prompt's language, when they are known", () => {
    const flow = flowWith(
      { p: { type: 'play', prompts: ['a', 'b'], next: 'next' } },
      { prompts: { a: { 'en-US': { text: 'Hi', voice: 'en-us' } }, b: { 'en-US': { text: 'Hi', voice: 'es-419' } } } },
    );
    const voices = [
      { name: 'en-us', locale: 'en-US' },
      { name: 'es-419', locale: 'es-419' },
    ];
    const { problems } = checkText(JSON.stringify(flow), 'f.json', { voices });
    expect(problems.filter((problem) => problem.code === 'lint.prompt-voice').map((problem) => [problem.pointer, problem.message])).toEqual([
      ['/prompts/b/en-US/voice', "the synthesizer has no voice 'es-419' for en-US; choose one of en-us or leave the voice out"],
    ]);
    expect(checkText(JSON.stringify(flow), 'f.json').problems.some((problem) => problem.code === 'lint.prompt-voice')).toBe(false);
  });
});

describe('dynamic prompts', () => {
  it('render templates per call, with the say-as helpers in the prompt’s language and the flow’s time zone', () => {
    const flow = bilingual({
      prompts: {
        hello: {
          'en-US': { text: 'Your appointment is on {{ sayDate(vars.when) }} at {{ sayTime(vars.when) }}.' },
          'es-US': { text: 'Su cita es el {{ sayDate(vars.when) }}.' },
        },
      },
      settings: { locale: 'en-US', timeZone: 'America/New_York' },
    });
    expect(firstPlay(flow)?.[0]).toMatchObject({ locale: 'en-US', text: 'Your appointment is on Tuesday, December 8, 2026 at 10:30 AM.' });
    expect(firstPlay(flow, { vars: { locale: 'es-US' } })?.[0]).toMatchObject({ locale: 'es-US', text: 'Su cita es el martes, 8 de diciembre de 2026.' });
  });

  it("escape what variables hold when building SSML: a caller's name cannot add a pause or end the document", () => {
    const flow = bilingual({
      prompts: { hello: { 'en-US': { text: 'Hello {{ caller.displayName }}', ssml: '<speak>Hello <emphasis>{{ caller.displayName }}</emphasis></speak>' } } },
    });
    const name = 'Eve <break time="100s"/></speak><speak>';
    const [prompt] = firstPlay(flow, { caller: { displayName: name } })!;
    expect(prompt.ssml).toBe('<speak>Hello <emphasis>Eve &lt;break time=&quot;100s&quot;/&gt;&lt;/speak&gt;&lt;speak&gt;</emphasis></speak>');
    expect(prompt.text).toBe(`Hello ${name}`);
  });
});
