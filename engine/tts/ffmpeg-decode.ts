/**
 * Compressed uploads (MP3, M4A/AAC) decoded by Debian's ffmpeg, run once per upload, straight to
 * what Graph plays: 16 kHz, 16-bit, mono PCM. No npm package decodes both without a binary
 * downloaded at install time (README, "Dependencies and why").
 *
 * The file goes through a private temporary file rather than stdin: an M4A whose index (the moov
 * box) comes after the audio, as phones and iTunes write them, cannot be read from a pipe. The
 * demuxer is named, never guessed, and only the `file` protocol is allowed, so an upload cannot
 * make ffmpeg open a playlist, a URL or another file. Output stops one second past the length
 * limit, so a long upload costs at most that much work before it is refused.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { AcceptedFormat } from './audio-format.ts';

export const FFMPEG_INSTALL = 'apt-get install -y --no-install-recommends ffmpeg';

/** ffmpeg's demuxer for each compressed format. */
const DEMUXER: Record<Exclude<AcceptedFormat, 'wav'>, string> = { mp3: 'mp3', m4a: 'mov', aac: 'aac' };

export interface FfmpegDecodeOptions {
  /** The program; `ffmpeg` on the PATH by default. */
  command?: string;
  timeoutMs?: number;
  /** Decoding stops once this much audio (plus one second) is out. */
  maxSeconds: number;
}

export type FfmpegOutcome = { ok: true; samples: Int16Array } | { ok: false; why: 'missing' | 'timeout' | 'undecodable'; detail: string };

const RATE = 16_000;
const DEFAULT_TIMEOUT_MS = 30_000;

/** Whether ffmpeg is on the PATH, for the line `callflow serve` prints at start. */
export function ffmpegInstalled(): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, 'ffmpeg'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export async function decodeWithFfmpeg(bytes: Buffer, format: Exclude<AcceptedFormat, 'wav'>, options: FfmpegDecodeOptions): Promise<FfmpegOutcome> {
  const dir = await mkdtemp(join(tmpdir(), 'callflow-upload-'));
  const input = join(dir, `upload.${format}`);
  try {
    await writeFile(input, bytes, { mode: 0o600 });
    const args = [
      ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-threads', '1'],
      ...['-protocol_whitelist', 'file', '-f', DEMUXER[format], '-i', `file:${input}`],
      ...['-vn', '-sn', '-dn', '-t', String(options.maxSeconds + 1)],
      ...['-f', 's16le', '-acodec', 'pcm_s16le', '-ac', '1', '-ar', String(RATE), 'pipe:1'],
    ];
    return await run(options.command ?? 'ffmpeg', args, input, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], input: string, timeoutMs: number): Promise<FfmpegOutcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let errors = '';
    let settled = false;
    const settle = (outcome: FfmpegOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle({ ok: false, why: 'timeout', detail: `decoding took longer than ${timeoutMs / 1000} s` });
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    // Only the last lines say why; keep the stream from growing without bound.
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString('utf8')).slice(-4096)));
    child.on('error', (error: NodeJS.ErrnoException) => settle({ ok: false, why: error.code === 'ENOENT' ? 'missing' : 'undecodable', detail: error.message }));
    child.on('close', (code) => {
      if (code !== 0) return settle({ ok: false, why: 'undecodable', detail: reason(errors, input) || `ffmpeg exited with ${code}` });
      const pcm = Buffer.concat(out);
      const samples = new Int16Array(pcm.length >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2);
      settle({ ok: true, samples });
    });
  });
}

/** ffmpeg's complaint in a sentence: its messages without the demuxer's address or the temporary path. */
function reason(stderr: string, input: string): string {
  const lines = stderr
    .split('\n')
    .map((line) =>
      line
        .replace(/^\[[^\]]* @ 0x[0-9a-f]+\] /, '')
        .replaceAll(`file:${input}`, 'the file')
        .trim(),
    )
    .filter((line) => line && !/^Last message repeated/.test(line));
  return [...new Set(lines)].slice(0, 2).join('; ');
}
