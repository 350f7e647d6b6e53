/**
 * Uploaded recordings to what Graph plays (16 kHz, 16-bit, mono PCM WAV), in-process like
 * synthesized speech: PCM WAV of any rate, 8/16/24/32-bit integers or 32-bit floats, one or more
 * channels, is mixed to mono and resampled (resample.ts). MP3 and M4A are recognised by their
 * first bytes and refused with the command that converts them: decoding them needs a codec this
 * engine does not carry. Limits keep an upload from holding the process: size and length.
 */
import { resample, toMono } from './resample.ts';
import { writeWav } from './wav.ts';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_UPLOAD_SECONDS = 300;

export class ConversionError extends Error {
  constructor(
    message: string,
    readonly kind: 'unsupported' | 'invalid' | 'tooLarge',
  ) {
    super(message);
    this.name = 'ConversionError';
  }
}

/** The audio as a Graph prompt WAV; throws a ConversionError saying what to do instead. */
export function toPromptWav(bytes: Buffer): { wav: Buffer; durationMs: number } {
  if (bytes.length > MAX_UPLOAD_BYTES) throw new ConversionError(`the file is ${(bytes.length / 1048576).toFixed(1)} MiB; upload at most 20 MiB`, 'tooLarge');
  const format = sniff(bytes);
  if (format !== 'wav')
    throw new ConversionError(
      `${format === 'unknown' ? 'this is not a WAV, MP3 or M4A file' : `${format.toUpperCase()} cannot be decoded here`}; convert it to WAV first, e.g. ffmpeg -i in.${format === 'unknown' ? 'audio' : format} -ar 16000 -ac 1 out.wav`,
      'unsupported',
    );
  const { rate, channels, samples } = pcmOf(bytes);
  const seconds = samples.length / channels / rate;
  if (seconds > MAX_UPLOAD_SECONDS)
    throw new ConversionError(`the recording lasts ${Math.round(seconds)} s; prompts may last at most ${MAX_UPLOAD_SECONDS} s`, 'tooLarge');
  const mono = resample(toMono(samples, channels), rate, 16000);
  return { wav: writeWav({ sampleRate: 16000, channels: 1, samples: mono }), durationMs: Math.round((mono.length / 16000) * 1000) };
}

function sniff(bytes: Buffer): 'wav' | 'mp3' | 'm4a' | 'unknown' {
  const head = bytes.subarray(0, 12).toString('latin1');
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WAVE') return 'wav';
  if (head.startsWith('ID3') || (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0)) return 'mp3';
  if (head.slice(4, 8) === 'ftyp') return 'm4a';
  return 'unknown';
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
