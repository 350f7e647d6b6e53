import { describe, expect, it } from 'vitest';
import { readWav, wavFormat, writeWav } from './wav.ts';
import { resample, toMono } from './resample.ts';

const tone = (rate: number, hz: number, seconds: number) =>
  Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.round(10000 * Math.sin((2 * Math.PI * hz * i) / rate)));

describe('RIFF WAV', () => {
  it('writes a 16 kHz mono PCM file that reads back sample for sample', () => {
    const samples = tone(16000, 440, 0.25);
    const bytes = writeWav({ sampleRate: 16000, channels: 1, samples });
    expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(wavFormat(bytes)).toEqual({ audioFormat: 1, sampleRate: 16000, channels: 1, bitsPerSample: 16, dataBytes: samples.length * 2, durationMs: 250 });
    expect(Array.from(readWav(bytes).samples)).toEqual(Array.from(samples));
  });

  it("takes the data that is there when a streamed header says 0x7ffffff0 bytes (espeak-ng's --stdout)", () => {
    const bytes = writeWav({ sampleRate: 22050, channels: 1, samples: tone(22050, 300, 0.1) });
    bytes.writeUInt32LE(0x7ffffff0, 40);
    expect(wavFormat(bytes).durationMs).toBe(100);
  });

  it('refuses what is not a WAV', () => {
    expect(() => wavFormat(Buffer.from('ID3 not a wav file'))).toThrow(/not a RIFF WAVE/);
  });
});

describe('resampling', () => {
  it('keeps the length in proportion and a low tone at its amplitude (22 050 → 16 000 Hz)', () => {
    const out = resample(tone(22050, 300, 1), 22050, 16000);
    expect(out.length).toBe(16000);
    const peak = Math.max(...Array.from(out.subarray(1000, 15000)));
    expect(peak).toBeGreaterThan(9500);
    expect(peak).toBeLessThan(10500);
  });

  it('removes a tone above the new Nyquist frequency instead of folding it back', () => {
    const out = resample(tone(22050, 10000, 0.5), 22050, 16000);
    const peak = Math.max(...Array.from(out.subarray(500, 7500)).map(Math.abs));
    expect(peak).toBeLessThan(800);
  });

  it('is deterministic and averages channels to mono', () => {
    const input = tone(22050, 440, 0.2);
    expect(Buffer.from(resample(input, 22050, 16000).buffer)).toEqual(Buffer.from(resample(input, 22050, 16000).buffer));
    expect(Array.from(toMono(Int16Array.from([100, 300, -50, 50]), 2))).toEqual([200, 0]);
  });
});
