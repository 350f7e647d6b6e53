/**
 * Uploaded recordings to what Graph plays (16 kHz, 16-bit, mono PCM WAV). PCM WAV of any rate,
 * 8/16/24/32-bit integers or 32-bit floats, one or more channels, is mixed to mono and resampled
 * in-process like synthesized speech (resample.ts). MP3 and M4A (AAC) are decoded by ffmpeg
 * (ffmpeg-decode.ts); without it they are refused with the command that installs it. What the file
 * is comes from its first bytes (audio-format.ts). Limits keep an upload from holding the process:
 * size and length.
 */
import { ACCEPTED_FORMATS, sniffAudio } from './audio-format.ts';
import { decodeWithFfmpeg, FFMPEG_INSTALL } from './ffmpeg-decode.ts';
import { resample, toMono } from './resample.ts';
import { writeWav } from './wav.ts';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_UPLOAD_SECONDS = 300;

export class ConversionError extends Error {
  constructor(
    message: string,
    readonly kind: 'unsupported' | 'invalid' | 'tooLarge' | 'unavailable',
  ) {
    super(message);
    this.name = 'ConversionError';
  }
}

export interface ConvertOptions {
  /** The ffmpeg program; `ffmpeg` on the PATH by default. */
  ffmpeg?: string;
  /** Longest a decode may take. */
  timeoutMs?: number;
}

const RATE = 16_000;

/** The audio as a Graph prompt WAV; throws a ConversionError saying what is wrong and what to do instead. */
export async function toPromptWav(bytes: Buffer, options: ConvertOptions = {}): Promise<{ wav: Buffer; durationMs: number }> {
  if (bytes.length > MAX_UPLOAD_BYTES) throw new ConversionError(`the file is ${(bytes.length / 1048576).toFixed(1)} MiB; upload at most 20 MiB`, 'tooLarge');
  const sniffed = sniffAudio(bytes);
  if ('other' in sniffed) throw new ConversionError(`this file is ${sniffed.other}; upload a recording as ${ACCEPTED_FORMATS}`, 'unsupported');
  let mono: Int16Array;
  if (sniffed.accepted === 'wav') {
    const { rate, channels, samples } = pcmOf(bytes);
    const seconds = samples.length / channels / rate;
    if (seconds > MAX_UPLOAD_SECONDS) throw tooLong(`${Math.round(seconds)} s`);
    mono = resample(toMono(samples, channels), rate, RATE);
  } else {
    const name = sniffed.accepted.toUpperCase();
    const decoded = await decodeWithFfmpeg(bytes, sniffed.accepted, { command: options.ffmpeg, timeoutMs: options.timeoutMs, maxSeconds: MAX_UPLOAD_SECONDS });
    if (!decoded.ok) {
      if (decoded.why === 'missing')
        throw new ConversionError(
          `${name} is decoded by ffmpeg, which is not installed where the engine runs (${FFMPEG_INSTALL}); upload a WAV meanwhile`,
          'unsupported',
        );
      if (decoded.why === 'timeout') throw new ConversionError(`the ${name} was not converted: ${decoded.detail}; try again or upload a WAV`, 'unavailable');
      throw new ConversionError(`the ${name} could not be decoded (${decoded.detail}); is it a complete ${name} file?`, 'invalid');
    }
    if (decoded.samples.length === 0) throw new ConversionError(`the ${name} holds no audio`, 'invalid');
    if (decoded.samples.length > MAX_UPLOAD_SECONDS * RATE) throw tooLong(`more than ${MAX_UPLOAD_SECONDS} s`);
    mono = decoded.samples;
  }
  return { wav: writeWav({ sampleRate: RATE, channels: 1, samples: mono }), durationMs: Math.round((mono.length / RATE) * 1000) };
}

function tooLong(length: string): ConversionError {
  return new ConversionError(`the recording lasts ${length}; prompts may last at most ${MAX_UPLOAD_SECONDS} s`, 'tooLarge');
}

/** The samples of a PCM or float WAV as 16-bit integers. */
function pcmOf(bytes: Buffer): { rate: number; channels: number; samples: Int16Array } {
  let at = 12;
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  while (at + 8 <= bytes.length) {
    const id = bytes.toString('latin1', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ' && body + 16 <= bytes.length) {
      let format = bytes.readUInt16LE(body);
      // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
      if (format === 0xfffe && size >= 26) format = bytes.readUInt16LE(body + 24);
      fmt = { format, channels: bytes.readUInt16LE(body + 2), rate: bytes.readUInt32LE(body + 4), bits: bytes.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) break;
      const { format, channels, rate, bits } = fmt;
      const width = bits / 8;
      if (!channels || !rate || rate < 4000 || rate > 192000) throw new ConversionError(`the WAV says ${channels} channel(s) at ${rate} Hz`, 'invalid');
      const integer = format === 1 && [8, 16, 24, 32].includes(bits);
      const float = format === 3 && bits === 32;
      if (!integer && !float) throw new ConversionError(`WAV encoding ${format} at ${bits} bits is not PCM; export the recording as PCM WAV`, 'unsupported');
      const count = Math.floor(Math.min(size, bytes.length - body) / width);
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) {
        const p = body + i * width;
        const value = float
          ? bytes.readFloatLE(p) * 32767
          : bits === 8
            ? (bytes[p] - 128) << 8
            : bits === 16
              ? bytes.readInt16LE(p)
              : bits === 24
                ? bytes.readIntLE(p, 3) >> 8
                : bytes.readInt32LE(p) >> 16;
        samples[i] = Math.max(-32768, Math.min(32767, Math.round(value)));
      }
      return { rate, channels, samples };
    }
    at = body + size + (size % 2);
  }
  throw new ConversionError('the WAV has no fmt and data chunks', 'invalid');
}
