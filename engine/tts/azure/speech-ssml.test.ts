/**
 * Escaping holds for any text: random strings rich in markup characters, quotes, entities,
 * control characters and astral-plane letters (seed printed; CALLFLOW_TEST_SEED replays it) go
 * through speechSsml and come out of a strict XML reader (the Speech stand-in's) as the same words.
 */
import { describe, expect, it } from 'vitest';
import { readSsml } from '../../emulator/speech/ssml.ts';
import { seededRandom, testSeed } from '../../../test/support/seeded-random.ts';
import { escapeXml, isSpeakDocument, speechSsml } from './speech-ssml.ts';

const seed = testSeed();
const PIECES = [
  '<',
  '>',
  '&',
  '"',
  "'",
  '</speak>',
  '<break time="100s"/>',
  ']]>',
  '&amp;',
  '&#x41;',
  '<!--',
  '\u0000',
  '\u0007',
  '\t',
  '\n',
  ' ',
  'a',
  'Z',
  'é',
  '😀',
  '\uD800',
  '<?xml?>',
  'voice',
];

describe('speech SSML', () => {
  it(`keeps any text as words (seed ${seed})`, () => {
    const random = seededRandom(seed);
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 12) }, () => PIECES[Math.floor(random() * PIECES.length)]).join('');
      const read = readSsml(speechSsml({ text, voice: 'en-US-JennyNeural', locale: 'en-US' }));
      const expected = text
        .replace(/[\p{Cc}\p{Cs}]/gu, (c) => (c === '\t' || c === '\n' || c === '\r' ? c : ''))
        .replace(/\s+/g, ' ')
        .trim();
      expect(read.text, `seed ${seed}, case ${i}: ${JSON.stringify(text)}`).toBe(expected);
      expect(read.voices).toEqual(['en-US-JennyNeural']);
    }
  });

  it('escapes attribute values too, and tells a whole document from a fragment', () => {
    expect(escapeXml(`a"b'c<d>&`)).toBe('a&quot;b&apos;c&lt;d&gt;&amp;');
    expect(speechSsml({ text: 'x', voice: 'en-US-JennyNeural"/><voice name="y', locale: 'en-US' })).toContain(
      'name="en-US-JennyNeural&quot;/&gt;&lt;voice name=&quot;y"',
    );
    expect(isSpeakDocument('<?xml version="1.0"?>\n<!-- hi --><speak version="1.0">')).toBe(true);
    expect(isSpeakDocument('Hello <break/> <speak>')).toBe(false);
  });
});
