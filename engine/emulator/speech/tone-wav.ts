/**
 * The stand-in's "speech": it does not speak. Each character of the words becomes `msPerCharacter`
 * of a tone whose pitch follows the character (spaces are silence), each break its length of
 * silence, so the audio is deterministic, its length follows the text (about 60 ms a character, near
 * a neural voice's pace) and a test can tell two prompts apart. The output is what
 * `riff-16khz-16bit-mono-pcm` names (REST "Audio outputs"): RIFF WAV, PCM, 16 kHz, 16-bit, mono;
 * `raw-16khz-16bit-mono-pcm` is the same samples without the header. Audio is cut at 10 minutes
 * ("If … the resulting audio exceeds 10 minutes, it's truncated to 10 minutes", REST "Convert text
 * to speech", sample request).
 */
import type { Spoken } from './ssml.ts';

export const SAMPLE_RATE = 16_000;
export const MAX_AUDIO_MS = 10 * 60_000;

/** 16-bit samples for the spoken pieces. */
export function toneSamples(spoken: Spoken[], msPerCharacter: number): Int16Array {
  const perCharacter = Math.round((SAMPLE_RATE * msPerCharacter) / 1000);
  let length = 0;
  for (const piece of spoken) length += 'text' in piece ? [...piece.text].length * perCharacter : Math.round((SAMPLE_RATE * piece.pauseMs) / 1000);
  const samples = new Int16Array(Math.min(length, (SAMPLE_RATE * MAX_AUDIO_MS) / 1000));
  let at = 0;
  for (const piece of spoken) {
    if (!('text' in piece)) {
      at += Math.round((SAMPLE_RATE * piece.pauseMs) / 1000);
      continue;
    }
    for (const character of piece.text) {
      const code = character.codePointAt(0)!;
      if (!/\s/.test(character)) {
        const frequency = 220 + (code % 48) * 15;
        for (let i = 0; i < perCharacter && at + i < samples.length; i++) {
          // A short fade in and out keeps characters from clicking.
          const envelope = Math.min(1, i / 80, (perCharacter - i) / 80);
          samples[at + i] = Math.round(8000 * envelope * Math.sin((2 * Math.PI * frequency * i) / SAMPLE_RATE));
        }
      }
      at += perCharacter;
    }
  }
  return samples;
}

/** A RIFF WAV file (PCM, 16 kHz, 16-bit, mono) holding `samples`. */
export function riffWav(samples: Int16Array): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((sample, index) => data.writeInt16LE(sample, index * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
