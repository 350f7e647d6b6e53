/**
 * Compressed recordings made at run time, as a phone or laptop would make them: espeak-ng says the
 * words, ffmpeg encodes them at 44.1 kHz stereo as MP3, as M4A (AAC) with its index after the audio
 * (ffmpeg's default, and phones') and before it (`+faststart`), and as raw ADTS AAC; plus a silent
 * MP3 one second over the upload length limit. No audio binaries live in the repository.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wavFormat } from '../../engine/tts/wav.ts';

export interface CompressedRecordings {
  /** The length of the words as espeak-ng said them. */
  spokenMs: number;
  files: Record<'speech.mp3' | 'speech.m4a' | 'speech-faststart.m4a' | 'speech.aac' | 'long.mp3', Buffer>;
}

const ENCODINGS = {
  'speech.mp3': ['-c:a', 'libmp3lame', '-b:a', '128k'],
  'speech.m4a': ['-c:a', 'aac', '-b:a', '96k'],
  'speech-faststart.m4a': ['-c:a', 'aac', '-b:a', '96k', '-movflags', '+faststart'],
  'speech.aac': ['-c:a', 'aac', '-b:a', '96k', '-f', 'adts'],
} as const;

/** Makes the recordings in `dir` (which the caller removes). */
export function makeCompressedRecordings(dir: string, words = 'Our winter opening hours start on Monday, at nine in the morning.'): CompressedRecordings {
  const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args]);
  const speech = join(dir, 'speech.wav');
  execFileSync('espeak-ng', ['-v', 'en-us', '-w', speech, words]);
  const files: Partial<CompressedRecordings['files']> = {};
  for (const [name, codec] of Object.entries(ENCODINGS)) {
    ffmpeg('-i', speech, '-ar', '44100', '-ac', '2', ...codec, join(dir, name));
    files[name as keyof typeof ENCODINGS] = readFileSync(join(dir, name));
  }
  ffmpeg('-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', '301', '-c:a', 'libmp3lame', '-b:a', '8k', join(dir, 'long.mp3'));
  files['long.mp3'] = readFileSync(join(dir, 'long.mp3'));
  return { spokenMs: wavFormat(readFileSync(speech)).durationMs, files: files as CompressedRecordings['files'] };
}
