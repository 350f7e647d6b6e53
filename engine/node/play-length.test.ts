import { describe, expect, it } from 'vitest';
import { playLengthFrom } from './play-length.ts';
import { readPrompt } from './prompt-files.ts';

const length = playLengthFrom('flows');
const prompt = (file: string) => ({ key: file, locale: 'en-US', file, text: '' });
const WELCOME = 'prompts/en-US/welcome.wav';
const MENU = 'prompts/en-US/main-menu.wav';

describe('play length of an effect', () => {
  it('adds up the WAV lengths of its prompts', () => {
    const expected = readPrompt('flows', WELCOME).durationMs + readPrompt('flows', MENU).durationMs;
    expect(expected).toBeGreaterThan(1000);
    expect(length({ type: 'graph.playPrompt', prompts: [prompt(WELCOME), prompt(MENU)] })).toBe(expected);
  });

  it('adds the longest recording and the initial silence to a recording prompt', () => {
    const effect = { type: 'graph.recordResponse' as const, prompts: [prompt(WELCOME)], maxRecordDurationInSeconds: 30, initialSilenceTimeoutInSeconds: 4 };
    expect(length(effect)).toBe(readPrompt('flows', WELCOME).durationMs + 34_000);
  });

  it('does not know the length of a missing file or a recording played by URL', () => {
    expect(length({ type: 'graph.playPrompt', prompts: [prompt('prompts/en-US/nowhere.wav')] })).toBeUndefined();
    expect(length({ type: 'graph.playPrompt', prompts: [], recording: 'https://example.com/r.wav' })).toBeUndefined();
  });
});
