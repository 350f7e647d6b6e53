/**
 * Benchmark (7): an uploaded recording to a prompt WAV (engine/tts/convert.ts), as the upload route
 * does it: 10 s of espeak-ng speech at 44.1 kHz stereo, as a PCM WAV (converted in-process), an MP3
 * and an M4A (each decoded by a run of Debian's ffmpeg through a temporary file), against the cost
 * of starting any process on this machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toPromptWav } from '../engine/tts/convert.ts';
import { nowNs, type Section } from './harness.ts';
import { SPAWN_COLUMNS, spawnBaseline, timeSpawn } from './spawn-baseline.ts';
import type { BenchOptions } from './options.ts';

const SECONDS = 10;
const WORDS = 'Our winter opening hours start on Monday. Please call again between nine and five, or press one to leave a message.';

/** The same 10 s of speech as the three accepted formats. */
function recordings(dir: string): Record<'WAV' | 'MP3' | 'M4A', Buffer> {
  const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args]);
  execFileSync('espeak-ng', ['-v', 'en-us', '-w', join(dir, 'speech.wav'), WORDS]);
  const padded = ['-i', join(dir, 'speech.wav'), '-af', 'apad', '-t', String(SECONDS), '-ar', '44100', '-ac', '2'];
  ffmpeg(...padded, join(dir, 'upload.wav'));
  ffmpeg(...padded, '-c:a', 'libmp3lame', '-b:a', '128k', join(dir, 'upload.mp3'));
  ffmpeg(...padded, '-c:a', 'aac', '-b:a', '128k', join(dir, 'upload.m4a'));
  return { WAV: readFileSync(join(dir, 'upload.wav')), MP3: readFileSync(join(dir, 'upload.mp3')), M4A: readFileSync(join(dir, 'upload.m4a')) };
}

export async function uploadBench(options: BenchOptions): Promise<Section[]> {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-bench-upload-'));
  try {
    const files = recordings(dir);
    const rounds = options.quick ? 5 : 30;
    const samples = { spawn: [] as number[], WAV: [] as number[], MP3: [] as number[], M4A: [] as number[] };
    for (const format of ['WAV', 'MP3', 'M4A'] as const) await toPromptWav(files[format]); // first runs outside the timing
    for (let i = 0; i < rounds; i++) {
      samples.spawn.push(timeSpawn());
      for (const format of ['WAV', 'MP3', 'M4A'] as const) {
        const start = nowNs();
        await toPromptWav(files[format]);
        samples[format].push(nowNs() - start);
      }
    }
    const { baselineRow, row } = spawnBaseline(samples.spawn);
    const size = (format: 'WAV' | 'MP3' | 'M4A') => `${format} ${(files[format].length / 1024).toFixed(0)} KiB`;
    return [
      {
        title: `(7) an uploaded ${SECONDS} s recording (44.1 kHz stereo speech) to a 16 kHz mono prompt WAV`,
        columns: SPAWN_COLUMNS,
        baseline: 'starting /bin/true (the least a decoder run as a process costs), measured interleaved',
        notes: [`files: ${size('WAV')}, ${size('MP3')} (128 kb/s LAME), ${size('M4A')} (128 kb/s AAC, index after the audio)`],
        rows: [
          baselineRow,
          row('WAV: in-process mix + resample + RIFF', samples.WAV),
          row('MP3: ffmpeg (temporary file, decode, resample)', samples.MP3),
          row('M4A: ffmpeg (temporary file, decode, resample)', samples.M4A),
        ],
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
