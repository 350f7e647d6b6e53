import { describe, expect, it } from 'vitest';
import { EspeakSynthesizer, parseVoices, voicesFor } from './espeak.ts';
import { SynthesisError } from './synthesizer.ts';
import { wavFormat } from './wav.ts';

describe('the espeak synthesizer', () => {
  const espeak = new EspeakSynthesizer();

  it('speaks words as a 16 kHz, 16-bit, mono WAV, the same bytes every time', async () => {
    const request = { text: 'Your appointment is on Tuesday at three.', locale: 'en-US' };
    const first = await espeak.synthesize(request);
    const second = await espeak.synthesize(request);
    expect(wavFormat(first)).toMatchObject({ audioFormat: 1, sampleRate: 16000, channels: 1, bitsPerSample: 16 });
    expect(wavFormat(first).durationMs).toBeGreaterThan(1000);
    expect(first.equals(second)).toBe(true);
  });

  it('reads SSML markup instead of saying it', async () => {
    const plain = await espeak.synthesize({ text: 'Hello', locale: 'en-US' });
    const paused = await espeak.synthesize({ ssml: '<speak>Hello <break time="1s"/> there</speak>', locale: 'en-US' });
    expect(wavFormat(paused).durationMs).toBeGreaterThan(wavFormat(plain).durationMs + 900);
  });

  it('lists voices per locale, the exact locale first', async () => {
    const english = await espeak.voices('en-US');
    expect(english[0]).toMatchObject({ name: 'en-us', locale: 'en-US' });
    expect((await espeak.voices('es-US')).map((voice) => voice.name)).toContain('es-419');
  });

  it('says how to install espeak-ng when it is missing', async () => {
    const missing = new EspeakSynthesizer({ command: '/nonexistent/espeak-ng' });
    await expect(missing.synthesize({ text: 'Hi', locale: 'en-US', voice: 'en-us' })).rejects.toThrow(/apt-get install -y espeak-ng/);
    await expect(missing.synthesize({ text: 'Hi', locale: 'en-US', voice: 'en-us' })).rejects.toBeInstanceOf(SynthesisError);
  });

  it('gives up after its timeout with kind timeout', async () => {
    const slow = new EspeakSynthesizer({ timeoutMs: 1 });
    await expect(
      slow.synthesize({ text: 'A sentence long enough to take more than a millisecond to say.', locale: 'en-US', voice: 'en-us' }),
    ).rejects.toMatchObject({
      kind: 'timeout',
    });
  });
});

describe('espeak voice lists', () => {
  const voices = parseVoices(
    [
      'Pty Language       Age/Gender VoiceName          File                 Other Languages',
      ' 5  en-us           --/M      English_(America)  gmw/en-US',
      ' 5  es              --/M      Spanish_(Spain)    roa/es',
      ' 5  es-419          --/M      Spanish_(Latin_America) roa/es-419',
    ].join('\n'),
  );
  it('names voices by their language code with BCP 47 locales', () => {
    expect(voices).toEqual([
      { name: 'en-us', locale: 'en-US', gender: 'Male' },
      { name: 'es', locale: 'es', gender: 'Male' },
      { name: 'es-419', locale: 'es-419', gender: 'Male' },
    ]);
    expect(voicesFor(voices, 'es-MX').map((voice) => voice.name)).toEqual(['es', 'es-419']);
  });
});
