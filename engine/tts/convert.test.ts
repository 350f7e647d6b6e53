import { describe, expect, it } from 'vitest';
import { toPromptWav } from './convert.ts';
import { wavFormat } from './wav.ts';

/** A WAV of a 440 Hz tone in the given encoding. */
function wav(rate: number, channels: number, bits: number, seconds: number, format = 1): Buffer {
  const frames = Math.round(rate * seconds);
  const width = bits / 8;
  const data = Buffer.alloc(frames * channels * width);
  for (let i = 0; i < frames; i++) {
    const x = Math.sin((2 * Math.PI * 440 * i) / rate) * 0.5;
    for (let c = 0; c < channels; c++) {
      const p = (i * channels + c) * width;
      if (format === 3) data.writeFloatLE(x, p);
      else if (bits === 8) data[p] = Math.round(x * 127) + 128;
      else if (bits === 16) data.writeInt16LE(Math.round(x * 32767), p);
      else if (bits === 24) data.writeIntLE(Math.round(x * 8388607), p, 3);
    }
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(format, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * channels * width, 28);
  header.writeUInt16LE(channels * width, 32);
  header.writeUInt16LE(bits, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

describe('uploaded recordings', () => {
  it.each([
    [44100, 2, 16, 1],
    [48000, 1, 24, 1],
    [8000, 1, 8, 1],
    [22050, 2, 32, 3],
  ])('converts %i Hz, %i channel(s), %i-bit (format %i) to 16 kHz 16-bit mono of the same length', (rate, channels, bits, format) => {
    const { wav: out, durationMs } = toPromptWav(wav(rate, channels, bits, 1.5, format));
    expect(wavFormat(out)).toMatchObject({ audioFormat: 1, sampleRate: 16000, channels: 1, bitsPerSample: 16, durationMs: 1500 });
    expect(durationMs).toBe(1500);
  });

  it('names MP3 and M4A and says how to convert them; refuses other files and long recordings', () => {
    expect(() => toPromptWav(Buffer.from('ID3\u0004\u0000\u0000rest of an mp3'))).toThrow(
      'MP3 cannot be decoded here; convert it to WAV first, e.g. ffmpeg -i in.mp3 -ar 16000 -ac 1 out.wav',
    );
    expect(() => toPromptWav(Buffer.from('\u0000\u0000\u0000\u0020ftypM4A rest'))).toThrow(/^M4A cannot be decoded here/);
    expect(() => toPromptWav(Buffer.from('%PDF-1.7 not audio'))).toThrow(/this is not a WAV, MP3 or M4A file/);
    expect(() => toPromptWav(wav(8000, 1, 8, 301))).toThrow('the recording lasts 301 s; prompts may last at most 300 s');
  });
});
