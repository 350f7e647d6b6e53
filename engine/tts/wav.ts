/**
 * RIFF WAV in and out, PCM only: what Graph plays (16 kHz, 16-bit, mono) and what espeak-ng writes
 * (22 050 Hz, 16-bit, mono). A header written to a pipe cannot know the length, so espeak-ng's
 * `--stdout` says 0x7ffffff0 bytes: the reader takes whatever data follows instead of trusting it.
 */

export interface PcmAudio {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Samples interleaved by channel, as signed 16-bit integers. */
  samples: Int16Array;
}

export interface WavFormat {
  audioFormat: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  dataBytes: number;
  durationMs: number;
}

/** The format of a RIFF WAV, its data length taken from the bytes present; throws when it is no WAV. */
export function wavFormat(bytes: Uint8Array): WavFormat {
  const { fmt, dataBytes } = chunks(bytes);
  const byteRate = fmt.sampleRate * fmt.channels * (fmt.bitsPerSample / 8);
  return { ...fmt, dataBytes, durationMs: byteRate > 0 ? Math.round((dataBytes / byteRate) * 1000) : 0 };
}

/** The 16-bit PCM samples of a WAV; throws for any other encoding. */
export function readWav(bytes: Uint8Array): PcmAudio {
  const { fmt, dataOffset, dataBytes } = chunks(bytes);
  if (fmt.audioFormat !== 1 || fmt.bitsPerSample !== 16) throw new Error(`not 16-bit PCM (format ${fmt.audioFormat}, ${fmt.bitsPerSample}-bit)`);
  const count = Math.floor(dataBytes / 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataOffset, count * 2);
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) samples[i] = view.getInt16(i * 2, true);
  return { sampleRate: fmt.sampleRate, channels: fmt.channels, bitsPerSample: 16, samples };
}

/** A canonical 44-byte-header RIFF WAV of 16-bit PCM samples. */
export function writeWav(audio: { sampleRate: number; channels: number; samples: Int16Array }): Buffer {
  const dataBytes = audio.samples.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(audio.channels, 22);
  out.writeUInt32LE(audio.sampleRate, 24);
  out.writeUInt32LE(audio.sampleRate * audio.channels * 2, 28);
  out.writeUInt16LE(audio.channels * 2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < audio.samples.length; i++) out.writeInt16LE(audio.samples[i], 44 + i * 2);
  return out;
}

function chunks(bytes: Uint8Array): { fmt: Omit<WavFormat, 'dataBytes' | 'durationMs'>; dataOffset: number; dataBytes: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF WAVE file');
  let fmt: Omit<WavFormat, 'dataBytes' | 'durationMs'> | undefined;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new Error('the fmt chunk is cut short');
      fmt = {
        audioFormat: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new Error('the data chunk comes before the fmt chunk');
      return { fmt, dataOffset: body, dataBytes: Math.min(size, bytes.length - body) };
    }
    at = body + size + (size % 2);
  }
  throw new Error(fmt ? 'no data chunk' : 'no fmt chunk');
}
