import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversionError, toPromptWav } from './convert.ts';
import { wavFormat } from './wav.ts';
import { ffmpegInstalled } from './ffmpeg-decode.ts';
import { makeCompressedRecordings, type CompressedRecordings } from '../../test/support/compressed-recordings.ts';

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
  ])('converts %i Hz, %i channel(s), %i-bit (format %i) to 16 kHz 16-bit mono of the same length', async (rate, channels, bits, format) => {
    const { wav: out, durationMs } = await toPromptWav(wav(rate, channels, bits, 1.5, format));
    expect(wavFormat(out)).toMatchObject({ audioFormat: 1, sampleRate: 16000, channels: 1, bitsPerSample: 16, durationMs: 1500 });
    expect(durationMs).toBe(1500);
  });

  it('refuses other files naming what they are and the accepted formats, and long recordings', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40)]);
    await expect(toPromptWav(png)).rejects.toThrow('this file is a PNG image; upload a recording as WAV, MP3 or M4A (AAC)');
    await expect(toPromptWav(Buffer.from('OggS\u0000\u0002 rest of a vorbis file'))).rejects.toThrow(
      'this file is an Ogg (Vorbis or Opus) file; upload a recording as WAV, MP3 or M4A (AAC)',
    );
    await expect(toPromptWav(Buffer.from('just some words, not audio'))).rejects.toThrow(
      'this file is not a recording this engine recognises; upload a recording as WAV, MP3 or M4A (AAC)',
    );
    await expect(toPromptWav(wav(8000, 1, 8, 301))).rejects.toThrow('the recording lasts 301 s; prompts may last at most 300 s');
  });
});

describe('uploaded MP3 and M4A recordings, decoded by ffmpeg', () => {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-convert-'));
  let spokenMs = 0;
  let files: CompressedRecordings['files'];
  beforeAll(() => ({ spokenMs, files } = makeCompressedRecordings(dir)));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['speech.mp3', 'speech.m4a', 'speech-faststart.m4a', 'speech.aac'] as const)(
    'converts %s to 16 kHz 16-bit mono as long as the words',
    async (name) => {
      const { wav: out, durationMs } = await toPromptWav(files[name]);
      const format = wavFormat(out);
      expect(format).toMatchObject({ audioFormat: 1, sampleRate: 16000, channels: 1, bitsPerSample: 16 });
      expect(format.durationMs).toBe(durationMs);
      // The encoders' padding is trimmed on decoding (LAME's gapless header, AAC's edit list); a frame of slack for ADTS, which has neither.
      expect(Math.abs(durationMs - spokenMs)).toBeLessThanOrEqual(name.endsWith('.aac') ? 50 : 15);
      // Speech, not silence: the words' energy came through.
      const samples = new Int16Array(out.buffer, out.byteOffset + 44, (out.length - 44) / 2);
      expect(Math.max(...samples.map(Math.abs))).toBeGreaterThan(3000);
    },
  );

  it('refuses a corrupt MP3, a truncated M4A and one too long, saying why', async () => {
    const corrupt = Buffer.concat([Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000'), Buffer.alloc(4000, 0x5a)]);
    await expect(toPromptWav(corrupt)).rejects.toThrow(/^the MP3 could not be decoded \(.+\); is it a complete MP3 file\?$/);
    const truncated = files['speech.m4a'].subarray(0, 2000);
    await expect(toPromptWav(truncated)).rejects.toThrow(/^the M4A could not be decoded \(.*moov atom not found.*\); is it a complete M4A file\?$/);
    await expect(toPromptWav(files['long.mp3'])).rejects.toThrow('the recording lasts more than 300 s; prompts may last at most 300 s');
    const error = await toPromptWav(corrupt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversionError);
    expect((error as ConversionError).kind).toBe('invalid');
    // The temporary file's path is nobody's business.
    expect((error as Error).message).not.toContain(tmpdir());
  });

  it('without ffmpeg refuses an MP3 with the command that installs it, and gives up a decode that takes too long', async () => {
    await expect(toPromptWav(files['speech.mp3'], { ffmpeg: join(dir, 'no-ffmpeg-here') })).rejects.toThrow(
      'MP3 is decoded by ffmpeg, which is not installed where the engine runs (apt-get install -y --no-install-recommends ffmpeg); upload a WAV meanwhile',
    );
    expect(ffmpegInstalled()).toBe(true);
    const path = process.env.PATH;
    process.env.PATH = dir;
    expect(ffmpegInstalled()).toBe(false);
    process.env.PATH = path;
    const slow = await toPromptWav(files['speech.m4a'], { timeoutMs: 1 }).catch((e: unknown) => e);
    expect(slow).toMatchObject({ kind: 'unavailable', message: 'the M4A was not converted: decoding took longer than 0.001 s; try again or upload a WAV' });
  });
});
