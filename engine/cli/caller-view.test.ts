import { describe, expect, it } from 'vitest';
import type { CallLogEntry } from '../emulator/call-log.ts';
import { describeEntry } from './caller-view.ts';

const KEY = 'ab'.repeat(32);

describe('what callflow call prints', () => {
  it('prints the words of recorded prompts from the flows and of synthesized ones from the audio cache', () => {
    const texts = new Map([['prompts/en-US/welcome.wav', 'Welcome to Contoso.']]);
    const words = (key: string) => (key === KEY ? 'Your appointment is on Monday, January 12, 2026 at 9:30 AM.' : undefined);
    const entry = {
      kind: 'event',
      event: 'promptPlaying',
      detail: {
        uris: [
          'https://bot.contoso.com/prompts/en-US/welcome.wav?sig=x',
          `https://bot.contoso.com/prompts/synth/${KEY}.wav?sig=y`,
          `https://bot.contoso.com/prompts/synth/${'cd'.repeat(32)}.wav`,
        ],
      },
    } as unknown as CallLogEntry;
    expect(describeEntry(entry, texts, words)).toEqual([
      'bot: Welcome to Contoso.',
      'bot: Your appointment is on Monday, January 12, 2026 at 9:30 AM.',
      `bot: (${'cd'.repeat(32)}.wav)`,
    ]);
  });
});
